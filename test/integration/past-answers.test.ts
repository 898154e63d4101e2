// The past is not rewritten (DOMAIN.md section 7): whatever API calls come later, every answer
// for a time before them stays the same. Answers for several members and earlier times are taken
// (single and batch), then a sequence of admin and member calls runs (policy versions accepted
// and refused, choices, profile changes, an email-link opt-out), then the same questions again.
//
// The one documented exception: a member's FIRST profile covers all earlier times (members exist
// before we register them), so creating a member changes earlier `unknown_member` answers. The
// `knownAt` issue (answers "as of T, known at K") closes it; until then this test shows it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { POLICY_CACHE_LIFETIME_MS } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { adminToken, call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('no sequence of API calls changes an answer for a time before it', () => {
  it('answers every earlier question the same after policies, choices, profile changes and opt-outs', async () => {
    const admin = await adminToken();
    const members = {
      us: uniqueMemberId('past-us'),
      california: uniqueMemberId('past-ca'),
      france: uniqueMemberId('past-fr'),
      granted: uniqueMemberId('past-granted'),
      young: uniqueMemberId('past-young'),
    };
    await createMember(members.us, { country: 'US' });
    await createMember(members.california, { country: 'US', subdivision: 'US-CA' });
    await createMember(members.france, { country: 'FR' });
    await createMember(members.granted, { country: 'US' });
    await createMember(members.young, { country: 'US', birthDate: '2009-06-01' });
    const grant = await call('PUT', `/v1/members/${members.granted}/consents/${PURPOSE}`, { token: await memberToken(members.granted), body: { choice: 'granted' } });
    expect(grant.status).toBe(200);
    // Not created yet: the documented exception, created during the sequence.
    const newcomer = uniqueMemberId('past-new');
    // Choices take effect from when they are recorded; keep the earliest asked time clearly after.
    await sleep(50);

    const recent = new Date(Date.now() - 1).toISOString();
    const times = ['2024-06-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z', '2025-10-01T00:00:00.000Z', '2025-11-05T00:00:00.000Z', recent];
    const known = Object.values(members);
    const pipeline = await pipelineToken();

    const ask = async () => {
      const single: Record<string, unknown> = {};
      const batch: Record<string, unknown> = {};
      for (const at of times) {
        for (const memberId of [...known, newcomer]) {
          const response = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?at=${encodeURIComponent(at)}`, { token: pipeline });
          expect(response.status).toBe(200);
          // knownAt is when each was asked: the answers, not the moments, must agree.
          const { knownAt: _asked, ...answer } = response.body;
          single[`${memberId} @ ${at}`] = answer;
        }
        const response = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [...known, newcomer], at } });
        expect(response.status).toBe(200);
        const { knownAt: _asked, ...answers } = response.body;
        batch[at] = answers;
      }
      return { single, batch };
    };

    const before = await ask();
    const askedBefore = new Date().toISOString();
    // The questions must be worth asking: several reasons, both answers.
    const reasons = new Set(Object.values(before.single).map((answer) => (answer as { reason: string }).reason));
    expect([...reasons]).toEqual(expect.arrayContaining(['no_policy_in_force', 'excluded_jurisdiction', 'default_opt_in', 'opted_in', 'minor', 'unknown_member']));

    // --- The sequence: everything an admin or a member may do now. ---
    // Policy versions that would take effect in the past, now, too soon, or before announced: refused.
    const excludeEveryone = (announcedAt: string, effectiveAt: string) => ({
      announcedAt,
      effectiveAt,
      purposes: { [PURPOSE]: { default: { regime: 'excluded' }, rules: {}, minimumAge: 18 } },
    });
    const nowIso = () => new Date().toISOString();
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const retro = uniqueMemberId('retro').slice(0, 60);
    for (const body of [
      excludeEveryone('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
      excludeEveryone(nowIso(), nowIso()),
      excludeEveryone(nowIso(), later(POLICY_CACHE_LIFETIME_MS - 5_000)),
      excludeEveryone(later(POLICY_CACHE_LIFETIME_MS + 120_000), later(POLICY_CACHE_LIFETIME_MS + 60_000)),
    ]) {
      expect((await call('PUT', `/v1/policies/${retro}`, { token: admin, body })).status).toBe(422);
    }
    // One accepted, far in the future (this stack is shared; a version in force soon would change
    // other tests' answers about now): it changes no earlier answer either.
    const future = new Date(Date.UTC(2100 + (Date.now() % 500), 0, 1) + (Date.now() % 86_400_000)).toISOString();
    expect((await call('PUT', `/v1/policies/${uniqueMemberId('future').slice(0, 60)}`, { token: admin, body: excludeEveryone(nowIso(), future) })).status).toBe(201);
    // Replays of the reference versions: 200, unchanged; a changed one: 409.
    const [first] = REFERENCE_POLICIES;
    const { id: firstId, ...firstBody } = first!;
    expect((await call('PUT', `/v1/policies/${firstId}`, { token: admin, body: firstBody })).status).toBe(200);
    expect((await call('PUT', `/v1/policies/${firstId}`, { token: admin, body: excludeEveryone(firstBody.announcedAt, firstBody.effectiveAt) })).status).toBe(409);

    // Choices, by the member and by an admin, either way.
    const choose = async (memberId: string, choice: string, token: string) =>
      expect((await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token, body: { choice } })).status).toBe(200);
    await choose(members.us, 'denied', await memberToken(members.us));
    await choose(members.granted, 'denied', admin);
    await choose(members.california, 'granted', admin);
    await choose(members.california, 'denied', await memberToken(members.california));
    await choose(members.young, 'granted', await memberToken(members.young));

    // Profile changes of existing members: moves across jurisdictions, a minor flagged, a birth date.
    const profile = async (memberId: string, body: Record<string, unknown>) =>
      expect((await call('PUT', `/v1/members/${memberId}`, { token: admin, body: { email: `${memberId}@example.com`, ...body } })).status).toBe(200);
    await profile(members.us, { country: 'FR' });
    await profile(members.france, { country: 'US', subdivision: 'US-CA' });
    await profile(members.granted, { country: 'US', suspectedMinor: true });
    await profile(members.young, { country: 'GB', birthDate: '1990-01-01' });

    // An opt-out through the one-click email link.
    const key = new Uint8Array(Buffer.from(readFileSync(join(inject('stateDir'), 'keys', 'link-signing.key'), 'utf8'), 'base64'));
    const link = await signLinkToken(key, { memberId: members.france, purpose: PURPOSE, policyVersion: '2025-11-03' }, new Date(Date.now() + 3_600_000));
    const optOut = await call('POST', '/v1/opt-out', {
      rawBody: new URLSearchParams({ token: link }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(optOut.status).toBe(200);

    // The documented exception: a first profile covers earlier times.
    await createMember(newcomer, { country: 'US' });

    // --- The same questions again. ---
    const after = await ask();
    const withoutNewcomer = (answers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(answers).filter(([key]) => !key.startsWith(newcomer)));
    expect(withoutNewcomer(after.single)).toEqual(withoutNewcomer(before.single));
    for (const at of times) {
      const strip = (body: unknown) => {
        const { results, ...rest } = body as { results: { memberId: string }[] };
        return { ...rest, results: results.filter((result) => result.memberId !== newcomer) };
      };
      expect(strip(after.batch[at]), `batch at ${at}`).toEqual(strip(before.batch[at]));
    }

    // The exception: the newcomer was unknown before, is known now; asked as known before (knownAt),
    // the answer stays what it was.
    expect(before.single[`${newcomer} @ ${recent}`]).toMatchObject({ reason: 'unknown_member' });
    expect(after.single[`${newcomer} @ ${recent}`]).toMatchObject({ reason: 'default_opt_in' });
    const replayed = await call('GET', `/v1/eligibility/${PURPOSE}/${newcomer}?at=${encodeURIComponent(recent)}&knownAt=${encodeURIComponent(askedBefore)}`, { token: pipeline });
    expect(replayed.body).toMatchObject({ reason: 'unknown_member' });

    // And the calls did take effect: questions about now see them.
    const now = await call('GET', `/v1/eligibility/${PURPOSE}/${members.us}`, { token: pipeline });
    expect(now.body).toMatchObject({ eligible: false, reason: 'opted_out' });
  });
});
