// Training runs on the stack (DOMAIN.md section 7): register, read, list; eligibility under a run
// is pinned (a member who opts out after the pin still answers eligible for it); a run still
// settling answers 503 with Retry-After; exposure lists the runs that could use a member's data.
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { SETTLING_WINDOW_MS } from '../../lib/app/eligibility.ts';
import { adminToken, call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RUNS = '/v1/training-runs';

let pipeline: string;
const memberId = uniqueMemberId('runs');
/** A purpose of its own, defined by a version that takes effect far in the future. */
const otherPurpose = `runs-other-${Date.now().toString(36)}`;
let pinned: any;

async function register(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call('POST', RUNS, { token: pipeline, body, headers });
}

beforeAll(async () => {
  pipeline = await pipelineToken();
  await createMember(memberId, { country: 'US' });
  const own = await memberToken(memberId);
  expect((await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token: own, body: { choice: 'granted' } })).status).toBe(200);
  const base = REFERENCE_POLICIES[0]!;
  const effectiveAt = new Date(Date.now() + 10 * 365 * 86_400_000).toISOString();
  const policy = await call('PUT', `/v1/policies/${otherPurpose}`, {
    token: await adminToken(),
    body: { announcedAt: effectiveAt, effectiveAt, purposes: { [otherPurpose]: base.purposes[PURPOSE] } },
  });
  expect(policy.status, policy.text).toBe(201);
  await pause(20);
  const response = await register({ purpose: PURPOSE, snapshotAt: new Date().toISOString(), name: 'pinned run', model: 'model-7' });
  expect(response.status, response.text).toBe(201);
  pinned = response.body;
  await pause(20);
  // The member opts out after the run was pinned: the run's answers must not change.
  expect((await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token: own, body: { choice: 'denied' } })).status).toBe(200);
}, 90_000);

describe('registering and reading runs', () => {
  it('answers 201 with the run, pinned at the recording time; GET by id answers the same', async () => {
    const before = Date.now();
    const snapshotAt = new Date(before - 60_000).toISOString();
    const response = await register({ purpose: PURPOSE, snapshotAt, name: 'nightly', dataset: 'ds-1' });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ purpose: PURPOSE, snapshotAt, name: 'nightly', model: null, dataset: 'ds-1', registeredBy: 'training-pipeline' });
    expect(Date.parse(response.body.pinnedAt)).toBeGreaterThanOrEqual(before - 1_000);
    const read = await call('GET', `${RUNS}/${response.body.runId}`, { token: pipeline });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);
    expect((await call('GET', `${RUNS}/${response.body.runId}`, { token: await adminToken() })).body).toEqual(response.body);
  });

  it('refuses a snapshot after the request, long strings and unknown fields (400), an unknown purpose (404)', async () => {
    const future = await register({ purpose: PURPOSE, snapshotAt: new Date(Date.now() + 60_000).toISOString(), name: 'n' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toMatchObject({ field: 'body.snapshotAt', rule: 'not_in_future' });
    const long = await register({ purpose: PURPOSE, snapshotAt: '2025-01-01T00:00:00Z', name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ field: 'body.name' });
    expect((await register({ purpose: PURPOSE, snapshotAt: '2025-01-01T00:00:00Z', name: 'n', extra: 1 })).status).toBe(400);
    expect((await register({ purpose: 'no-such-purpose', snapshotAt: '2025-01-01T00:00:00Z', name: 'n' })).status).toBe(404);
    expect((await call('GET', `${RUNS}/run-never`, { token: pipeline })).status).toBe(404);
  });

  it('answers a replayed Idempotency-Key exactly as the first time; the key with another body is 422', async () => {
    const key = { 'idempotency-key': `run-key-${memberId}` };
    const body = { purpose: PURPOSE, snapshotAt: '2025-06-01T00:00:00Z', name: 'keyed' };
    const first = await register(body, key);
    expect(first.status).toBe(201);
    const again = await register(body, key);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await register({ ...body, name: 'other' }, key)).status).toBe(422);
  });

  it('lists newest first, in pages; next absent on the last page; a bad cursor is 400', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      ids.push((await register({ purpose: PURPOSE, snapshotAt: '2025-01-01T00:00:00Z', name })).body.runId);
      await pause(5);
    }
    const all = await call('GET', `${RUNS}?limit=1000`, { token: pipeline });
    expect(all.status).toBe(200);
    const listed = all.body.items.map((run: { runId: string }) => run.runId);
    expect(listed.filter((id: string) => ids.includes(id))).toEqual([...ids].reverse());
    expect([...listed].sort().reverse()).toEqual(listed);
    const first = await call('GET', `${RUNS}?limit=1`, { token: pipeline });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await call('GET', `${RUNS}?limit=1&cursor=${first.body.next}`, { token: pipeline });
    expect(second.body.items[0].runId < first.body.items[0].runId).toBe(true);
    const last = await call('GET', `${RUNS}?limit=1000&cursor=${encodeURIComponent(first.body.next)}`, { token: pipeline });
    expect(last.body.next).toBeUndefined();
    const bad = await call('GET', `${RUNS}?cursor=nonsense`, { token: pipeline });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'query.cursor', rule: 'cursor' });
    expect((await call('GET', `${RUNS}?limit=0`, { token: pipeline })).status).toBe(400);
  });
});

describe('eligibility under a run', () => {
  it('answers 503 with Retry-After until the pin has settled', async () => {
    const fresh = (await register({ purpose: PURPOSE, snapshotAt: new Date().toISOString(), name: 'fresh' })).body;
    const single = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?runId=${fresh.runId}`, { token: pipeline });
    expect(single.status).toBe(503);
    const seconds = Number(single.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(Math.ceil(SETTLING_WINDOW_MS / 1000));
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId], runId: fresh.runId } });
    expect(batch.status).toBe(503);
    expect(batch.headers.get('retry-after')).toMatch(/^[0-9]+$/);
  });

  it('refuses runId with at or knownAt, and an unknown run', async () => {
    const single = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?runId=${pinned.runId}&at=2025-01-01T00:00:00Z`, { token: pipeline });
    expect(single.status).toBe(400);
    expect(single.body.errors[0]).toMatchObject({ field: 'query.runId', rule: 'exclusive' });
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId], runId: pinned.runId, knownAt: '2025-01-01T00:00:00Z' } });
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0]).toMatchObject({ field: 'body.runId', rule: 'exclusive' });
    expect((await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?runId=run-never`, { token: pipeline })).status).toBe(404);
    expect((await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId], runId: 'run-never' } })).status).toBe(404);
  });

  it('once settled, answers as pinned (eligible though the member opted out since), for single and batch; exposure lists the run', async () => {
    await pause(Math.max(0, Date.parse(pinned.pinnedAt) + SETTLING_WINDOW_MS + 500 - Date.now()));
    const live = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}`, { token: pipeline });
    expect(live.body).toMatchObject({ eligible: false, reason: 'opted_out' });
    const single = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?runId=${pinned.runId}`, { token: pipeline });
    expect(single.status, single.text).toBe(200);
    expect(single.body).toMatchObject({ memberId, eligible: true, runId: pinned.runId, at: pinned.snapshotAt, knownAt: pinned.pinnedAt, settled: true });
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId, 'nobody-at-all'], runId: pinned.runId } });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ runId: pinned.runId, at: pinned.snapshotAt, knownAt: pinned.pinnedAt, settled: true });
    expect(batch.body.results).toMatchObject([{ memberId, eligible: true }, { memberId: 'nobody-at-all', eligible: false, reason: 'unknown_member' }]);

    const exposure = await call('GET', `/v1/members/${memberId}/exposure`, { token: await memberToken(memberId) });
    expect(exposure.status, exposure.text).toBe(200);
    const { runId, purpose, name, model, dataset, snapshotAt, pinnedAt } = pinned;
    expect(exposure.body.items).toContainEqual({ runId, purpose, name, model, dataset, snapshotAt, pinnedAt });
    const byPurpose = await call('GET', `/v1/members/${memberId}/exposure?purpose=${PURPOSE}`, { token: await adminToken() });
    expect(byPurpose.body.items.map((item: { runId: string }) => item.runId)).toContain(runId);
    const other = await call('GET', `/v1/members/${memberId}/exposure?purpose=${otherPurpose}`, { token: await adminToken() });
    expect(other.body).toEqual({ items: [] });
    expect((await call('GET', `/v1/members/${uniqueMemberId('ghost')}/exposure`, { token: await adminToken() })).status).toBe(404);
  }, 60_000);

  it('refuses a run of another purpose with 409', async () => {
    // Registered now: the eligibility containers have had time to load the version defining the purpose.
    const run = await register({ purpose: otherPurpose, snapshotAt: new Date().toISOString(), name: 'other purpose' });
    expect(run.status, run.text).toBe(201);
    const single = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?runId=${run.body.runId}`, { token: pipeline });
    expect(single.status).toBe(409);
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId], runId: run.body.runId } });
    expect(batch.status).toBe(409);
  });
});
