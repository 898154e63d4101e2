import { POLICY_CACHE_LIFETIME_MS } from '../domain/policy.ts';
import type { TrainingRun } from '../domain/training-runs.ts';
import type { RunStore } from './ports/run-store.ts';

/** Runs read a page at a time when the whole list is loaded. */
const LIST_PAGE = 1_000;

/**
 * Runs a container has seen, kept like the policy list so a pipeline's many batches under one run
 * cost no extra read. Runs are immutable, so a kept run never goes stale; a run missing here
 * (registered through another container) is read from the table before anyone is told it is unknown.
 */
export class RunCatalog {
  private readonly store: RunStore;
  private readonly capacity: number;
  private readonly runs = new Map<string, TrainingRun>();
  private list: { runs: TrainingRun[]; loadedAt: number } | undefined;

  constructor(store: RunStore, capacity = 10_000) {
    this.store = store;
    this.capacity = capacity;
  }

  async get(runId: string): Promise<TrainingRun | undefined> {
    const kept = this.runs.get(runId);
    if (kept) return kept;
    const stored = await this.store.getRun(runId);
    if (stored) this.remember(stored);
    return stored;
  }

  /**
   * Every run, newest first, kept as long as the policy list: a run pinned more than the settling
   * window ago (write deadline plus this lifetime) is always in a list loaded since, so exposure,
   * which leaves out runs still settling, reads the table once per lifetime, not on every call.
   */
  async all(now: Date): Promise<TrainingRun[]> {
    if (this.list === undefined || now.getTime() - this.list.loadedAt >= POLICY_CACHE_LIFETIME_MS) {
      const runs: TrainingRun[] = [];
      let after: string | undefined;
      do {
        const page = await this.store.listRuns({ limit: LIST_PAGE, afterRunId: after });
        runs.push(...page.runs);
        after = page.lastRunId;
      } while (after !== undefined);
      this.list = { runs, loadedAt: now.getTime() };
    }
    return this.list.runs;
  }

  remember(run: TrainingRun): void {
    if (this.runs.size >= this.capacity) {
      const oldest = this.runs.keys().next();
      if (!oldest.done) this.runs.delete(oldest.value);
    }
    this.runs.set(run.runId, run);
  }
}
