// Training runs (DOMAIN.md section 7): register a run, read it, list runs, ask eligibility under a
// run, and a member's exposure: the runs whose pinned answer let them use the member's data.
import { createHash, randomBytes } from 'node:crypto';
import { isKnownPurpose } from '../domain/policy.ts';
import {
  decodeRunCursor,
  encodeRunCursor,
  runIdFor,
  runQuestion,
  secondsUntilSettled,
  type TrainingRun,
} from '../domain/training-runs.ts';
import type { Deps } from './deps.ts';
import {
  checkEligibility,
  checkEligibilityBatch,
  checkEligibilityOf,
  SETTLING_WINDOW_MS,
  type EligibilityAnswer,
} from './eligibility.ts';
import { ConflictError, IdempotencyKeyReusedError, InvalidInputError, NotFoundError, NotSettledError } from './errors.ts';
import type { RunCatalog } from './run-catalog.ts';
import type { RunStore } from './ports/run-store.ts';

export interface RunDeps extends Deps {
  runStore: RunStore;
  runs: RunCatalog;
}

export const RUN_PAGE_MAX = 1000;
export const RUN_PAGE_DEFAULT = 100;
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** Runs read per store query while walking them for exposure. */

export interface RegisterRun {
  purpose: string;
  snapshotAt: Date;
  name: string;
  model?: string | undefined;
  dataset?: string | undefined;
  registeredBy: string;
  idempotencyKey?: string | undefined;
}

function requestHash(command: RegisterRun): string {
  const fields = [command.purpose, command.snapshotAt.toISOString(), command.name, command.model ?? null, command.dataset ?? null];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

/** Records a run pinned now; a replay with the same Idempotency-Key answers the run it recorded. */
export async function registerRun(deps: RunDeps, command: RegisterRun): Promise<{ run: TrainingRun; replayed: boolean }> {
  const now = deps.clock.now();
  if (command.snapshotAt.getTime() > now.getTime()) {
    throw new InvalidInputError('body.snapshotAt', 'not_in_future', 'must not be later than the request: a run reads data that exists already');
  }
  if (!isKnownPurpose(await deps.policies.all(), command.purpose)) {
    throw new NotFoundError(`purpose ${command.purpose} is not defined by any policy version`);
  }
  const run: TrainingRun = {
    runId: runIdFor(now, randomBytes(8)),
    purpose: command.purpose,
    snapshotAt: command.snapshotAt.toISOString(),
    pinnedAt: now.toISOString(),
    name: command.name,
    model: command.model ?? null,
    dataset: command.dataset ?? null,
    registeredBy: command.registeredBy,
  };
  const mark =
    command.idempotencyKey === undefined
      ? undefined
      : {
          scope: createHash('sha256').update(`${command.registeredBy}\n${command.idempotencyKey}`).digest('base64url'),
          requestHash: requestHash(command),
          runId: run.runId,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
        };
  const outcome = await deps.runStore.putRun(run, mark);
  if (outcome.outcome === 'created') {
    deps.runs.remember(run);
    return { run, replayed: false };
  }
  if (outcome.mark.requestHash !== mark?.requestHash) throw new IdempotencyKeyReusedError('idempotency key reused');
  const first = await deps.runs.get(outcome.mark.runId);
  if (!first) throw new Error(`run ${outcome.mark.runId} of a used key is missing`);
  return { run: first, replayed: true };
}

export async function getRun(deps: RunDeps, runId: string): Promise<TrainingRun> {
  const run = await deps.runs.get(runId);
  if (!run) throw new NotFoundError(`no training run ${runId}`);
  return run;
}

function afterCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const runId = decodeRunCursor(cursor);
  if (runId === undefined) throw new InvalidInputError('query.cursor', 'cursor', 'must be the `next` value of an earlier page');
  return runId;
}

export async function listRuns(
  deps: RunDeps,
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<{ items: TrainingRun[]; next?: string }> {
  const { runs, lastRunId } = await deps.runStore.listRuns({ limit: page.limit ?? RUN_PAGE_DEFAULT, afterRunId: afterCursor(page.cursor) });
  return { items: runs, ...(lastRunId === undefined ? {} : { next: encodeRunCursor(lastRunId) }) };
}

/**
 * The run a question names, checked: known (404), of this purpose (409), settled (503 with the
 * seconds to wait: until then a fact recorded just before the pin might still land).
 */
async function settledRun(deps: RunDeps, purpose: string, runId: string): Promise<TrainingRun> {
  const run = await getRun(deps, runId);
  if (run.purpose !== purpose) throw new ConflictError(`training run ${runId} is for purpose ${run.purpose}, not ${purpose}`);
  const wait = secondsUntilSettled(run.pinnedAt, deps.clock.now(), SETTLING_WINDOW_MS);
  if (wait > 0) {
    throw new NotSettledError(`training run ${runId} was pinned moments ago; its answers are final in ${wait} s: ask again then`, wait);
  }
  return run;
}

export async function checkEligibilityForRun(deps: RunDeps, purpose: string, memberId: string, runId: string): Promise<EligibilityAnswer & { runId: string }> {
  const run = await settledRun(deps, purpose, runId);
  return { ...(await checkEligibility(deps, purpose, memberId, runQuestion(run))), runId };
}

export async function checkEligibilityBatchForRun(deps: RunDeps, purpose: string, memberIds: readonly string[], runId: string) {
  const run = await settledRun(deps, purpose, runId);
  return { ...(await checkEligibilityBatch(deps, purpose, memberIds, runQuestion(run))), runId };
}

export type Exposure = Pick<TrainingRun, 'runId' | 'purpose' | 'name' | 'model' | 'dataset' | 'snapshotAt' | 'pinnedAt'>;

/**
 * The settled runs (of `purpose`, when given) whose pinned answer for the member was eligible,
 * newest first, derived by replaying each run's question: nothing is stored per member per run.
 * A run still settling is left out until its answer is final.
 */
export async function memberExposure(
  deps: RunDeps,
  memberId: string,
  options: { purpose?: string | undefined; limit?: number | undefined; cursor?: string | undefined },
): Promise<{ items: Exposure[]; next?: string }> {
  const limit = options.limit ?? RUN_PAGE_DEFAULT;
  const after = afterCursor(options.cursor);
  const hot = await deps.store.getMember(memberId, { consistent: false });
  if (!hot) throw new NotFoundError(`no member ${memberId}`);
  const now = deps.clock.now();
  // The container's run list (newest first), not the table: one member read per call.
  const runs = await deps.runs.all(now);
  const start = after === undefined ? 0 : runs.findIndex((run) => run.runId < after);
  const items: Exposure[] = [];
  for (let index = start; index >= 0 && index < runs.length; index++) {
    const run = runs[index]!;
    if (options.purpose !== undefined && run.purpose !== options.purpose) continue;
    if (secondsUntilSettled(run.pinnedAt, now, SETTLING_WINDOW_MS) > 0) continue;
    const answer = await checkEligibilityOf(deps, run.purpose, memberId, hot, runQuestion(run));
    if (!answer.eligible) continue;
    const { runId, purpose, name, model, dataset, snapshotAt, pinnedAt } = run;
    items.push({ runId, purpose, name, model, dataset, snapshotAt, pinnedAt });
    if (items.length === limit) {
      const more = index < runs.length - 1;
      return { items, ...(more ? { next: encodeRunCursor(runId) } : {}) };
    }
  }
  return { items };
}
