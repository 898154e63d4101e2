// setChoice (lib/app/consents.ts) on the in-memory ports: every way a write is refused, the
// Idempotency-Key and lost-answer protocols, and a long history that stays complete and small.
import { beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError, InvalidInputError, NotFoundError, PreconditionFailedError } from '../../lib/app/errors.ts';
import { getHistory, requestRef, setChoice, type SetChoiceCommand } from '../../lib/app/consents.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { checkEligibility } from '../../lib/app/eligibility.ts';
import { WRITE_DEADLINE_MS } from '../../lib/app/ports/consent-store.ts';
import { addMember, DAY_MS, inMemoryDeps, policyVersion, purposePolicy, PURPOSE, type InMemoryDeps } from '../support/builders.ts';

const OTHER_PURPOSE = 'ads-personalisation';
const MEMBER = 'm-1';

let world: InMemoryDeps;
let deps: ChoiceDeps;

beforeEach(async () => {
  world = await inMemoryDeps({
    policies: [policyVersion({ purposes: { [PURPOSE]: purposePolicy(), [OTHER_PURPOSE]: purposePolicy({ default: { regime: 'opt_in', legalBasis: 'consent' } }) } })],
  });
  deps = world.deps;
  await addMember(deps, MEMBER);
});

let requests = 0;
const command = (overrides: Partial<SetChoiceCommand> = {}): SetChoiceCommand => ({
  memberId: MEMBER,
  purpose: PURPOSE,
  choice: 'denied',
  source: 'api',
  actor: 'client-1',
  requestId: `req-${++requests}`,
  ...overrides,
});

/** A receipt's claims as signed (tests of the signature itself are in receipts.test.ts). */
const payloadOf = (jws: string): unknown => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
const historyOf = async (purpose = PURPOSE) => (await getHistory(deps, MEMBER, purpose, { limit: 1_000 })).items.map((item) => item.choice);
const countOf = async (purpose = PURPOSE) => (await world.store.getMember(MEMBER, { consistent: true }))!.counts[purpose] ?? 0;

describe('setChoice refuses', () => {
  it('an unknown purpose (404), writing nothing', async () => {
    const before = world.table.dump();
    await expect(setChoice(deps, command({ purpose: 'no-such-purpose' }))).rejects.toBeInstanceOf(NotFoundError);
    expect(world.table.dump()).toEqual(before);
  });

  it('an unknown member (404), writing nothing', async () => {
    const before = world.table.dump();
    await expect(setChoice(deps, command({ memberId: 'nobody' }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(setChoice(deps, command({ memberId: 'nobody', idempotencyKey: 'k' }))).rejects.toBeInstanceOf(NotFoundError);
    expect(world.table.dump()).toEqual(before);
  });

  // The purpose has 2 choices (ETag "2"); OTHER_PURPOSE has none (ETag "0").
  it.each([
    { ifMatch: '"2"', purpose: PURPOSE, ok: true },
    { ifMatch: '*', purpose: PURPOSE, ok: true },
    { ifMatch: '"1", "2"', purpose: PURPOSE, ok: true },
    { ifMatch: '"7","2" ,"9"', purpose: PURPOSE, ok: true },
    { ifMatch: '"1"', purpose: PURPOSE, ok: false },
    { ifMatch: '"0"', purpose: PURPOSE, ok: false },
    { ifMatch: '"0", "1"', purpose: PURPOSE, ok: false },
    { ifMatch: 'W/"2"', purpose: PURPOSE, ok: false },
    { ifMatch: '2', purpose: PURPOSE, ok: false },
    { ifMatch: '"02"', purpose: PURPOSE, ok: false },
    { ifMatch: '"abc"', purpose: PURPOSE, ok: false },
    { ifMatch: '', purpose: PURPOSE, ok: false },
    { ifMatch: '"0"', purpose: OTHER_PURPOSE, ok: true },
    { ifMatch: '*', purpose: OTHER_PURPOSE, ok: true },
    { ifMatch: '"1"', purpose: OTHER_PURPOSE, ok: false },
  ])('If-Match $ifMatch on $purpose: written $ok', async ({ ifMatch, purpose, ok }) => {
    await setChoice(deps, command({ choice: 'granted' }));
    await setChoice(deps, command({ choice: 'denied' }));
    const before = await countOf(purpose);
    const attempt = setChoice(deps, command({ purpose, choice: 'granted', ifMatch }));
    if (ok) {
      expect(await attempt).toMatchObject({ replayed: false, etag: `"${before + 1}"`, consent: { choice: 'granted' } });
      expect(await countOf(purpose)).toBe(before + 1);
    } else {
      await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await countOf(purpose)).toBe(before);
    }
  });

  it('a stale If-Match even with an Idempotency-Key, and claims no key', async () => {
    await setChoice(deps, command());
    await expect(setChoice(deps, command({ ifMatch: '"0"', idempotencyKey: 'k' }))).rejects.toBeInstanceOf(PreconditionFailedError);
    // The key was not claimed: the same key with a matching ETag now writes.
    expect(await setChoice(deps, command({ ifMatch: '"1"', idempotencyKey: 'k' }))).toMatchObject({ replayed: false, etag: '"2"' });
  });

  it('an Idempotency-Key reused with another body (choice or If-Match), writing nothing', async () => {
    await setChoice(deps, command({ choice: 'denied', idempotencyKey: 'k' }));
    const before = world.table.dump();
    await expect(setChoice(deps, command({ choice: 'granted', idempotencyKey: 'k' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(setChoice(deps, command({ choice: 'denied', ifMatch: '*', idempotencyKey: 'k' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(world.table.dump()).toEqual(before);
  });
});

describe('setChoice replays and retries', () => {
  it('a replay answers the stored first answer with replayed: true, and writes nothing', async () => {
    world.clock.set(new Date('2026-01-15T12:00:00.000Z'));
    const first = await setChoice(deps, command({ choice: 'denied', idempotencyKey: 'k' }));
    await setChoice(deps, command({ choice: 'granted' }));
    world.clock.advance(3_600_000);
    const before = world.table.dump();
    const appendsBefore = world.store.calls.appendChoice;
    const replay = await setChoice(deps, command({ choice: 'denied', idempotencyKey: 'k' }));
    expect(replay).toEqual({ ...first, replayed: true });
    // The first answer, not today's state: the purpose is granted now, with 2 choices.
    expect(replay).toMatchObject({ etag: '"1"', consent: { choice: 'denied', reason: 'opted_out', updatedAt: '2026-01-15T12:00:00.000Z' } });
    expect(world.table.dump()).toEqual(before);
    expect(world.store.calls.appendChoice).toBe(appendsBefore! + 1);
    expect(world.store.calls.answerIdempotencyKey).toBe(1);
  });

  it.each([
    { name: 'a plain write', idempotencyKey: undefined, interleaved: false },
    { name: 'a keyed write', idempotencyKey: 'lost', interleaved: false },
    { name: 'a plain write, another write landing before the retry', idempotencyKey: undefined, interleaved: true },
    { name: 'a keyed write, another write landing before the retry', idempotencyKey: 'lost', interleaved: true },
  ])('$name whose answer was lost: recorded once, answered as written (replayed: false)', async ({ idempotencyKey, interleaved }) => {
    world.store.loseNextAppendAnswer(interleaved ? () => setChoice(deps, command({ choice: 'granted', actor: 'other' })) : undefined);
    const answer = await setChoice(deps, command({ choice: 'denied', requestId: 'once', idempotencyKey }));
    expect(answer).toMatchObject({ replayed: false, etag: '"1"', consent: { choice: 'denied', reason: 'opted_out' } });
    expect(await historyOf()).toEqual(interleaved ? ['denied', 'granted'] : ['denied']);
    if (idempotencyKey) {
      // The recovered answer is stored for later replays.
      const replay = await setChoice(deps, command({ choice: 'denied', idempotencyKey }));
      expect(replay).toEqual({ ...answer, replayed: true });
    }
  });

  it('the same request id sent again later is answered as written, not recorded twice (its receipt signed again: same claims)', async () => {
    const first = await setChoice(deps, command({ requestId: 'again' }));
    await setChoice(deps, command({ choice: 'granted' }));
    const again = await setChoice(deps, command({ requestId: 'again' }));
    expect({ ...again, receipt: undefined }).toEqual({ ...first, receipt: undefined });
    expect(payloadOf(again.receipt)).toEqual(payloadOf(first.receipt));
    expect(await historyOf()).toEqual(['denied', 'granted']);
  });

  it('a replay that comes while the first request is still answering waits for its answer, and gives it, receipt byte for byte', async () => {
    world.store.failNext('answerIdempotencyKey');
    await setChoice(deps, command({ requestId: 'first', idempotencyKey: 'k' }));
    const replay = setChoice(deps, command({ requestId: 'second', idempotencyKey: 'k' }));
    // The first request answers (its retry, here) while the replay waits.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const first = await setChoice(deps, command({ requestId: 'first', idempotencyKey: 'k' }));
    expect(await replay).toEqual({ ...first, replayed: true });
    expect(world.store.calls.getIdempotencyMark).toBeGreaterThan(0);
    // Only the first request stored an answer (its first try failed): the replay only read.
    expect(world.store.calls.answerIdempotencyKey).toBe(2);
  });

  it('a keyed write whose answer was never stored (the first request died after its write): the first replay stores the answer it computed from the history, and every later replay or retry gives that one, receipt byte for byte', async () => {
    world.store.failNext('answerIdempotencyKey');
    const first = await setChoice(deps, command({ requestId: 'first', idempotencyKey: 'k' }));
    expect(first.replayed).toBe(false);
    const [keyId] = [...world.store.idempotencyMarks(MEMBER).keys()] as [string];
    expect(world.store.idempotencyMark(MEMBER, keyId)?.answer).toBeUndefined();
    // Past a write's deadline: no request is still answering, so a replay waits for none.
    world.clock.advance(WRITE_DEADLINE_MS + 1);

    // The same state and the same receipt claims; the signature is the replay's own, and it is kept.
    const replay = await setChoice(deps, command({ requestId: 'second', idempotencyKey: 'k' }));
    expect({ ...replay, receipt: undefined }).toEqual({ ...first, receipt: undefined, replayed: true });
    expect(payloadOf(replay.receipt)).toEqual(payloadOf(first.receipt));
    expect(world.store.idempotencyMark(MEMBER, keyId)).toMatchObject({ requestId: requestRef('first'), answer: { etag: first.etag, consent: first.consent, receipt: replay.receipt } });

    expect(await setChoice(deps, command({ requestId: 'third', idempotencyKey: 'k' }))).toEqual(replay);
    expect(await setChoice(deps, command({ requestId: 'first', idempotencyKey: 'k' }))).toEqual({ ...replay, replayed: false });
    expect(await historyOf()).toEqual(['denied']);
  });

  it('scopes keys per actor and per purpose: the same key elsewhere is a new write, whatever its body', async () => {
    await setChoice(deps, command({ choice: 'denied', idempotencyKey: 'k' }));
    expect(await setChoice(deps, command({ choice: 'granted', actor: 'client-2', idempotencyKey: 'k' }))).toMatchObject({ replayed: false, etag: '"2"' });
    expect(await setChoice(deps, command({ choice: 'granted', purpose: OTHER_PURPOSE, idempotencyKey: 'k' }))).toMatchObject({ replayed: false, etag: '"1"' });
    expect(await historyOf()).toEqual(['denied', 'granted']);
    expect(await historyOf(OTHER_PURPOSE)).toEqual(['granted']);
  });

  it.each([
    { after: DAY_MS - 1, replayed: true },
    { after: DAY_MS, replayed: true },
    { after: DAY_MS + 1, replayed: false },
  ])('a key $after ms after its first use: replayed $replayed', async ({ after, replayed }) => {
    const first = await setChoice(deps, command({ idempotencyKey: 'day' }));
    world.clock.advance(after);
    const again = await setChoice(deps, command({ idempotencyKey: 'day' }));
    expect(again.replayed).toBe(replayed);
    expect(again.etag).toBe(replayed ? first.etag : '"2"');
    expect(await historyOf()).toHaveLength(replayed ? 1 : 2);
  });

  it('an expired key may carry another body: it is a new request', async () => {
    await setChoice(deps, command({ choice: 'denied', idempotencyKey: 'day' }));
    world.clock.advance(DAY_MS + 1);
    expect(await setChoice(deps, command({ choice: 'granted', idempotencyKey: 'day' }))).toMatchObject({ replayed: false, consent: { choice: 'granted' } });
  });
});

describe('a long history (500 writes)', () => {
  const WRITES = 500;
  const START = Date.parse('2026-01-15T12:00:00.000Z');
  const choiceOf = (i: number) => (i % 3 === 0 ? 'granted' : 'denied');

  it('stays complete and in order, pages with cursors, keeps the hot item under 2 KB, and answers old times by the choice then in force', async () => {
    let largest = 0;
    for (let i = 0; i < WRITES; i++) {
      world.clock.set(new Date(START + i * 60_000));
      // Every fifth write keyed, and a second purpose written now and then, as real clients do.
      const keyed = i % 5 === 0 ? { idempotencyKey: `key-${i}` } : {};
      const answer = await setChoice(deps, command({ choice: choiceOf(i), ...keyed }));
      expect(answer.etag).toBe(`"${i + 1}"`);
      if (i % 50 === 0) await setChoice(deps, command({ purpose: OTHER_PURPOSE, choice: 'granted' }));
      largest = Math.max(largest, (await world.store.getMember(MEMBER, { consistent: true }))!.hotBytes);
    }
    expect(largest).toBeLessThan(2_048);
    expect(world.store.archiveItems(MEMBER, PURPOSE).length).toBeGreaterThan(10);

    // Every page, by cursor: the whole history, in order, each choice once.
    const seen: { at: string; choice: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page: { items: { at: string; choice: string }[]; next?: string } = await getHistory(deps, MEMBER, PURPOSE, { limit: 37, cursor });
      expect(page.items.length).toBeLessThanOrEqual(37);
      seen.push(...page.items.map(({ at, choice }) => ({ at, choice })));
      cursor = page.next;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(Math.ceil(WRITES / 37));
    expect(seen).toEqual(Array.from({ length: WRITES }, (_, i) => ({ at: new Date(START + i * 60_000).toISOString(), choice: choiceOf(i) })));

    // Eligibility at old times: the choice in force then, archived or hot.
    for (let i = 0; i < WRITES; i += 7) {
      const at = new Date(START + i * 60_000 + 30_000);
      const answer = await checkEligibility(deps, PURPOSE, MEMBER, at);
      expect(answer.reason, `at ${at.toISOString()}`).toBe(choiceOf(i) === 'granted' ? 'opted_in' : 'opted_out');
    }
    // Before the first choice: the policy's default.
    expect((await checkEligibility(deps, PURPOSE, MEMBER, new Date(START - 1))).reason).toBe('default_opt_in');
  });

  it.each([
    { name: 'not base64 JSON', cursor: '!!!' },
    { name: 'JSON of another shape', cursor: Buffer.from('{"a":1}').toString('base64url') },
    { name: "another member's", cursor: Buffer.from(JSON.stringify(['m-2', PURPOSE, 2, null])).toString('base64url') },
    { name: "another purpose's", cursor: Buffer.from(JSON.stringify([MEMBER, OTHER_PURPOSE, 2, null])).toString('base64url') },
    { name: 'position 0', cursor: Buffer.from(JSON.stringify([MEMBER, PURPOSE, 0, null])).toString('base64url') },
    { name: 'an archive key of another purpose', cursor: Buffer.from(JSON.stringify([MEMBER, PURPOSE, 2, `AC#${OTHER_PURPOSE}#x`])).toString('base64url') },
  ])('refuses a garbled cursor ($name): InvalidInputError on query.cursor, rule cursor', async ({ cursor }) => {
    await setChoice(deps, command());
    const error = await getHistory(deps, MEMBER, PURPOSE, { limit: 1, cursor }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'query.cursor', rule: 'cursor' });
  });
});

describe('concurrent writers on one member', () => {
  // A burst lands every append before any writer tidies: only one move applies (the others'
  // expected archived count is stale), so the hot item is left over 2 KB (about 2.9 KB after 60)
  // until the next write, which finds it overdue and moves the tail. Self-healing, not a bug, but
  // the 2 KB bound holds only for "a few appends racing the move" (lib/domain/history.ts).
  it('each land once; a burst may leave the hot item over 2 KB until the next write moves its tail; the history is complete', async () => {
    const WRITERS = 60;
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => setChoice(deps, command({ choice: i % 2 ? 'granted' : 'denied', actor: `w-${i}`, ...(i % 3 ? {} : { idempotencyKey: `k-${i}` }) }))),
    );
    expect(new Set(answers.map((answer) => answer.etag)).size).toBe(WRITERS);
    const member = (await world.store.getMember(MEMBER, { consistent: true }))!;
    expect(member.counts[PURPOSE]).toBe(WRITERS);
    expect(member.hotBytes).toBeGreaterThan(2_048);
    await setChoice(deps, command({ actor: 'after' }));
    expect((await world.store.getMember(MEMBER, { consistent: true }))!.hotBytes).toBeLessThan(2_048);
    const items = (await getHistory(deps, MEMBER, PURPOSE, { limit: 1_000 })).items;
    expect(items.map((item) => item.actor).sort()).toEqual([...Array.from({ length: WRITERS }, (_, i) => `w-${i}`), 'after'].sort());
  });
});
