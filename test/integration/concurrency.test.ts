// Many writers on one member's choice at once, with and without If-Match, with idempotent
// replays: every acknowledged write is in the history exactly once, in an order consistent with
// what each writer was told, and the current state is the last acknowledged write.
import { describe, expect, it } from 'vitest';
import { call, createMember, memberToken, PURPOSE, uniqueMemberId } from './api-client.ts';

/**
 * Writers at once. The fast profile keeps within the 10 s retry budget on DynamoDB Local; the
 * issue-6 target of 200 (CONSENT_LEDGER_STRESS=1) does not hold yet: see the README.
 */
const WRITERS = process.env.CONSENT_LEDGER_STRESS ? 200 : 30;

type Kind = 'plain' | 'if-match' | 'keyed';

describe(`${WRITERS} concurrent writers on one member`, () => {
  it('lose no acknowledged write, duplicate none, and agree with the history', async () => {
    const id = uniqueMemberId('race');
    await createMember(id);
    const token = await memberToken(id);
    const path = `/v1/members/${id}/consents/${PURPOSE}`;
    const initialEtag = (await call('GET', path, { token })).headers.get('etag')!;

    const plan = Array.from({ length: WRITERS }, (_, i) => ({
      kind: (['plain', 'if-match', 'keyed'] as Kind[])[i % 3]!,
      choice: i % 2 ? 'granted' : 'denied',
      key: `k-${i % 10}`, // keyed writers share 10 keys: the others are replays or 422s
    }));
    // Same key must mean same body: give each key one choice.
    for (const writer of plan) if (writer.kind === 'keyed') writer.choice = Number(writer.key.slice(2)) % 2 ? 'granted' : 'denied';

    const answers = await Promise.all(
      plan.map((writer) =>
        call('PUT', path, {
          token,
          body: { choice: writer.choice },
          headers: {
            ...(writer.kind === 'if-match' ? { 'if-match': initialEtag } : {}),
            ...(writer.kind === 'keyed' ? { 'idempotency-key': writer.key } : {}),
          },
        }).then((response) => ({ writer, response })),
      ),
    );

    for (const { response } of answers) expect(response.status, response.text).toBeLessThan(500);
    // If-Match on the initial ETag: at most one of them can have won.
    const ifMatchWins = answers.filter(({ writer, response }) => writer.kind === 'if-match' && response.status === 200);
    expect(ifMatchWins.length).toBeLessThanOrEqual(1);
    for (const { writer, response } of answers) {
      if (writer.kind === 'if-match' && response.status !== 200) expect(response.status).toBe(412);
      if (writer.kind !== 'if-match') expect(response.status).toBe(200);
    }

    // Each acknowledged write got the ETag "n" of the history entry it made: a total order.
    const acknowledged = answers.filter(({ response }) => response.status === 200 && response.headers.get('idempotent-replayed') !== 'true');
    const positions = acknowledged.map(({ response }) => Number(JSON.parse(response.headers.get('etag')!)));
    const history = (await call('GET', `${path}/history`, { token })).body.items as { choice: string; at: string }[];
    const distinctWrites = new Set(acknowledged.map(({ response }) => response.headers.get('etag'))).size;
    expect(history).toHaveLength(distinctWrites);
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));
    for (const { writer, response } of acknowledged) {
      const position = Number(JSON.parse(response.headers.get('etag')!));
      expect(history[position - 1]!.choice, `write acknowledged as ${position}`).toBe(writer.choice);
      expect(response.body.updatedAt).toBe(history[position - 1]!.at);
    }
    // Replays answered exactly what their key's first write answered.
    for (const { writer, response } of answers.filter(({ response }) => response.headers.get('idempotent-replayed') === 'true')) {
      const first = acknowledged.find(({ writer: other }) => other.kind === 'keyed' && other.key === writer.key)!;
      expect(response.headers.get('etag')).toBe(first.response.headers.get('etag'));
    }
    // History is in time order, and the current state is the last write.
    expect(history.map((entry) => entry.at)).toEqual([...history.map((entry) => entry.at)].sort());
    const current = await call('GET', path, { token });
    expect(current.headers.get('etag')).toBe(`"${history.length}"`);
    expect(current.body.choice).toBe(history.at(-1)!.choice);
  }, 120_000);
});
