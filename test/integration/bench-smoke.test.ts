// Keeps the benchmark from rotting: every scenario at a tiny size, on a stack of its own. No
// timing is asserted; only that each scenario runs and reports its figures.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { loadPopulation } from '../../bench/population.ts';
import { runBench } from '../../bench/run.ts';
import { ensureTable } from '../../infra/local/dynamodb.ts';
import { HANDLERS } from '../../infra/functions.ts';

describe('npm run bench, tiny', () => {
  it('runs every scenario and reports every figure', async () => {
    const { results, markdown } = await runBench({
      members: 300,
      sesRate: 500,
      batchCalls: 1,
      singleRequests: 50,
      updates: 10,
      heavyChoices: 300,
      heavyLatencyRounds: 10,
      coldStartRuns: 1,
      trainingRuns: 1000,
      eventWrites: 30,
      receiptWrites: 20,
      log: () => undefined,
    });
    expect(results.batch.snapshot.answers).toBe(300);
    expect(results.batch.snapshot.batchGetsPer1000).toBeGreaterThan(0);
    expect(results.single.api.p50).toBeGreaterThan(0);
    expect(results.updates.contention.failures).toBe(0);
    // The heavy member: every write landed, compaction ran and kept the hot item small, and an
    // answer about now reads the hot item alone; an older one at most one archive item more.
    expect(results.heavy.failures).toBe(0);
    expect(results.heavy.heavy.archiveItems).toBeGreaterThan(0);
    expect(results.heavy.heavy.hotBytes).toBeLessThan(2048);
    expect(results.heavy.fresh.archiveItems).toBe(0);
    expect(results.heavy.answers.heavyNow).toMatchObject({ getItems: 1, queries: 0 });
    expect(results.heavy.answers.heavyOld).toMatchObject({ getItems: 1, queries: 1 });
    expect(results.heavy.answers.freshOld).toMatchObject({ getItems: 1, queries: 0 });
    expect(results.heavy.heavy.writeUnitsBilledPerWrite).toBeGreaterThan(0);
    expect(results.heavy.ratioP50Now).toBeGreaterThan(0);
    expect(results.heavy.ratioP50Old).toBeGreaterThan(0);
    for (const figure of ['hot item bytes', 'archive items', 'WCU per plain write', 'WCU per write over all', 'p50 ms, `at` = now', 'p50 ms, `at` = just after']) {
      expect(markdown).toContain(figure);
    }
    // Training runs: the batch under a run answers what the same question spelled out answers, in
    // batched reads; exposure reads the member once and lists every run (all 1,000 settled).
    const runs = results.trainingRuns;
    expect(runs.sameAnswers).toBe(true);
    expect(runs.withRunId.answers).toBe(300);
    expect(runs.withRunId.batchGetsPer1000).toBeGreaterThan(0);
    expect(runs.withAtKnownAt.batchGetsPer1000).toBeGreaterThan(0);
    expect(runs.exposure.getItems).toBe(1);
    // The run list comes from the container's cache (loaded by the warm-up call), not the table.
    expect(runs.exposure.queries).toBe(0);
    for (const figure of ['BatchGetItem requests per 1,000 answers, `runId` / `at` = snapshotAt', 'all DynamoDB requests per 1,000, `runId`', 'RRU per answer, `runId`', 'the same answers both ways', 'exposure of one member with 1000 runs', 'exposure: RRU per call']) {
      expect(markdown).toContain(figure);
    }
    // Change events: each write's event arrived once; SNS and the publisher were counted.
    expect(results.events.eventsMatched).toBe(30);
    expect(results.events.duplicates).toBe(0);
    expect(results.events.snsRequestsPer1000).toBeGreaterThan(0);
    expect(results.events.publishInvocationsPer1000).toBeGreaterThan(0);
    // Receipts: every one verifies, a replay's is the first's, and signing asks nothing of KMS per write.
    expect(results.receipts.invalidReceipts).toBe(0);
    expect(results.receipts.replayIdentical).toBe(true);
    expect(results.receipts.kmsRequestsPerWrite).toBe(0);
    expect(results.receipts.sign.p50Us).toBeGreaterThan(0);
    expect(results.receipts.markBytes).toBeGreaterThan(0);
    for (const figure of ['receipts that verify against', 'DynamoDB / KMS requests per plain choice write', 'sign() alone', 'answer bytes with the receipt', 'the Idempotency-Key mark with its answer and receipt']) {
      expect(markdown).toContain(figure);
    }
    expect(results.notices.notices).toBeGreaterThan(0);
    expect(results.notices.failed).toBe(0);
    expect(results.cold.rows).toHaveLength(HANDLERS.length);
    expect(results.cost.batchAnswers).toBeGreaterThan(0);
    for (const scenario of ['batch eligibility', 'single eligibility', 'choice update', 'receipts', 'heavy member', 'training runs', 'change events', 'notice fan-out', 'cold start', 'cost']) {
      expect(markdown).toContain(`| ${scenario} |`);
    }
  }, 300_000);
});

describe('loading the population', () => {
  it('reports progress that ends at the number of members, never past it', async () => {
    const endpoint = inject('dynamoDbEndpoint');
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const tableName = `bench-progress-${process.pid}`;
    await ensureTable(client, tableName);
    const seen: number[] = [];
    await loadPopulation({ dynamoDbEndpoint: endpoint, tableName, members: 260 }, (done) => seen.push(done));
    client.destroy();
    expect(Math.max(...seen)).toBe(260);
    expect(seen.at(-1)).toBe(260);
  }, 60_000);
});
