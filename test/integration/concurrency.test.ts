// Many writers on one member's choice at once, with and without If-Match, with idempotent
// replays: every acknowledged write is in the history exactly once, in an order consistent with
// what each writer was told, and the current state is the last acknowledged write.
import { describe, expect, it } from 'vitest';
import { call, createMember, memberToken, PURPOSE, uniqueMemberId, wholeHistory, type ApiResponse } from './api-client.ts';
import { reportReliability } from './reliability-report.ts';
import { storedShape } from './table.ts';

/** The 200 writers at once on one member; the stress profile sends three waves at it. */
const WRITERS = 200;
const WAVES = process.env.CONSENT_LEDGER_STRESS ? 3 : 1;

type Kind = 'plain' | 'if-match' | 'keyed';
interface Writer {
  kind: Kind;
  choice: 'granted' | 'denied';
  key: string;
}

const etagNumber = (response: ApiResponse) => Number(JSON.parse(response.headers.get('etag')!));

/** One wave of writers, checked against the history; returns what it saw. */
async function wave(memberId: string, token: string, round: number) {
  const path = `/v1/members/${memberId}/consents/${PURPOSE}`;
  const initialEtag = (await call('GET', path, { token })).headers.get('etag')!;
  const before = Number(JSON.parse(initialEtag));

  const plan: Writer[] = Array.from({ length: WRITERS }, (_, i) => ({
    kind: (['plain', 'if-match', 'keyed'] as const)[i % 3]!,
    choice: i % 2 ? 'granted' : 'denied',
    key: `wave-${round}-k-${i % 10}`, // keyed writers share 10 keys: the others are replays
  }));
  // Same key must mean same body: give each key one choice.
  for (const writer of plan) if (writer.kind === 'keyed') writer.choice = Number(writer.key.split('-').at(-1)) % 2 ? 'granted' : 'denied';

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
  const serverErrors = answers.filter(({ response }) => response.status >= 500).length;
  for (const { response } of answers) expect(response.status, response.text).toBeLessThan(500);

  // If-Match on the initial ETag: at most one of them won, applied right on the state it named.
  const ifMatchWins = answers.filter(({ writer, response }) => writer.kind === 'if-match' && response.status === 200);
  expect(ifMatchWins.length).toBeLessThanOrEqual(1);
  for (const { response } of ifMatchWins) expect(etagNumber(response)).toBe(before + 1);
  for (const { writer, response } of answers) {
    if (writer.kind === 'if-match' && response.status !== 200) expect(response.status).toBe(412);
    if (writer.kind !== 'if-match') expect(response.status).toBe(200);
  }

  // Each acknowledged write got the ETag "n" of the history entry it made: a total order.
  const acknowledged = answers.filter(({ response }) => response.status === 200 && response.headers.get('idempotent-replayed') !== 'true');
  const history = (await wholeHistory(memberId, token)).slice(before);
  const positions = acknowledged.map(({ response }) => etagNumber(response) - before).sort((a, b) => a - b);
  const lostWrites = positions.filter((position) => history[position - 1] === undefined).length;
  const duplicates = history.length - new Set(positions).size;
  expect(positions).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));
  for (const { writer, response } of acknowledged) {
    const entry = history[etagNumber(response) - before - 1]!;
    expect(entry.choice, `write acknowledged as ${etagNumber(response)}`).toBe(writer.choice);
    expect(response.body.updatedAt).toBe(entry.at);
  }
  // Replays answered exactly what their key's first write answered.
  for (const { writer, response } of answers.filter(({ response }) => response.headers.get('idempotent-replayed') === 'true')) {
    const first = acknowledged.find(({ writer: other }) => other.kind === 'keyed' && other.key === writer.key)!;
    expect(response.headers.get('etag')).toBe(first.response.headers.get('etag'));
    expect(response.body).toEqual(first.response.body);
  }
  // History is in time order, and the current state is the last write.
  expect(history.map((entry) => entry.at)).toEqual([...history.map((entry) => entry.at)].sort());
  const current = await call('GET', path, { token });
  expect(current.headers.get('etag')).toBe(`"${before + history.length}"`);
  expect(current.body.choice).toBe(history.at(-1)!.choice);
  // The wave ran across compactions: most of the history moved to archive items while writers
  // raced, and the hot item stayed small.
  const stored = await storedShape(memberId);
  expect(stored.archiveItems).toBeGreaterThanOrEqual(round * 2);
  expect(stored.hotBytes).toBeLessThanOrEqual(8 * 1024);
  return { operations: answers.length, lostWrites, duplicates, serverErrors };
}

describe(`${WRITERS} concurrent writers on one member, ${WAVES} wave(s)`, () => {
  it('lose no acknowledged write, duplicate none, and agree with the history', async () => {
    const totals = { operations: 0, faultsInjected: 0, badInputs: 0, lostWrites: 0, duplicates: 0, serverErrors: 0 };
    const id = uniqueMemberId('race');
    await createMember(id);
    for (let round = 1; round <= WAVES; round++) {
      const seen = await wave(id, await memberToken(id), round);
      totals.operations += seen.operations;
      totals.lostWrites += seen.lostWrites;
      totals.duplicates += seen.duplicates;
      totals.serverErrors += seen.serverErrors;
    }
    reportReliability('concurrent writers', totals);
  }, 180_000);
});
