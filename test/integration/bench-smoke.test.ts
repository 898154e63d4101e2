// Keeps the benchmark from rotting: every scenario at a tiny size, on a stack of its own. No
// timing is asserted; only that each scenario runs and reports its figures.
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';
import { HANDLERS } from '../../infra/bundling.ts';

describe('npm run bench, tiny', () => {
  it('runs every scenario and reports every figure', async () => {
    const { results, markdown } = await runBench({
      members: 300,
      sesRate: 500,
      batchCalls: 1,
      singleRequests: 50,
      updates: 10,
      coldStartRuns: 1,
      log: () => undefined,
    });
    expect(results.batch.snapshot.answers).toBe(300);
    expect(results.batch.snapshot.batchGetsPer1000).toBeGreaterThan(0);
    expect(results.single.api.p50).toBeGreaterThan(0);
    expect(results.updates.contention.failures).toBe(0);
    expect(results.notices.notices).toBeGreaterThan(0);
    expect(results.notices.failed).toBe(0);
    expect(results.cold.rows).toHaveLength(HANDLERS.length);
    expect(results.cost.batchAnswers).toBeGreaterThan(0);
    for (const scenario of ['batch eligibility', 'single eligibility', 'choice update', 'notice fan-out', 'cold start', 'cost']) {
      expect(markdown).toContain(`| ${scenario} |`);
    }
  }, 240_000);
});
