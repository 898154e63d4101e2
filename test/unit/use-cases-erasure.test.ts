// eraseMember (lib/app/erasure.ts) on the in-memory ports: nothing of the email address, locale or
// birth date is left in any item; the answers afterwards (410, 409, erased, replays as given); a
// repeated or interrupted erasure; a choice racing the erasure.
import { beforeEach, describe, expect, it } from 'vitest';
import { getConsent, getHistory, listConsents, setChoice, type SetChoiceCommand } from '../../lib/app/consents.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { checkEligibility, checkEligibilityBatch } from '../../lib/app/eligibility.ts';
import { eraseMember } from '../../lib/app/erasure.ts';
import { ConflictError, GoneError, NotFoundError, StorageUnavailableError } from '../../lib/app/errors.ts';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { getMember, putMember } from '../../lib/app/members.ts';
import { confirmOptOut, viewOptOut } from '../../lib/app/opt-out.ts';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import { addMember, inMemoryDeps, memberInput, policyVersion, purposePolicy, PURPOSE, type InMemoryDeps } from '../support/builders.ts';
import { InMemoryNoticeStore } from '../support/in-memory-notice-store.ts';

const KIDS = 'kids-content';
const NOW = '2026-01-15T12:00:00.000Z';
const MINUTE = 60_000;

let world: InMemoryDeps;
let deps: ChoiceDeps;

beforeEach(async () => {
  world = await inMemoryDeps({
    now: NOW,
    policies: [policyVersion({ id: 'v1', purposes: { [PURPOSE]: purposePolicy(), [KIDS]: purposePolicy({ minimumAge: 16 }) } })],
  });
  deps = world.deps;
});

let requests = 0;
const choose = (memberId: string, choice: 'granted' | 'denied', extra: Partial<SetChoiceCommand> = {}) =>
  setChoice(deps, { memberId, purpose: PURPOSE, choice, source: 'api', actor: memberId, requestId: `req-${++requests}`, ...extra });

/** Everything the erasure must remove of `m-1`, as it was written over its life. */
const ERASED_STRINGS = ['m-1@example.com', 'm-1.new@example.com', '1990-04-01', '1990-04-02', 'fr-FR', 'de-DE'];

/**
 * A member with a long life: three addresses over four profiles (the middle ones only in the
 * profile archive), thirty choices (most in archive items), a delivered notice, a failed one
 * whose SES error quoted the address, and a choice made with an Idempotency-Key.
 */
async function livedMember(): Promise<void> {
  await putMember(deps, 'm-1', memberInput({ email: 'm-1@example.com', birthDate: '1990-04-01', locale: 'fr-FR' }), 'admin', 'r-1');
  for (const [index, change] of [
    { country: 'FR', email: 'm-1.new@example.com', birthDate: '1990-04-02', locale: 'fr-FR' },
    { country: 'DE', email: 'm-1.new@example.com', birthDate: '1990-04-02', locale: 'de-DE' },
    { country: 'US', subdivision: 'US-CA', email: 'm-1.new@example.com', birthDate: '1990-04-02', locale: 'fr-FR' },
  ].entries()) {
    world.clock.advance(MINUTE);
    await putMember(deps, 'm-1', memberInput(change), 'admin', `r-profile-${index}`);
  }
  for (let i = 0; i < 30; i++) {
    world.clock.advance(MINUTE);
    await choose('m-1', i % 2 ? 'granted' : 'denied', i === 29 ? { idempotencyKey: 'key-1' } : {});
  }
  const notices = new InMemoryNoticeStore(world.table);
  const now = world.clock.now();
  const delivered = await notices.claimNotice('m-1', 'v1', 'c-1', now, new Date(now.getTime() + MINUTE));
  const failed = await notices.claimNotice('m-1', 'v0', 'c-0', now, new Date(now.getTime() + MINUTE));
  if (delivered.kind !== 'claimed' || failed.kind !== 'claimed') throw new Error('expected two claims');
  await notices.recordDelivered('m-1', 'v1', delivered.claimId, now.toISOString(), 'msg-1');
  await notices.releaseClaim('m-1', 'v0', failed.claimId, 'MESSAGE_REJECTED: Email address is not verified: m-1@example.com', true);
  world.clock.advance(MINUTE);
}

const stored = () => JSON.stringify(world.table.dump());

describe('eraseMember', () => {
  it('leaves no email address, locale or birth date in any item, and keeps the record', async () => {
    await livedMember();
    const before = stored();
    for (const erased of ERASED_STRINGS) expect(before, erased).toContain(erased);
    const items = world.table.dump().length;
    expect(world.store.archiveItems('m-1', PURPOSE).length).toBeGreaterThan(0);

    expect(await eraseMember(deps, 'm-1', 'm-1')).toEqual({ memberId: 'm-1', erasedAt: '2026-01-15T12:34:00.000Z' });
    const after = stored();
    for (const erased of ERASED_STRINGS) expect(after, erased).not.toContain(erased);
    // Nothing deleted: the profile events, archive items, notices and marks stay, pseudonymous.
    expect(world.table.dump()).toHaveLength(items);
    const hot = await world.store.getMember('m-1', { consistent: true });
    expect(hot).toMatchObject({ email: undefined, locale: undefined, erasedAt: '2026-01-15T12:34:00.000Z', erasedBy: 'm-1', scrubbed: true, counts: { [PURPOSE]: 30 } });
    expect(hot?.notices).toEqual({ v1: '2026-01-15T12:33:00.000Z' });
    // The day of coming of age, for each minimum age in use (16 and 18), instead of the birth date.
    expect(hot?.profiles.map((profile) => profile.adultFrom)).toEqual([{ 16: '2006-04-01', 18: '2008-04-01' }, { 16: '2006-04-02', 18: '2008-04-02' }]);
    expect(hot?.profiles.at(-1)).toMatchObject({ country: 'US', subdivision: 'US-CA' });
  });

  it('answers the same erasedAt when repeated, changing nothing', async () => {
    await addMember(deps, 'm-2', { birthDate: '1990-01-01' });
    const first = await eraseMember(deps, 'm-2', 'm-2');
    const after = stored();
    world.clock.advance(MINUTE);
    expect(await eraseMember(deps, 'm-2', 'admin')).toEqual(first);
    expect(stored()).toBe(after);
  });

  it('finishes an interrupted erasure when repeated', async () => {
    await livedMember();
    world.store.failNext('scrubErasedMember');
    await expect(eraseMember(deps, 'm-1', 'm-1')).rejects.toBeInstanceOf(StorageUnavailableError);
    // Marked: no answer, write or notice treats the member as there; the other items not yet scrubbed.
    await expect(getMember(deps, 'm-1')).rejects.toBeInstanceOf(GoneError);
    expect(stored()).toContain('m-1.new@example.com');
    world.clock.advance(MINUTE);
    expect((await eraseMember(deps, 'm-1', 'admin')).erasedAt).toBe('2026-01-15T12:34:00.000Z');
    for (const erased of ERASED_STRINGS) expect(stored(), erased).not.toContain(erased);
  });

  it('refuses an unknown member (404), writing nothing', async () => {
    const before = stored();
    await expect(eraseMember(deps, 'nobody', 'admin')).rejects.toBeInstanceOf(NotFoundError);
    expect(stored()).toBe(before);
  });

  it('loses no choice racing it: one that lands first is kept, and the erasure is dated no earlier', async () => {
    await addMember(deps, 'm-3');
    // Another container, its clock 5 s ahead, records a choice between the erasure's read and write.
    const ahead = { ...deps, clock: fixedClock(new Date(Date.parse(NOW) + 5_000)) };
    const markErased = world.store.markErased.bind(world.store);
    let raced = false;
    world.store.markErased = async (erasure) => {
      if (!raced) {
        raced = true;
        await setChoice(ahead, { memberId: 'm-3', purpose: PURPOSE, choice: 'denied', source: 'api', actor: 'm-3', requestId: 'racer' });
      }
      return markErased(erasure);
    };
    const { erasedAt } = await eraseMember(deps, 'm-3', 'm-3');
    expect(erasedAt).toBe('2026-01-15T12:00:05.000Z');
    expect((await world.store.getMember('m-3', { consistent: true }))?.counts).toEqual({ [PURPOSE]: 1 });
    await expect(choose('m-3', 'granted')).rejects.toBeInstanceOf(GoneError);
    expect((await world.store.getMember('m-3', { consistent: true }))?.counts).toEqual({ [PURPOSE]: 1 });
  });
});

describe('after an erasure', () => {
  beforeEach(async () => {
    await livedMember();
  });

  it('reads of the profile and choices answer 410; a choice 410, with or without a key used before; a profile 409', async () => {
    await eraseMember(deps, 'm-1', 'admin');
    const before = stored();
    await expect(getMember(deps, 'm-1')).rejects.toBeInstanceOf(GoneError);
    await expect(listConsents(deps, 'm-1')).rejects.toBeInstanceOf(GoneError);
    await expect(getConsent(deps, 'm-1', PURPOSE)).rejects.toBeInstanceOf(GoneError);
    await expect(getHistory(deps, 'm-1', PURPOSE)).rejects.toBeInstanceOf(GoneError);
    await expect(choose('m-1', 'denied')).rejects.toBeInstanceOf(GoneError);
    await expect(choose('m-1', 'denied', { idempotencyKey: 'key-2' })).rejects.toBeInstanceOf(GoneError);
    await expect(choose('m-1', 'denied', { idempotencyKey: 'key-1' })).rejects.toBeInstanceOf(GoneError);
    await expect(putMember(deps, 'm-1', memberInput(), 'admin', 'r-again')).rejects.toBeInstanceOf(ConflictError);
    expect(stored()).toBe(before);
  });

  it('answers erased for any time once known, and replays what was known before the erasure exactly', async () => {
    const times = ['2020-01-01T00:00:00.000Z', '2026-01-15T12:20:00.000Z', NOW, '2026-01-15T12:40:00.000Z', '2030-01-01T00:00:00.000Z'];
    const knownBefore = world.clock.now();
    const given = await Promise.all(times.map((at) => checkEligibility(deps, PURPOSE, 'm-1', { at: new Date(at) })));
    world.clock.advance(1);
    const { erasedAt } = await eraseMember(deps, 'm-1', 'm-1');
    world.clock.advance(10 * MINUTE);
    for (const [index, at] of times.entries()) {
      expect(await checkEligibility(deps, PURPOSE, 'm-1', { at: new Date(at) }), at).toMatchObject({ eligible: false, reason: 'erased', policyVersion: null });
      const replayed = await checkEligibility(deps, PURPOSE, 'm-1', { at: new Date(at), knownAt: knownBefore });
      // Given live then; settled now (the replay is final).
      expect(replayed, at).toEqual({ ...given[index], settled: true });
      expect((await checkEligibility(deps, PURPOSE, 'm-1', { at: new Date(at), knownAt: new Date(erasedAt) })).reason, at).toBe('erased');
    }
    const batch = await checkEligibilityBatch(deps, PURPOSE, ['m-1', 'nobody'], undefined);
    expect(batch.results.map((result) => result.reason)).toEqual(['erased', 'unknown_member']);
  });

  it('replays a minor as a minor, from the day kept instead of the birth date', async () => {
    await addMember(deps, 'kid', { birthDate: '2010-05-05' });
    world.clock.advance(MINUTE);
    const known = world.clock.now();
    const asked = { at: new Date('2026-06-01T00:00:00.000Z'), knownAt: known };
    const [kids, adults] = [await checkEligibility(deps, KIDS, 'kid', asked), await checkEligibility(deps, KIDS, 'kid', { ...asked, at: new Date('2026-05-05T00:00:00.000Z') })];
    expect([kids.reason, adults.reason]).toEqual(['default_opt_in', 'default_opt_in']);
    expect((await checkEligibility(deps, PURPOSE, 'kid', asked)).reason).toBe('minor');
    expect((await checkEligibility(deps, KIDS, 'kid', { ...asked, at: new Date('2026-05-04T23:59:59.999Z') })).reason).toBe('minor');
    world.clock.advance(MINUTE);
    await eraseMember(deps, 'kid', 'kid');
    expect(stored()).not.toContain('2010-05-05');
    expect((await checkEligibility(deps, PURPOSE, 'kid', asked)).reason).toBe('minor');
    expect((await checkEligibility(deps, KIDS, 'kid', asked)).reason).toBe('default_opt_in');
    expect((await checkEligibility(deps, KIDS, 'kid', { ...asked, at: new Date('2026-05-04T23:59:59.999Z') })).reason).toBe('minor');
  });

  it('an opt-out link of the member shows "erased" and records nothing', async () => {
    const linkKey = new Uint8Array(32).fill(7);
    const token = await signLinkToken(linkKey, { memberId: 'm-1', purpose: PURPOSE, policyVersion: 'v1' }, new Date(Date.parse(NOW) + 86_400_000));
    expect((await viewOptOut(deps, linkKey, token)).ok).toBe(true);
    await eraseMember(deps, 'm-1', 'm-1');
    const before = stored();
    expect(await viewOptOut(deps, linkKey, token)).toEqual({ ok: false, problem: 'erased' });
    expect(await confirmOptOut(deps, linkKey, token, 'req-link')).toEqual({ ok: false, problem: 'erased' });
    expect(stored()).toBe(before);
  });
});
