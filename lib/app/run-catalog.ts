import type { TrainingRun } from '../domain/training-runs.ts';
import type { RunStore } from './ports/run-store.ts';

/**
 * Runs a container has seen, kept like the policy list so a pipeline's many batches under one run
 * cost no extra read. Runs are immutable, so a kept run never goes stale; a run missing here
 * (registered through another container) is read from the table before anyone is told it is unknown.
 */
export class RunCatalog {
  private readonly store: RunStore;
  private readonly capacity: number;
  private readonly runs = new Map<string, TrainingRun>();

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

  remember(run: TrainingRun): void {
    if (this.runs.size >= this.capacity) {
      const oldest = this.runs.keys().next();
      if (!oldest.done) this.runs.delete(oldest.value);
    }
    this.runs.set(run.runId, run);
  }
}
