// Training runs on in-memory ports: the pinned question, its settling, the cache, exposure, and
// the runs the settings page and the dashboard list.
import { describe, expect, it } from 'vitest';
import { ConflictError, IdempotencyKeyReusedError, InvalidInputError, NotFoundError, NotSettledError } from '../../lib/app/errors.ts';
import { SETTLING_WINDOW_MS } from '../../lib/app/eligibility.ts';
import { RunCatalog } from '../../lib/app/run-catalog.ts';
import { setChoice } from '../../lib/app/consents.ts';
import { DASHBOARD_RUNS, recentRuns } from '../../lib/app/dashboard.ts';
import { loadSettings, SETTINGS_EXPOSURE } from '../../lib/app/settings.ts';
import {
  checkEligibilityBatchForRun,
  checkEligibilityForRun,
  getRun,
  listRuns,
  memberExposure,
  registerRun,
  type RunDeps,
} from '../../lib/app/training-runs.ts';
import { decodeRunCursor, encodeRunCursor, RUN_ID_PATTERN, runIdFor, secondsUntilSettled } from '../../lib/domain/training-runs.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { addMember, inMemoryDeps, PURPOSE } from '../support/builders.ts';
import { InMemoryRunStore } from '../support/in-memory-run-store.ts';

async function harness() {
  const base = await inMemoryDeps();
  const runStore = new InMemoryRunStore();
  const deps: RunDeps & ChoiceDeps = { ...base.deps, runStore, runs: new RunCatalog(runStore) };
  return { ...base, deps, runStore };
}

const register = (deps: RunDeps, overrides: Partial<Parameters<typeof registerRun>[1]> = {}) =>
  registerRun(deps, { purpose: PURPOSE, snapshotAt: deps.clock.now(), name: 'run', registeredBy: 'pipeline', ...overrides });

const choose = (deps: ChoiceDeps, memberId: string, choice: 'granted' | 'denied') =>
  setChoice(deps, { memberId, purpose: PURPOSE, choice, source: 'api', actor: memberId, requestId: `${memberId}-${choice}-${deps.clock.now().getTime()}` });

describe('run ids and cursors', () => {
  it('sort by pin time and round-trip through cursors', () => {
    const early = runIdFor(new Date('2026-01-01T00:00:00.000Z'), new Uint8Array(8).fill(255));
    const late = runIdFor(new Date('2026-01-01T00:00:00.001Z'), new Uint8Array(8));
    expect(early).toMatch(RUN_ID_PATTERN);
    expect(early < late).toBe(true);
    expect(decodeRunCursor(encodeRunCursor(late))).toBe(late);
    for (const bad of ['', 'x', encodeRunCursor('run-bad'), Buffer.from('["run",1]').toString('base64url'), '!!!']) {
      expect(decodeRunCursor(bad), bad).toBeUndefined();
    }
  });

  it('counts the seconds until a pin has settled, rounded up, 0 once settled', () => {
    const now = new Date('2026-01-01T00:00:10.000Z');
    expect(secondsUntilSettled('2026-01-01T00:00:10.000Z', now, 6_500)).toBe(7);
    expect(secondsUntilSettled('2026-01-01T00:00:03.600Z', now, 6_500)).toBe(1);
    expect(secondsUntilSettled('2026-01-01T00:00:03.500Z', now, 6_500)).toBe(0);
  });
});

describe('registerRun', () => {
  it('pins the recording time, with null model and dataset when absent', async () => {
    const { deps } = await harness();
    const snapshotAt = new Date(deps.clock.now().getTime() - 3_600_000);
    const { run } = await register(deps, { snapshotAt, model: 'm-1' });
    expect(run).toMatchObject({ purpose: PURPOSE, snapshotAt: snapshotAt.toISOString(), pinnedAt: deps.clock.now().toISOString(), model: 'm-1', dataset: null, registeredBy: 'pipeline' });
    expect(await getRun(deps, run.runId)).toEqual(run);
  });

  it('refuses a snapshot after the request and an unknown purpose', async () => {
    const { deps } = await harness();
    await expect(register(deps, { snapshotAt: new Date(deps.clock.now().getTime() + 1) })).rejects.toMatchObject({ field: 'body.snapshotAt', rule: 'not_in_future' });
    await expect(register(deps, { purpose: 'nothing' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers a replayed Idempotency-Key with the first run; another body with that key is refused', async () => {
    const { deps, runStore, clock } = await harness();
    const first = await register(deps, { idempotencyKey: 'k1' });
    clock.advance(1_000);
    const again = await register(deps, { idempotencyKey: 'k1', snapshotAt: new Date(first.run.snapshotAt) });
    expect(again).toEqual({ run: first.run, replayed: true });
    expect(runStore.runs.size).toBe(1);
    await expect(register(deps, { idempotencyKey: 'k1', name: 'other', snapshotAt: new Date(first.run.snapshotAt) })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // Another caller's same key is another key.
    expect((await register(deps, { idempotencyKey: 'k1', registeredBy: 'other-pipeline' })).replayed).toBe(false);
  });
});

describe('listRuns', () => {
  it('pages newest first, next absent on the last page; refuses a foreign cursor', async () => {
    const { deps, clock } = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await register(deps)).run.runId);
      clock.advance(1);
    }
    const first = await listRuns(deps, { limit: 2 });
    expect(first.items.map((run) => run.runId)).toEqual([ids[4], ids[3]]);
    const second = await listRuns(deps, { limit: 3, cursor: first.next });
    expect(second.items.map((run) => run.runId)).toEqual([ids[2], ids[1], ids[0]]);
    expect(second.next).toBeUndefined();
    await expect(listRuns(deps, { cursor: 'bogus' })).rejects.toMatchObject({ field: 'query.cursor', rule: 'cursor' });
    await expect(listRuns(deps, { cursor: 'bogus' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('eligibility under a run', () => {
  it('answers as of snapshotAt, known at pinnedAt, whatever is recorded later', async () => {
    const { deps, clock } = await harness();
    await addMember(deps, 'm1');
    await choose(deps, 'm1', 'granted');
    clock.advance(1_000);
    const { run } = await register(deps);
    clock.advance(1_000);
    await choose(deps, 'm1', 'denied');

    await expect(checkEligibilityForRun(deps, PURPOSE, 'm1', run.runId)).rejects.toBeInstanceOf(NotSettledError);
    clock.advance(SETTLING_WINDOW_MS);
    const answer = await checkEligibilityForRun(deps, PURPOSE, 'm1', run.runId);
    expect(answer).toMatchObject({ eligible: true, runId: run.runId, at: run.snapshotAt, knownAt: run.pinnedAt, settled: true });
    const batch = await checkEligibilityBatchForRun(deps, PURPOSE, ['m1'], run.runId);
    expect(batch).toMatchObject({ runId: run.runId, results: [{ memberId: 'm1', eligible: true }] });
  });

  it('says how long to wait, refuses another purpose\'s run and an unknown one', async () => {
    const { deps, clock } = await harness();
    const { run } = await register(deps);
    clock.advance(1_000);
    const error = await checkEligibilityForRun(deps, PURPOSE, 'm1', run.runId).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ retryAfterSeconds: Math.ceil((SETTLING_WINDOW_MS - 1_000) / 1000) });
    await expect(checkEligibilityForRun(deps, 'other-purpose', 'm1', run.runId)).rejects.toBeInstanceOf(ConflictError);
    await expect(checkEligibilityForRun(deps, PURPOSE, 'm1', 'run-none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads a run registered by another container from the table, then keeps it', async () => {
    const { deps, runStore, clock } = await harness();
    const elsewhere: RunDeps = { ...deps, runs: new RunCatalog(runStore) };
    const { run } = await register(elsewhere);
    clock.advance(SETTLING_WINDOW_MS);
    const before = runStore.reads;
    await checkEligibilityForRun(deps, PURPOSE, 'm1', run.runId);
    await checkEligibilityForRun(deps, PURPOSE, 'm1', run.runId);
    expect(runStore.reads - before).toBe(1);
  });
});

describe('memberExposure', () => {
  it('lists the settled runs whose pinned answer was eligible, newest first, by purpose', async () => {
    const { deps, clock } = await harness();
    await addMember(deps, 'm1');
    await choose(deps, 'm1', 'denied');
    clock.advance(1_000);
    const whileDenied = (await register(deps, { name: 'while denied' })).run;
    clock.advance(1_000);
    await choose(deps, 'm1', 'granted');
    clock.advance(1_000);
    const allowed = (await register(deps, { name: 'allowed', dataset: 'd' })).run;
    clock.advance(1_000);
    await choose(deps, 'm1', 'denied');
    clock.advance(1_000);
    const afterOptOut = (await register(deps, { name: 'after opt-out' })).run;

    // No pin has settled yet (all within the window): none is listed until its answer is final.
    expect((await memberExposure(deps, 'm1', {})).items).toEqual([]);
    clock.advance(SETTLING_WINDOW_MS);
    const exposure = await memberExposure(deps, 'm1', {});
    // The run pinned while the member had opted in stays, though they opted out since.
    expect(exposure.items).toEqual([{ runId: allowed.runId, purpose: PURPOSE, name: 'allowed', model: null, dataset: 'd', snapshotAt: allowed.snapshotAt, pinnedAt: allowed.pinnedAt }]);
    expect(exposure.next).toBeUndefined();
    expect((await memberExposure(deps, 'm1', { purpose: 'other' })).items).toEqual([]);
    expect(whileDenied.runId < allowed.runId && allowed.runId < afterOptOut.runId).toBe(true);
    await expect(memberExposure(deps, 'nobody', {})).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages with a cursor', async () => {
    const { deps, clock } = await harness();
    await addMember(deps, 'm1');
    await choose(deps, 'm1', 'granted');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      clock.advance(10);
      ids.push((await register(deps)).run.runId);
    }
    clock.advance(SETTLING_WINDOW_MS);
    const first = await memberExposure(deps, 'm1', { limit: 2 });
    expect(first.items.map((item) => item.runId)).toEqual([ids[2], ids[1]]);
    const second = await memberExposure(deps, 'm1', { limit: 2, cursor: first.next });
    expect(second).toEqual({ items: [expect.objectContaining({ runId: ids[0] })] });
  });
});

describe('the pages: the settings page and the dashboard', () => {
  it('the settings page lists, per purpose, the settled runs that used the member, at most SETTINGS_EXPOSURE, and whether more exist', async () => {
    const { deps, clock } = await harness();
    await addMember(deps, 'm1');
    await choose(deps, 'm1', 'granted');
    const visit = { memberId: 'm1', gpcSignal: false, requestId: 'r' };
    expect((await loadSettings(deps, visit)).purposes.map((entry) => entry.exposure)).toEqual([{ items: [], more: false }]);
    const names: string[] = [];
    for (let i = 0; i <= SETTINGS_EXPOSURE; i += 1) {
      clock.advance(10);
      names.push((await register(deps, { name: `run ${i}` })).run.name);
    }
    // Still settling: not listed yet.
    expect((await loadSettings(deps, visit)).purposes[0]!.exposure).toEqual({ items: [], more: false });
    clock.advance(SETTLING_WINDOW_MS);
    const { exposure } = (await loadSettings(deps, visit)).purposes[0]!;
    expect(exposure.more).toBe(true);
    expect(exposure.items.map((item) => item.name)).toEqual(names.toReversed().slice(0, SETTINGS_EXPOSURE));
  });

  it('the dashboard lists the newest runs, DASHBOARD_RUNS at most, settled or not', async () => {
    const { deps, clock } = await harness();
    expect(await recentRuns(deps)).toEqual({ items: [], more: false });
    const ids: string[] = [];
    for (let i = 0; i <= DASHBOARD_RUNS; i += 1) {
      clock.advance(10);
      ids.push((await register(deps, { name: `run ${i}` })).run.runId);
    }
    const runs = await recentRuns(deps);
    expect(runs.more).toBe(true);
    expect(runs.items.map((run) => run.runId)).toEqual(ids.toReversed().slice(0, DASHBOARD_RUNS));
  });
});
