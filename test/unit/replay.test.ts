// Replay (DOMAIN.md section 7): an answer as of T, known at K, uses only facts recorded by K. The
// property: whatever happens after K (choices, profile changes, notices, policy versions), asking
// again later with knownAt = K gives the answer the ledger gave at K.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideEligibility } from '../../lib/domain/eligibility.ts';
import type { ChoiceEntry, MemberTimeline, ProfileVersion } from '../../lib/domain/member.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { erasedProfile, minimumAgesInUse } from '../../lib/domain/erasure.ts';
import { knownTimeline, lookupTime } from '../../lib/domain/replay.ts';

const PURPOSE = 'genai-training';
const BASE = Date.parse('2024-10-01T00:00:00.000Z');
const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(BASE + offsetDays * DAY).toISOString();

interface Fact {
  day: number;
  kind: 'profile' | 'choice' | 'notice' | 'policy' | 'erasure';
  country: string;
  choice: 'granted' | 'denied';
  suspectedMinor: boolean;
  birthDate: string | undefined;
}

/** Everything recorded, in recording order, as the ledger would hold it after all of it. */
function ledger(facts: readonly Fact[]): { timeline: MemberTimeline; policies: { policy: PolicyVersion; recordedAt: string }[] } {
  const sorted = [...facts].sort((a, b) => a.day - b.day);
  let profiles: ProfileVersion[] = [];
  const choices: ChoiceEntry[] = [];
  const notices: Record<string, string> = {};
  const policies = REFERENCE_POLICIES.map((policy) => ({ policy, recordedAt: policy.announcedAt }));
  let latestPolicy = '2025-11-03';
  let erasedAt: string | undefined;
  for (const [index, fact] of sorted.entries()) {
    const at = iso(fact.day);
    // After an erasure the member's facts are refused (410, 409); policy versions go on.
    if (erasedAt !== undefined && fact.kind !== 'policy') continue;
    if (fact.kind === 'profile') profiles.push({ from: at, country: fact.country, suspectedMinor: fact.suspectedMinor, birthDate: fact.birthDate });
    if (fact.kind === 'choice') choices.push({ at, choice: fact.choice });
    if (fact.kind === 'notice') notices[latestPolicy] ??= at;
    if (fact.kind === 'erasure' && profiles.length > 0) {
      erasedAt = at;
      const ages = minimumAgesInUse(policies.map((entry) => entry.policy));
      profiles = profiles.map((profile) => erasedProfile(profile, ages));
    }
    if (fact.kind === 'policy') {
      // A version recorded later, effective after its recording (the past is not rewritten).
      // Alternately an exclusion and an opt-out that waits for a notice, so notices matter.
      const effective = iso(fact.day + 1);
      latestPolicy = `later-${index}`;
      const purpose = index % 2
        ? { default: { regime: 'excluded' as const, legalBasis: 'consent' as const }, rules: {}, minimumAge: 18 }
        : { default: { regime: 'opt_out' as const, legalBasis: 'legitimate_interest' as const }, rules: {}, minimumAge: 18, noticePeriodDays: 3 };
      policies.push({ recordedAt: at, policy: { id: latestPolicy, announcedAt: at, effectiveAt: effective, purposes: { [PURPOSE]: purpose } } });
    }
  }
  return { timeline: { profiles, choices: { [PURPOSE]: choices }, notices, ...(erasedAt === undefined ? {} : { erasedAt }) }, policies };
}

const fact = fc.record({
  day: fc.integer({ min: 0, max: 500 }),
  kind: fc.constantFrom('profile', 'choice', 'choice', 'notice', 'policy', 'erasure'),
  country: fc.constantFrom('US', 'FR', 'GB', 'CA', 'RE'),
  choice: fc.constantFrom('granted', 'denied'),
  suspectedMinor: fc.boolean(),
  // Members who come of age inside the days asked about, a 29 February among them, and adults.
  birthDate: fc.constantFrom('1990-04-01', '2007-06-15', '2008-02-29', '2006-11-20', undefined),
}) as fc.Arbitrary<Fact>;

describe('the replay invariant', () => {
  it('asked later with knownAt = K, every answer is the one given at K', () => {
    fc.assert(
      fc.property(fc.array(fact, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 520 }), fc.integer({ min: 0, max: 520 }), (facts, t, k) => {
        // Facts recorded on the same day as K, or before, were known at K (the ledger at the end of day K).
        const known = new Date(BASE + k * DAY + DAY - 1);
        const at = new Date(BASE + t * DAY + DAY / 2);
        // The ledger as it stood at K: built only from what had been recorded by then.
        const then = ledger(facts.filter((one) => one.day <= k));
        const now = ledger(facts);
        const policiesThen = then.policies.filter((p) => Date.parse(p.recordedAt) <= known.getTime()).map((p) => p.policy);
        const liveAtK = decideEligibility(then.timeline.profiles.length > 0 ? then.timeline : undefined, policiesThen, PURPOSE, at);
        const replayed = decideEligibility(
          knownTimeline(now.timeline, known),
          now.policies.filter((p) => Date.parse(p.recordedAt) <= known.getTime()).map((p) => p.policy),
          PURPOSE,
          at,
        );
        expect(replayed).toEqual(liveAtK);
      }),
      { numRuns: 500 },
    );
  });
});

describe('knownTimeline', () => {
  const timeline: MemberTimeline = {
    profiles: [{ from: iso(10), country: 'US' }, { from: iso(20), country: 'FR' }],
    choices: { [PURPOSE]: [{ at: iso(12), choice: 'denied' }, { at: iso(22), choice: 'granted' }] },
    notices: { v: iso(15) },
  };
  it.each([
    { name: 'before the first profile: not known yet', k: 9, expected: undefined },
    { name: 'with the first profile, before any choice', k: 11, expected: { profiles: 1, choices: 0, notices: 0 } },
    { name: 'after the first choice and the notice', k: 16, expected: { profiles: 1, choices: 1, notices: 1 } },
    { name: 'everything', k: 30, expected: { profiles: 2, choices: 2, notices: 1 } },
  ])('$name', ({ k, expected }) => {
    const known = knownTimeline(timeline, new Date(iso(k)));
    expect(known === undefined ? undefined : { profiles: known.profiles.length, choices: known.choices[PURPOSE]!.length, notices: Object.keys(known.notices).length }).toEqual(expected);
  });

  it.each([
    { name: 'known before the erasure: not erased, the profile facts as kept', k: 39, erased: false },
    { name: 'known at the erasure: erased', k: 40, erased: true },
    { name: 'known after it: erased', k: 50, erased: true },
  ])('an erasure is known from its erasedAt on: $name', ({ k, erased }) => {
    const known = knownTimeline({ ...timeline, erasedAt: iso(40) }, new Date(iso(k)));
    expect(known?.erasedAt !== undefined).toBe(erased);
    expect(known?.profiles).toHaveLength(2);
  });

  it('an answer known before the erasure is the one given then, for any time; known after it, erased for any time', () => {
    const before = { profiles: [{ from: iso(0), country: 'US', birthDate: '2007-06-15' }], choices: {}, notices: {} } satisfies MemberTimeline;
    const erased: MemberTimeline = { ...before, profiles: before.profiles.map((profile) => erasedProfile(profile, [18])), erasedAt: iso(300) };
    for (const t of [100, 257, 258, 299, 300, 400]) {
      const asked = new Date(iso(t));
      const given = decideEligibility(before, REFERENCE_POLICIES, PURPOSE, asked);
      expect(decideEligibility(knownTimeline(erased, new Date(iso(299))), REFERENCE_POLICIES, PURPOSE, asked), `T = day ${t}`).toEqual(given);
      expect(decideEligibility(knownTimeline(erased, new Date(iso(300))), REFERENCE_POLICIES, PURPOSE, asked).reason).toBe('erased');
    }
  });

  it('lands lookups no later than K', () => {
    expect(lookupTime(new Date(iso(30)), new Date(iso(20))).toISOString()).toBe(iso(20));
    expect(lookupTime(new Date(iso(10)), new Date(iso(20))).toISOString()).toBe(iso(10));
    expect(lookupTime(new Date(iso(10)), undefined).toISOString()).toBe(iso(10));
  });
});
