// RunStore in memory, with the same answers as lib/adapters/dynamo/run-store.ts.
import type { TrainingRun } from '../../lib/domain/training-runs.ts';
import type { RunKeyMark, RunPage, RunPutOutcome, RunStore } from '../../lib/app/ports/run-store.ts';

export class InMemoryRunStore implements RunStore {
  readonly runs = new Map<string, TrainingRun>();
  readonly marks = new Map<string, RunKeyMark>();
  reads = 0;

  async putRun(run: TrainingRun, mark?: RunKeyMark): Promise<RunPutOutcome> {
    if (mark) {
      const used = this.marks.get(mark.scope);
      if (used && used.expiresAt >= run.pinnedAt) return { outcome: 'key_used', mark: used };
      this.marks.set(mark.scope, mark);
    }
    if (this.runs.has(run.runId)) throw new Error(`run ${run.runId} exists`);
    this.runs.set(run.runId, structuredClone(run));
    return { outcome: 'created' };
  }

  async getRun(runId: string): Promise<TrainingRun | undefined> {
    this.reads += 1;
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }

  async listRuns(options: { limit: number; afterRunId?: string | undefined }): Promise<RunPage> {
    const ids = [...this.runs.keys()].sort().reverse().filter((id) => options.afterRunId === undefined || id < options.afterRunId);
    const runs = ids.slice(0, options.limit).map((id) => structuredClone(this.runs.get(id)!));
    return { runs, ...(ids.length > options.limit ? { lastRunId: runs[runs.length - 1]!.runId } : {}) };
  }
}
