// Choice writes: optimistic concurrency (If-Match / 412), idempotent replays, concurrent writers.
import { describe, expect, it } from 'vitest';
import { adminToken, call, createMember, memberToken, PURPOSE, uniqueMemberId } from './api-client.ts';

async function newMember() {
  const id = uniqueMemberId('w');
  await createMember(id);
  return { id, token: await memberToken(id), path: `/v1/members/${id}/consents/${PURPOSE}` };
}

describe('If-Match', () => {
  it('accepts the current ETag and refuses a stale one with 412, writing nothing', async () => {
    const { token, path } = await newMember();
    const read = await call('GET', path, { token });
    const etag = read.headers.get('etag')!;

    const first = await call('PUT', path, { token, body: { choice: 'denied' }, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);

    const stale = await call('PUT', path, { token, body: { choice: 'granted' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');

    const weak = await call('PUT', path, { token, body: { choice: 'granted' }, headers: { 'if-match': `W/${first.headers.get('etag')}` } });
    expect(weak.status).toBe(412);

    const history = await call('GET', `${path}/history`, { token });
    expect(history.body.items.map((item: { choice: string }) => item.choice)).toEqual(['denied']);

    const any = await call('PUT', path, { token, body: { choice: 'granted' }, headers: { 'if-match': '*' } });
    expect(any.status).toBe(200);
  });

  it('lets exactly one of many writers holding the same ETag win', async () => {
    const { token, path } = await newMember();
    const etag = (await call('GET', path, { token })).headers.get('etag')!;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('PUT', path, { token, body: { choice: i % 2 ? 'granted' : 'denied' }, headers: { 'if-match': etag } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(9);
    expect((await call('GET', `${path}/history`, { token })).body.items).toHaveLength(1);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer and writes nothing more', async () => {
    const { token, path } = await newMember();
    const headers = { 'idempotency-key': 'key-1' };
    const first = await call('PUT', path, { token, body: { choice: 'denied' }, headers });
    expect(first.status).toBe(200);
    // Another write in between: the replay must still answer what the first request answered.
    await call('PUT', path, { token, body: { choice: 'granted' } });
    const replay = await call('PUT', path, { token, body: { choice: 'denied' }, headers });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const history = await call('GET', `${path}/history`, { token });
    expect(history.body.items.map((item: { choice: string }) => item.choice)).toEqual(['denied', 'granted']);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const { token, path } = await newMember();
    const headers = { 'idempotency-key': 'key-2' };
    await call('PUT', path, { token, body: { choice: 'denied' }, headers });
    const reused = await call('PUT', path, { token, body: { choice: 'granted' }, headers });
    expect(reused.status).toBe(422);
    expect((await call('GET', `${path}/history`, { token })).body.items).toHaveLength(1);
  });

  it('keeps keys of different callers apart', async () => {
    const { token, path } = await newMember();
    const headers = { 'idempotency-key': 'shared' };
    await call('PUT', path, { token, body: { choice: 'denied' }, headers });
    const admin = await call('PUT', path, { token: await adminToken(), body: { choice: 'granted' }, headers });
    expect(admin.status).toBe(200);
    expect(admin.body.choice).toBe('granted');
  });

  it('writes once when concurrent requests carry the same key', async () => {
    const { token, path } = await newMember();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call('PUT', path, { token, body: { choice: 'denied' }, headers: { 'idempotency-key': 'burst' } })),
    );
    for (const result of results) expect(result.status).toBe(200);
    expect((await call('GET', `${path}/history`, { token })).body.items).toHaveLength(1);
  });

  it('refuses a malformed key', async () => {
    const { token, path } = await newMember();
    const response = await call('PUT', path, { token, body: { choice: 'denied' }, headers: { 'idempotency-key': 'x'.repeat(300) } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'header.idempotency-key', rule: 'pattern' });
  });
});

describe('concurrent writers without If-Match', () => {
  it('keeps every acknowledged write in the history exactly once, and the last one decides', async () => {
    const { token, path } = await newMember();
    const choices = Array.from({ length: 25 }, (_, i) => (i % 3 === 0 ? 'granted' : 'denied'));
    const results = await Promise.all(choices.map((choice) => call('PUT', path, { token, body: { choice } })));
    for (const result of results) expect(result.status).toBe(200);
    const history = await call('GET', `${path}/history`, { token });
    expect(history.body.items).toHaveLength(choices.length);
    // Each acknowledged write got a distinct ETag: a total order of writes.
    const etags = new Set(results.map((result) => result.headers.get('etag')));
    expect(etags.size).toBe(choices.length);
    const last = results.find((result) => result.headers.get('etag') === `"${choices.length}"`)!;
    const current = await call('GET', path, { token });
    expect(current.body.choice).toBe(last.body.choice);
    expect(history.body.items.at(-1).choice).toBe(last.body.choice);
  });
});
