// The training runs' storage seam; lib/adapters/dynamo/run-store.ts implements it.
import type { TrainingRun } from '../../domain/training-runs.ts';

/** An Idempotency-Key used to register a run: written in one atomic write with the run. */
export interface RunKeyMark {
  /** The caller and key, hashed: one caller's key never collides with another's. */
  scope: string;
  requestHash: string;
  runId: string;
  expiresAt: string;
}

export type RunPutOutcome = { outcome: 'created' } | { outcome: 'key_used'; mark: RunKeyMark };

export interface RunPage {
  /** Newest first. */
  runs: TrainingRun[];
  /** The id of the last run shown when more follow; undefined on the last page. */
  lastRunId?: string | undefined;
}

export interface RunStore {
  /** Records the run, with the key's mark when given: both, or (the key in use) neither. */
  putRun(run: TrainingRun, mark?: RunKeyMark): Promise<RunPutOutcome>;
  getRun(runId: string): Promise<TrainingRun | undefined>;
  /** Up to `limit` runs, newest first, starting after `afterRunId`. */
  listRuns(options: { limit: number; afterRunId?: string | undefined }): Promise<RunPage>;
}
