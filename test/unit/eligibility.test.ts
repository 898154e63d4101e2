// decideEligibility against DOMAIN.md sections 3 and 4: every reason, jurisdiction precedence,
// age at T, policy boundaries, carry-over, non-retroactivity, profile history, reference policies.
import { describe, expect, it } from 'vitest';
import { decideEligibility, REASONS, type Decision, type Reason } from '../../lib/domain/eligibility.ts';
import { erasedProfile } from '../../lib/domain/erasure.ts';
import type { ChoiceEntry, MemberTimeline, ProfileVersion } from '../../lib/domain/member.ts';
import type { PolicyVersion, PurposePolicy, Regime, RegimeRule } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import type { Deps } from '../../lib/app/deps.ts';
import { checkEligibility, checkEligibilityBatch } from '../../lib/app/eligibility.ts';

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const PURPOSE = 'genai-training';
const DAY_MS = 86_400_000;

const at = (iso: string): Date => new Date(iso);
const shift = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

const OPT_OUT: RegimeRule = { regime: 'opt_out', legalBasis: 'legitimate_interest' };
const OPT_IN: RegimeRule = { regime: 'opt_in', legalBasis: 'consent' };
const EXCLUDED: RegimeRule = { regime: 'excluded' };

/** A profile recorded from 2020 on (so it applies at every time these tests ask about). */
function profile(country: string, extra: Partial<ProfileVersion> = {}): ProfileVersion {
  return { from: '2020-01-01T00:00:00.000Z', country, ...extra };
}

function member(
  profiles: ProfileVersion[] | ProfileVersion,
  options: { choices?: ChoiceEntry[]; notices?: Record<string, string> } = {},
): MemberTimeline {
  return {
    profiles: Array.isArray(profiles) ? profiles : [profiles],
    choices: options.choices ? { [PURPOSE]: options.choices } : {},
    notices: options.notices ?? {},
  };
}

const granted = (iso: string): ChoiceEntry => ({ at: iso, choice: 'granted' });
const denied = (iso: string): ChoiceEntry => ({ at: iso, choice: 'denied' });

function purposePolicy(overrides: Partial<PurposePolicy> = {}): PurposePolicy {
  return { default: OPT_OUT, rules: {}, minimumAge: 18, ...overrides };
}

function policy(id: string, effectiveAt: string, purpose: Partial<PurposePolicy> = {}): PolicyVersion {
  return { id, announcedAt: effectiveAt, effectiveAt, purposes: { [PURPOSE]: purposePolicy(purpose) } };
}

/** The main test policy: opt-out by default, GB excluded, California opt-in. */
const P1_EFFECTIVE = '2025-01-01T00:00:00.000Z';
const P1 = policy('p1', P1_EFFECTIVE, { rules: { GB: EXCLUDED, 'US-CA': OPT_IN } });
const T = '2025-06-01T12:00:00.000Z';

// ---------------------------------------------------------------------------------------------
// Every reason code
// ---------------------------------------------------------------------------------------------

interface ReasonCase {
  name: string;
  member: MemberTimeline | undefined;
  policies?: PolicyVersion[];
  purpose?: string;
  at?: string;
  expected: Decision;
}

const reasonCases: ReasonCase[] = [
  {
    name: 'unknown_member: no member at all',
    member: undefined,
    expected: { eligible: false, reason: 'unknown_member', policyVersion: null },
  },
  {
    name: 'unknown_member: a member with no profiles',
    member: { profiles: [], choices: { [PURPOSE]: [granted('2025-02-01T00:00:00Z')] }, notices: {} },
    expected: { eligible: false, reason: 'unknown_member', policyVersion: null },
  },
  {
    name: 'erased: an erased member, whatever they chose',
    member: { ...member(profile('US'), { choices: [granted('2025-02-01T00:00:00Z')] }), erasedAt: '2025-05-01T00:00:00.000Z' },
    expected: { eligible: false, reason: 'erased', policyVersion: null },
  },
  {
    name: 'erased: also for a time before the erasure, once it is known (replays known earlier do not see it)',
    member: { ...member(profile('US')), erasedAt: '2025-07-01T00:00:00.000Z' },
    expected: { eligible: false, reason: 'erased', policyVersion: null },
  },
  {
    name: 'erased: checked right after rule 1, before the policy in force (none at T)',
    member: { ...member(profile('US')), erasedAt: '2025-05-01T00:00:00.000Z' },
    at: '2024-12-31T23:59:59.999Z',
    expected: { eligible: false, reason: 'erased', policyVersion: null },
  },
  {
    name: 'erased: before minor',
    member: { ...member(profile('US', { suspectedMinor: true })), erasedAt: '2025-05-01T00:00:00.000Z' },
    expected: { eligible: false, reason: 'erased', policyVersion: null },
  },
  {
    name: 'unknown_member: rule 1 still comes first (no profile at all, an erasure mark)',
    member: { profiles: [], choices: {}, notices: {}, erasedAt: '2025-05-01T00:00:00.000Z' },
    expected: { eligible: false, reason: 'unknown_member', policyVersion: null },
  },
  {
    name: 'no_policy_in_force: T before the first effectiveAt',
    member: member(profile('US')),
    at: '2024-12-31T23:59:59.999Z',
    expected: { eligible: false, reason: 'no_policy_in_force', policyVersion: null },
  },
  {
    name: 'no_policy_in_force: no policies at all',
    member: member(profile('US')),
    policies: [],
    expected: { eligible: false, reason: 'no_policy_in_force', policyVersion: null },
  },
  {
    name: 'purpose_not_covered: the policy in force does not define the purpose',
    member: member(profile('US')),
    purpose: 'ads-targeting',
    expected: { eligible: false, reason: 'purpose_not_covered', policyVersion: 'p1' },
  },
  {
    // "constructor" is a valid purpose id (PURPOSE_PATTERN); a later version may define it, so
    // it is a known purpose, but p1 (in force at T) does not define it.
    name: 'purpose_not_covered: a purpose named like an Object.prototype property, not in the policy in force',
    member: member(profile('US')),
    policies: [P1, { id: 'p2', announcedAt: '2026-01-01T00:00:00Z', effectiveAt: '2026-01-01T00:00:00Z', purposes: { constructor: purposePolicy() } }],
    purpose: 'constructor',
    expected: { eligible: false, reason: 'purpose_not_covered', policyVersion: 'p1' },
  },
  {
    name: 'minor: birthDate under minimumAge at T',
    member: member(profile('US', { birthDate: '2010-01-01' })),
    expected: { eligible: false, reason: 'minor', policyVersion: 'p1' },
  },
  {
    name: 'minor: under age even though the member granted',
    member: member(profile('US', { birthDate: '2010-01-01' }), { choices: [granted('2025-02-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'minor', policyVersion: 'p1' },
  },
  {
    name: 'minor: suspectedMinor, adult birth date',
    member: member(profile('US', { birthDate: '1990-01-01', suspectedMinor: true })),
    expected: { eligible: false, reason: 'minor', policyVersion: 'p1' },
  },
  {
    name: 'minor: suspectedMinor even when the member granted',
    member: member(profile('US', { suspectedMinor: true }), { choices: [granted('2025-02-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'minor', policyVersion: 'p1' },
  },
  {
    name: 'minor: checked before the jurisdiction (minor in an excluded country)',
    member: member(profile('GB', { suspectedMinor: true })),
    expected: { eligible: false, reason: 'minor', policyVersion: 'p1' },
  },
  {
    name: 'not a minor: suspectedMinor false and no birth date',
    member: member(profile('US', { suspectedMinor: false })),
    expected: {
      eligible: true,
      reason: 'default_opt_in',
      policyVersion: 'p1',
      jurisdiction: 'default',
      regime: 'opt_out',
      legalBasis: 'legitimate_interest',
    },
  },
  {
    name: 'excluded_jurisdiction: no choice',
    member: member(profile('GB')),
    expected: { eligible: false, reason: 'excluded_jurisdiction', policyVersion: 'p1', jurisdiction: 'GB', regime: 'excluded', legalBasis: undefined },
  },
  {
    name: 'excluded_jurisdiction: even when the member granted',
    member: member(profile('GB'), { choices: [granted('2025-02-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'excluded_jurisdiction', policyVersion: 'p1', jurisdiction: 'GB', regime: 'excluded', legalBasis: undefined },
  },
  {
    name: 'opted_out: denied in an opt_out regime',
    member: member(profile('US'), { choices: [denied('2025-02-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'opted_out', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
  {
    name: 'opted_out: denied in an opt_in regime',
    member: member(profile('US', { subdivision: 'US-CA' }), { choices: [denied('2025-02-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'opted_out', policyVersion: 'p1', jurisdiction: 'US-CA', regime: 'opt_in', legalBasis: 'consent' },
  },
  {
    name: 'opted_out: the latest choice wins (granted, then denied)',
    member: member(profile('US'), { choices: [granted('2025-02-01T00:00:00Z'), denied('2025-03-01T00:00:00Z')] }),
    expected: { eligible: false, reason: 'opted_out', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
  {
    name: 'opted_in: granted in an opt_in regime',
    member: member(profile('US', { subdivision: 'US-CA' }), { choices: [granted('2025-02-01T00:00:00Z')] }),
    expected: { eligible: true, reason: 'opted_in', policyVersion: 'p1', jurisdiction: 'US-CA', regime: 'opt_in', legalBasis: 'consent' },
  },
  {
    name: 'opted_in: granted in an opt_out regime',
    member: member(profile('US'), { choices: [granted('2025-02-01T00:00:00Z')] }),
    expected: { eligible: true, reason: 'opted_in', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
  {
    name: 'opted_in: the latest choice wins (denied, then granted)',
    member: member(profile('US'), { choices: [denied('2025-02-01T00:00:00Z'), granted('2025-03-01T00:00:00Z')] }),
    expected: { eligible: true, reason: 'opted_in', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
  {
    name: 'no_consent: opt_in regime without a choice',
    member: member(profile('US', { subdivision: 'US-CA' })),
    expected: { eligible: false, reason: 'no_consent', policyVersion: 'p1', jurisdiction: 'US-CA', regime: 'opt_in', legalBasis: 'consent' },
  },
  {
    name: 'no_consent: a choice for another purpose does not count',
    member: {
      profiles: [profile('US', { subdivision: 'US-CA' })],
      choices: { 'other-purpose': [granted('2025-02-01T00:00:00Z')] },
      notices: {},
    },
    expected: { eligible: false, reason: 'no_consent', policyVersion: 'p1', jurisdiction: 'US-CA', regime: 'opt_in', legalBasis: 'consent' },
  },
  {
    name: 'default_opt_in: opt_out regime without a choice',
    member: member(profile('US')),
    expected: { eligible: true, reason: 'default_opt_in', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
  {
    name: 'notice_pending: noticePeriodDays set and no notice delivered',
    member: member(profile('US')),
    policies: [policy('p1', P1_EFFECTIVE, { noticePeriodDays: 30 })],
    expected: { eligible: false, reason: 'notice_pending', policyVersion: 'p1', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' },
  },
];

describe('decideEligibility: every reason code', () => {
  it.each(reasonCases)('$name', ({ member: m, policies = [P1], purpose = PURPOSE, at: t = T, expected }) => {
    expect(decideEligibility(m, policies, purpose, at(t))).toEqual(expected);
  });

  it('the table covers every reason DOMAIN.md section 3 names', () => {
    const covered = new Set<Reason>(reasonCases.map((c) => c.expected.reason));
    expect([...covered].sort()).toEqual([...REASONS].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Notice period
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: notice period (noticePeriodDays = N)', () => {
  const NOTICE_T = '2025-03-01T00:00:00.000Z';

  interface NoticeCase {
    name: string;
    days: number | undefined;
    notices: Record<string, string>;
    reason: Reason;
  }
  it.each<NoticeCase>([
    { name: 'N = 30, no notice delivered', days: 30, notices: {}, reason: 'notice_pending' },
    { name: 'N = 30, delivered 29 days before T', days: 30, notices: { p1: shift(NOTICE_T, -29 * DAY_MS) }, reason: 'notice_pending' },
    { name: 'N = 30, delivered 30 days minus 1 ms before T', days: 30, notices: { p1: shift(NOTICE_T, -30 * DAY_MS + 1) }, reason: 'notice_pending' },
    { name: 'N = 30, delivered exactly 30 days before T', days: 30, notices: { p1: shift(NOTICE_T, -30 * DAY_MS) }, reason: 'default_opt_in' },
    { name: 'N = 30, delivered 31 days before T', days: 30, notices: { p1: shift(NOTICE_T, -31 * DAY_MS) }, reason: 'default_opt_in' },
    { name: 'N = 30, delivered after T', days: 30, notices: { p1: shift(NOTICE_T, DAY_MS) }, reason: 'notice_pending' },
    { name: 'N = 30, only a notice for another policy version', days: 30, notices: { p0: shift(NOTICE_T, -60 * DAY_MS) }, reason: 'notice_pending' },
    { name: 'N = 0, delivered exactly at T', days: 0, notices: { p1: NOTICE_T }, reason: 'default_opt_in' },
    { name: 'N = 0, delivered 1 ms after T', days: 0, notices: { p1: shift(NOTICE_T, 1) }, reason: 'notice_pending' },
    { name: 'N = 0, no notice delivered', days: 0, notices: {}, reason: 'notice_pending' },
    { name: 'N unset, no notice delivered', days: undefined, notices: {}, reason: 'default_opt_in' },
  ])('$name → $reason', ({ days, notices, reason }) => {
    const policies = [policy('p1', P1_EFFECTIVE, { noticePeriodDays: days })];
    const decision = decideEligibility(member(profile('US'), { notices }), policies, PURPOSE, at(NOTICE_T));
    expect(decision).toMatchObject({ reason, eligible: reason === 'default_opt_in', policyVersion: 'p1' });
  });

  it.each([
    { name: 'an explicit grant is not held back by the notice period', m: member(profile('US'), { choices: [granted('2025-02-01T00:00:00Z')] }), reason: 'opted_in' },
    { name: 'an explicit denial still opts out', m: member(profile('US'), { choices: [denied('2025-02-01T00:00:00Z')] }), reason: 'opted_out' },
    { name: 'opt_in regime without a choice is no_consent, not notice_pending', m: member(profile('US', { subdivision: 'US-CA' })), reason: 'no_consent' },
    { name: 'an excluded jurisdiction stays excluded', m: member(profile('GB')), reason: 'excluded_jurisdiction' },
    { name: 'a minor stays a minor', m: member(profile('US', { suspectedMinor: true })), reason: 'minor' },
  ])('$name', ({ m, reason }) => {
    const policies = [policy('p1', P1_EFFECTIVE, { noticePeriodDays: 30, rules: { GB: EXCLUDED, 'US-CA': OPT_IN } })];
    expect(decideEligibility(m, policies, PURPOSE, at(NOTICE_T)).reason).toBe(reason);
  });
});

// ---------------------------------------------------------------------------------------------
// Jurisdictions and precedence
// ---------------------------------------------------------------------------------------------

interface PrecedenceCase {
  name: string;
  rules: Record<string, RegimeRule>;
  defaultRule?: RegimeRule;
  where: { country: string; subdivision?: string };
  jurisdiction: string;
  regime: Regime;
  reason: Reason;
}

describe('decideEligibility: jurisdiction precedence (subdivision > country > group > default)', () => {
  it.each<PrecedenceCase>([
    {
      name: 'subdivision rule beats country rule',
      rules: { 'US-CA': OPT_IN, US: EXCLUDED },
      where: { country: 'US', subdivision: 'US-CA' },
      jurisdiction: 'US-CA', regime: 'opt_in', reason: 'no_consent',
    },
    {
      name: 'subdivision rule beats group rule',
      rules: { 'DE-BY': OPT_OUT, EU: EXCLUDED },
      where: { country: 'DE', subdivision: 'DE-BY' },
      jurisdiction: 'DE-BY', regime: 'opt_out', reason: 'default_opt_in',
    },
    {
      name: 'country rule beats group rule',
      rules: { FR: OPT_OUT, EU: EXCLUDED },
      where: { country: 'FR' },
      jurisdiction: 'FR', regime: 'opt_out', reason: 'default_opt_in',
    },
    {
      name: 'group rule beats default',
      rules: { EU: EXCLUDED },
      where: { country: 'FR' },
      jurisdiction: 'EU', regime: 'excluded', reason: 'excluded_jurisdiction',
    },
    {
      name: 'no matching rule falls to default',
      rules: { EU: EXCLUDED, GB: EXCLUDED },
      where: { country: 'US' },
      jurisdiction: 'default', regime: 'opt_out', reason: 'default_opt_in',
    },
    {
      name: 'a subdivision without its own rule falls to the country rule',
      rules: { 'US-CA': OPT_IN, US: EXCLUDED },
      where: { country: 'US', subdivision: 'US-NY' },
      jurisdiction: 'US', regime: 'excluded', reason: 'excluded_jurisdiction',
    },
    {
      name: 'a subdivision without subdivision or country rule falls to the group rule',
      rules: { 'DE-BY': OPT_OUT, EU: OPT_IN },
      where: { country: 'DE', subdivision: 'DE-BE' },
      jurisdiction: 'EU', regime: 'opt_in', reason: 'no_consent',
    },
    {
      name: 'a subdivision without any matching rule falls to default',
      rules: { 'US-CA': OPT_IN },
      where: { country: 'US', subdivision: 'US-TX' },
      jurisdiction: 'default', regime: 'opt_out', reason: 'default_opt_in',
    },
    {
      name: 'a country rule does not apply to another country',
      rules: { GB: EXCLUDED },
      where: { country: 'IE' },
      jurisdiction: 'default', regime: 'opt_out', reason: 'default_opt_in',
    },
    {
      name: 'the default regime itself may be opt_in',
      rules: {},
      defaultRule: OPT_IN,
      where: { country: 'US' },
      jurisdiction: 'default', regime: 'opt_in', reason: 'no_consent',
    },
    {
      name: 'the default regime itself may be excluded',
      rules: { US: OPT_OUT },
      defaultRule: EXCLUDED,
      where: { country: 'JP' },
      jurisdiction: 'default', regime: 'excluded', reason: 'excluded_jurisdiction',
    },
  ])('$name', ({ rules, defaultRule = OPT_OUT, where, jurisdiction, regime, reason }) => {
    const policies = [policy('p1', P1_EFFECTIVE, { rules, default: defaultRule })];
    const decision = decideEligibility(member(profile(where.country, where)), policies, PURPOSE, at(T));
    expect(decision).toMatchObject({ jurisdiction, regime, reason, policyVersion: 'p1' });
  });

  describe('EU group vs EEA group', () => {
    const policies = [policy('p1', P1_EFFECTIVE, { rules: { EU: OPT_IN, EEA: EXCLUDED } })];

    it.each([
      { country: 'FR', jurisdiction: 'EU', regime: 'opt_in', reason: 'no_consent' },
      { country: 'DE', jurisdiction: 'EU', regime: 'opt_in', reason: 'no_consent' },
      { country: 'GR', jurisdiction: 'EU', regime: 'opt_in', reason: 'no_consent' },
      { country: 'IE', jurisdiction: 'EU', regime: 'opt_in', reason: 'no_consent' },
      { country: 'NO', jurisdiction: 'EEA', regime: 'excluded', reason: 'excluded_jurisdiction' },
      { country: 'IS', jurisdiction: 'EEA', regime: 'excluded', reason: 'excluded_jurisdiction' },
      { country: 'LI', jurisdiction: 'EEA', regime: 'excluded', reason: 'excluded_jurisdiction' },
      { country: 'CH', jurisdiction: 'default', regime: 'opt_out', reason: 'default_opt_in' },
      { country: 'GB', jurisdiction: 'default', regime: 'opt_out', reason: 'default_opt_in' },
    ])('$country → $jurisdiction ($regime, $reason)', ({ country, jurisdiction, regime, reason }) => {
      expect(decideEligibility(member(profile(country)), policies, PURPOSE, at(T))).toMatchObject({
        jurisdiction,
        regime,
        reason,
      });
    });

    it.each([
      { country: 'FR', jurisdiction: 'EEA' },
      { country: 'NO', jurisdiction: 'EEA' },
      { country: 'CH', jurisdiction: 'default' },
    ])('with only an EEA rule, $country → $jurisdiction', ({ country, jurisdiction }) => {
      const eeaOnly = [policy('p1', P1_EFFECTIVE, { rules: { EEA: EXCLUDED } })];
      expect(decideEligibility(member(profile(country)), eeaOnly, PURPOSE, at(T)).jurisdiction).toBe(jurisdiction);
    });
  });

  it('reports the rule legal basis with the matched jurisdiction', () => {
    const policies = [policy('p1', P1_EFFECTIVE, { rules: { FR: { regime: 'opt_out', legalBasis: 'contract' } } })];
    expect(decideEligibility(member(profile('FR')), policies, PURPOSE, at(T))).toEqual({
      eligible: true,
      reason: 'default_opt_in',
      policyVersion: 'p1',
      jurisdiction: 'FR',
      regime: 'opt_out',
      legalBasis: 'contract',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Minimum age at T
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: minimum age at T', () => {
  const cases = [
    { name: 'the day before the 18th birthday (last ms)', birthDate: '2007-06-15', minimumAge: 18, t: '2025-06-14T23:59:59.999Z', reason: 'minor' },
    { name: 'the day before the 18th birthday (noon)', birthDate: '2007-06-15', minimumAge: 18, t: '2025-06-14T12:00:00.000Z', reason: 'minor' },
    { name: 'on the 18th birthday (first ms)', birthDate: '2007-06-15', minimumAge: 18, t: '2025-06-15T00:00:00.000Z', reason: 'default_opt_in' },
    { name: 'the day after the 18th birthday', birthDate: '2007-06-15', minimumAge: 18, t: '2025-06-16T00:00:00.000Z', reason: 'default_opt_in' },
    { name: 'age is taken by the UTC calendar', birthDate: '2007-06-15', minimumAge: 18, t: '2025-06-15T01:00:00+02:00', reason: 'minor' },
    { name: '29 Feb birthday: 28 Feb of the 18th (non-leap) year', birthDate: '2008-02-29', minimumAge: 18, t: '2026-02-28T23:59:59.999Z', reason: 'minor' },
    { name: '29 Feb birthday: turns 18 on 1 March of a non-leap year', birthDate: '2008-02-29', minimumAge: 18, t: '2026-03-01T00:00:00.000Z', reason: 'default_opt_in' },
    { name: '29 Feb birthday, minimumAge 16: 28 Feb of a leap year', birthDate: '2008-02-29', minimumAge: 16, t: '2024-02-28T23:59:59.999Z', reason: 'minor' },
    { name: '29 Feb birthday, minimumAge 16: 29 Feb of a leap year', birthDate: '2008-02-29', minimumAge: 16, t: '2024-02-29T00:00:00.000Z', reason: 'default_opt_in' },
    { name: 'minimumAge 0: a newborn is not a minor', birthDate: '2025-06-01', minimumAge: 0, t: '2025-06-01T12:00:00.000Z', reason: 'default_opt_in' },
    { name: 'minimumAge 21: a 20-year-old is a minor', birthDate: '2005-01-01', minimumAge: 21, t: '2025-06-01T12:00:00.000Z', reason: 'minor' },
  ];
  it.each(cases)('$name → $reason', ({ birthDate, minimumAge, t, reason }) => {
    const policies = [policy('p1', '2020-01-01T00:00:00.000Z', { minimumAge })];
    const m = member(profile('US', { birthDate, from: '2000-01-01T00:00:00.000Z' }));
    expect(decideEligibility(m, policies, PURPOSE, at(t)).reason).toBe(reason);
  });

  // What a replay known before an erasure sees: the profile as the erasure left it (no birth date,
  // the day the member came of each age in use), without the erasure itself.
  it.each(cases)('erased, replayed from the day kept: $name → $reason', ({ birthDate, minimumAge, t, reason }) => {
    const policies = [policy('p1', '2020-01-01T00:00:00.000Z', { minimumAge })];
    const kept = erasedProfile(profile('US', { birthDate, from: '2000-01-01T00:00:00.000Z' }), [minimumAge, 99]);
    expect(kept.birthDate).toBeUndefined();
    expect(decideEligibility(member(kept), policies, PURPOSE, at(t)).reason).toBe(reason);
  });

  it('an age the erasure kept no day for (no policy set it then) counts as a minor: fail closed', () => {
    const policies = [policy('p1', '2020-01-01T00:00:00.000Z', { minimumAge: 16 })];
    const kept = erasedProfile(profile('US', { birthDate: '1970-01-01' }), [18]);
    expect(decideEligibility(member(kept), policies, PURPOSE, at(T)).reason).toBe('minor');
  });

  it('the same member is a minor before the birthday and eligible after it (age is evaluated at T, not now)', () => {
    const m = member(profile('US', { birthDate: '2007-06-15' }));
    const policies = [policy('p1', '2020-01-01T00:00:00.000Z')];
    expect(decideEligibility(m, policies, PURPOSE, at('2024-01-01T00:00:00Z')).reason).toBe('minor');
    expect(decideEligibility(m, policies, PURPOSE, at('2030-01-01T00:00:00Z')).reason).toBe('default_opt_in');
  });
});

// ---------------------------------------------------------------------------------------------
// Policy boundaries and carry-over
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: policy boundaries', () => {
  const A_EFFECTIVE = '2025-01-01T00:00:00.000Z';
  const B_EFFECTIVE = '2025-06-01T00:00:00.000Z';
  const A = policy('A', A_EFFECTIVE, { default: OPT_OUT });
  const B = { ...policy('B', B_EFFECTIVE, { default: OPT_IN }), announcedAt: '2025-04-15T00:00:00.000Z' };

  it.each([
    { name: '1 ms before A → nothing in force', t: shift(A_EFFECTIVE, -1), reason: 'no_policy_in_force', policyVersion: null },
    { name: 'exactly at A.effectiveAt → A', t: A_EFFECTIVE, reason: 'default_opt_in', policyVersion: 'A' },
    { name: 'after B was announced but before it is effective → A', t: '2025-05-01T00:00:00.000Z', reason: 'default_opt_in', policyVersion: 'A' },
    { name: '1 ms before B → A', t: shift(B_EFFECTIVE, -1), reason: 'default_opt_in', policyVersion: 'A' },
    { name: 'exactly at B.effectiveAt → B', t: B_EFFECTIVE, reason: 'no_consent', policyVersion: 'B' },
    { name: 'long after B → B', t: '2030-01-01T00:00:00.000Z', reason: 'no_consent', policyVersion: 'B' },
  ])('$name', ({ t, reason, policyVersion }) => {
    for (const policies of [[A, B], [B, A]]) {
      expect(decideEligibility(member(profile('US')), policies, PURPOSE, at(t))).toMatchObject({ reason, policyVersion });
    }
  });

  it('a purpose dropped by the newer version is not covered from its effectiveAt', () => {
    const dropped: PolicyVersion = { id: 'C', announcedAt: B_EFFECTIVE, effectiveAt: B_EFFECTIVE, purposes: { other: purposePolicy() } };
    const m = member(profile('US'));
    expect(decideEligibility(m, [A, dropped], PURPOSE, at(shift(B_EFFECTIVE, -1)))).toMatchObject({ reason: 'default_opt_in', policyVersion: 'A' });
    expect(decideEligibility(m, [A, dropped], PURPOSE, at(B_EFFECTIVE))).toEqual({ eligible: false, reason: 'purpose_not_covered', policyVersion: 'C' });
  });
});

describe('decideEligibility: choices carry across policy versions', () => {
  const A = policy('A', '2025-01-01T00:00:00.000Z', { default: OPT_OUT });
  const B = policy('B', '2025-06-01T00:00:00.000Z', { default: OPT_IN });
  const LATER = '2025-09-01T00:00:00.000Z';

  it.each([
    { name: 'denied under A → opted_out under B', choices: [denied('2025-02-01T00:00:00Z')], reason: 'opted_out', eligible: false },
    { name: 'granted under A → opted_in under B (opt_in regime)', choices: [granted('2025-02-01T00:00:00Z')], reason: 'opted_in', eligible: true },
    { name: 'denied before any policy existed → opted_out under B', choices: [denied('2024-06-01T00:00:00Z')], reason: 'opted_out', eligible: false },
    { name: 'no choice under A → no_consent under B', choices: [], reason: 'no_consent', eligible: false },
  ])('$name', ({ choices, reason, eligible }) => {
    expect(decideEligibility(member(profile('US'), { choices }), [A, B], PURPOSE, at(LATER))).toMatchObject({
      reason,
      eligible,
      policyVersion: 'B',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Non-retroactivity and profile history
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: choices are never retroactive', () => {
  const C = '2025-03-01T12:00:00.000Z';
  const optedOutAtC = member(profile('US'), { choices: [denied(C)] });

  it.each([
    { name: 'T long before C', t: '2025-01-15T00:00:00.000Z', reason: 'default_opt_in', eligible: true },
    { name: 'T 1 ms before C', t: shift(C, -1), reason: 'default_opt_in', eligible: true },
    { name: 'T exactly at C (the choice counts)', t: C, reason: 'opted_out', eligible: false },
    { name: 'T 1 ms after C', t: shift(C, 1), reason: 'opted_out', eligible: false },
    { name: 'T a year after C', t: '2026-03-01T12:00:00.000Z', reason: 'opted_out', eligible: false },
  ])('denied at C, $name → $reason', ({ t, reason, eligible }) => {
    expect(decideEligibility(optedOutAtC, [P1], PURPOSE, at(t))).toMatchObject({ reason, eligible, policyVersion: 'p1' });
  });

  const history = member(profile('US', { subdivision: 'US-CA' }), {
    choices: [granted('2025-02-01T00:00:00.000Z'), denied('2025-04-01T00:00:00.000Z'), granted('2025-05-01T00:00:00.000Z')],
  });
  it.each([
    { t: '2025-01-31T23:59:59.999Z', reason: 'no_consent' },
    { t: '2025-02-01T00:00:00.000Z', reason: 'opted_in' },
    { t: '2025-03-31T23:59:59.999Z', reason: 'opted_in' },
    { t: '2025-04-01T00:00:00.000Z', reason: 'opted_out' },
    { t: '2025-04-30T23:59:59.999Z', reason: 'opted_out' },
    { t: '2025-05-01T00:00:00.000Z', reason: 'opted_in' },
  ])('grant/deny/grant history in an opt_in regime: at $t → $reason', ({ t, reason }) => {
    expect(decideEligibility(history, [P1], PURPOSE, at(t)).reason).toBe(reason);
  });
});

describe('decideEligibility: profile history', () => {
  const policies = [policy('p1', '2024-01-01T00:00:00.000Z', { rules: { EU: EXCLUDED, 'US-CA': OPT_IN } })];

  const movedToFrance = member([
    { from: '2025-03-01T00:00:00.000Z', country: 'US' },
    { from: '2025-06-01T00:00:00.000Z', country: 'FR' },
  ]);
  it.each([
    { name: 'before the first profile was recorded → first profile (US)', t: '2024-06-01T00:00:00.000Z', reason: 'default_opt_in', jurisdiction: 'default' },
    { name: 'when the first profile was recorded → US', t: '2025-03-01T00:00:00.000Z', reason: 'default_opt_in', jurisdiction: 'default' },
    { name: '1 ms before the move → US', t: '2025-05-31T23:59:59.999Z', reason: 'default_opt_in', jurisdiction: 'default' },
    { name: 'exactly at the move → FR', t: '2025-06-01T00:00:00.000Z', reason: 'excluded_jurisdiction', jurisdiction: 'EU' },
    { name: 'after the move → FR', t: '2026-01-01T00:00:00.000Z', reason: 'excluded_jurisdiction', jurisdiction: 'EU' },
  ])('US → FR: $name', ({ t, reason, jurisdiction }) => {
    expect(decideEligibility(movedToFrance, policies, PURPOSE, at(t))).toMatchObject({ reason, jurisdiction });
  });

  const movedToCalifornia = member([
    { from: '2025-03-01T00:00:00.000Z', country: 'US', subdivision: 'US-NY' },
    { from: '2025-06-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA' },
  ]);
  it.each([
    { t: '2025-05-31T23:59:59.999Z', reason: 'default_opt_in', jurisdiction: 'default' },
    { t: '2025-06-01T00:00:00.000Z', reason: 'no_consent', jurisdiction: 'US-CA' },
  ])('US-NY → US-CA: at $t → $reason', ({ t, reason, jurisdiction }) => {
    expect(decideEligibility(movedToCalifornia, policies, PURPOSE, at(t))).toMatchObject({ reason, jurisdiction });
  });

  const flaggedLater = member([
    { from: '2025-01-01T00:00:00.000Z', country: 'US' },
    { from: '2025-04-01T00:00:00.000Z', country: 'US', suspectedMinor: true },
  ]);
  it.each([
    { t: '2025-03-31T23:59:59.999Z', reason: 'default_opt_in' },
    { t: '2025-04-01T00:00:00.000Z', reason: 'minor' },
  ])('suspectedMinor recorded later applies only from then: at $t → $reason', ({ t, reason }) => {
    expect(decideEligibility(flaggedLater, policies, PURPOSE, at(t)).reason).toBe(reason);
  });
});

// ---------------------------------------------------------------------------------------------
// The reference policies (DOMAIN.md section 4)
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: REFERENCE_POLICIES', () => {
  const decide = (m: MemberTimeline, t: string) => decideEligibility(m, REFERENCE_POLICIES, PURPOSE, at(t));
  const adult = (country: string, extra: Partial<ProfileVersion> = {}) =>
    member(profile(country, { birthDate: '1990-05-05', ...extra }));

  it.each([
    { country: 'US', t: '2025-01-01T00:00:00.000Z' },
    { country: 'CA', t: '2025-01-01T00:00:00.000Z' },
    { country: 'JP', t: '2025-01-01T00:00:00.000Z' },
    { country: 'US', t: '2024-11-20T00:00:00.000Z' },
    { country: 'US', t: '2025-11-02T23:59:59.999Z' },
  ])('$country at $t → default_opt_in under 2024-11-20', ({ country, t }) => {
    expect(decide(adult(country), t)).toEqual({
      eligible: true,
      reason: 'default_opt_in',
      policyVersion: '2024-11-20',
      jurisdiction: 'default',
      regime: 'opt_out',
      legalBasis: 'legitimate_interest',
    });
  });

  const onceExcluded = [
    { country: 'FR', jurisdiction: 'EU' },
    { country: 'DE', jurisdiction: 'EU' },
    { country: 'NO', jurisdiction: 'EEA' },
    { country: 'IS', jurisdiction: 'EEA' },
    { country: 'LI', jurisdiction: 'EEA' },
    { country: 'CH', jurisdiction: 'CH' },
    { country: 'GB', jurisdiction: 'GB' },
    { country: 'HK', jurisdiction: 'HK' },
  ];

  it.each(onceExcluded)('$country at 2025-01-01 → excluded_jurisdiction ($jurisdiction) under 2024-11-20', ({ country, jurisdiction }) => {
    expect(decide(adult(country), '2025-01-01T00:00:00.000Z')).toEqual({
      eligible: false,
      reason: 'excluded_jurisdiction',
      policyVersion: '2024-11-20',
      jurisdiction,
      regime: 'excluded',
      legalBasis: undefined,
    });
  });

  it.each(onceExcluded)('$country is excluded even with a grant under 2024-11-20', ({ country }) => {
    const m = member(profile(country), { choices: [granted('2025-01-01T00:00:00.000Z')] });
    expect(decide(m, '2025-06-01T00:00:00.000Z').reason).toBe('excluded_jurisdiction');
  });

  it.each(onceExcluded)('$country 1 ms before 2025-11-03 → still excluded_jurisdiction', ({ country }) => {
    expect(decide(adult(country), '2025-11-02T23:59:59.999Z')).toMatchObject({
      reason: 'excluded_jurisdiction',
      policyVersion: '2024-11-20',
    });
  });

  it.each([...onceExcluded.map(({ country }) => ({ country })), { country: 'US' }, { country: 'CA' }])(
    '$country at 2025-11-03T00:00:00Z → default_opt_in under 2025-11-03',
    ({ country }) => {
      expect(decide(adult(country), '2025-11-03T00:00:00Z')).toEqual({
        eligible: true,
        reason: 'default_opt_in',
        policyVersion: '2025-11-03',
        jurisdiction: 'default',
        regime: 'opt_out',
        legalBasis: 'legitimate_interest',
      });
    },
  );

  it.each(['US', 'FR', 'GB', 'CH', 'CA', 'HK', 'NO'])('%s at 2024-10-01 → no_policy_in_force', (country) => {
    expect(decide(adult(country), '2024-10-01T00:00:00.000Z')).toEqual({
      eligible: false,
      reason: 'no_policy_in_force',
      policyVersion: null,
    });
  });

  it.each([
    { name: 'an FR member who objected before the extension stays opted out', country: 'FR', choices: [denied('2025-10-01T00:00:00.000Z')], reason: 'opted_out' },
    { name: 'a US member who objected in 2025 stays opted out under 2025-11-03', country: 'US', choices: [denied('2025-01-15T00:00:00.000Z')], reason: 'opted_out' },
    { name: 'a GB member who granted while excluded is opted in after the extension', country: 'GB', choices: [granted('2025-01-15T00:00:00.000Z')], reason: 'opted_in' },
  ])('$name', ({ country, choices, reason }) => {
    expect(decide(member(profile(country), { choices }), '2025-12-01T00:00:00.000Z')).toMatchObject({
      reason,
      policyVersion: '2025-11-03',
    });
  });

  it.each([
    { name: 'a 17-year-old US member in 2025', country: 'US', profileExtra: { birthDate: '2008-01-01' }, t: '2025-06-01T00:00:00.000Z', policyVersion: '2024-11-20' },
    { name: 'a 17-year-old FR member (minor is checked before exclusion)', country: 'FR', profileExtra: { birthDate: '2008-01-01' }, t: '2025-06-01T00:00:00.000Z', policyVersion: '2024-11-20' },
    { name: 'a suspected minor in FR after the extension', country: 'FR', profileExtra: { suspectedMinor: true }, t: '2025-12-01T00:00:00.000Z', policyVersion: '2025-11-03' },
  ])('minors are never used, even with a grant: $name', ({ country, profileExtra, t, policyVersion }) => {
    const m = member(profile(country, profileExtra), { choices: [granted('2025-01-01T00:00:00.000Z')] });
    expect(decide(m, t)).toEqual({ eligible: false, reason: 'minor', policyVersion });
  });
});

// ---------------------------------------------------------------------------------------------
// Territories under the reference policies (issue 11: EU territory counts as EU)
// ---------------------------------------------------------------------------------------------

describe('decideEligibility: territories at 2025-01-01 under 2024-11-20', () => {
  const adult = (country: string, subdivision?: string) =>
    member(profile(country, { birthDate: '1990-05-05', ...(subdivision === undefined ? {} : { subdivision }) }));
  const EXCLUDED_BY = (jurisdiction: string): Decision => ({
    eligible: false, reason: 'excluded_jurisdiction', policyVersion: '2024-11-20', jurisdiction, regime: 'excluded', legalBasis: undefined,
  });
  const DEFAULT_OPT_IN: Decision = {
    eligible: true, reason: 'default_opt_in', policyVersion: '2024-11-20', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest',
  };

  it.each([
    // EU territory: the EU exclusion covers it.
    { country: 'RE', expected: EXCLUDED_BY('EU') },
    { country: 'GP', expected: EXCLUDED_BY('EU') },
    { country: 'MQ', expected: EXCLUDED_BY('EU') },
    { country: 'GF', expected: EXCLUDED_BY('EU') },
    { country: 'YT', expected: EXCLUDED_BY('EU') },
    { country: 'MF', expected: EXCLUDED_BY('EU') },
    { country: 'AX', expected: EXCLUDED_BY('EU') },
    { country: 'FR', subdivision: 'FR-974', expected: EXCLUDED_BY('EU') },
    { country: 'ES', subdivision: 'ES-CN', expected: EXCLUDED_BY('EU') },
    { country: 'PT', subdivision: 'PT-20', expected: EXCLUDED_BY('EU') },
    // Svalbard and Jan Mayen count as Norway, and so EEA.
    { country: 'SJ', expected: EXCLUDED_BY('EEA') },
    { country: 'NO', subdivision: 'NO-21', expected: EXCLUDED_BY('EEA') },
    // Tied to an EU or EEA state but outside: the default applies.
    { country: 'GL', expected: DEFAULT_OPT_IN },
    { country: 'FO', expected: DEFAULT_OPT_IN },
    { country: 'BL', expected: DEFAULT_OPT_IN },
    { country: 'PF', expected: DEFAULT_OPT_IN },
    { country: 'NC', expected: DEFAULT_OPT_IN },
    { country: 'WF', expected: DEFAULT_OPT_IN },
    { country: 'PM', expected: DEFAULT_OPT_IN },
    { country: 'TF', expected: DEFAULT_OPT_IN },
    { country: 'AW', expected: DEFAULT_OPT_IN },
    { country: 'CW', expected: DEFAULT_OPT_IN },
    { country: 'SX', expected: DEFAULT_OPT_IN },
    { country: 'BQ', expected: DEFAULT_OPT_IN },
    { country: 'BV', expected: DEFAULT_OPT_IN },
    { country: 'FR', subdivision: 'FR-NC', expected: DEFAULT_OPT_IN },
    { country: 'NL', subdivision: 'NL-AW', expected: DEFAULT_OPT_IN },
    // Not part of GB for data protection: the GB exclusion does not reach them.
    { country: 'JE', expected: DEFAULT_OPT_IN },
    { country: 'GG', expected: DEFAULT_OPT_IN },
    { country: 'IM', expected: DEFAULT_OPT_IN },
    { country: 'GI', expected: DEFAULT_OPT_IN },
    // Hong Kong is excluded by its own rule; Macao is not Hong Kong.
    { country: 'HK', expected: EXCLUDED_BY('HK') },
    { country: 'CN', subdivision: 'CN-HK', expected: EXCLUDED_BY('HK') },
    { country: 'MO', expected: DEFAULT_OPT_IN },
    // US territories resolve through US, which 2024-11-20 leaves to the default.
    { country: 'PR', expected: DEFAULT_OPT_IN },
    { country: 'GU', expected: DEFAULT_OPT_IN },
    // Kosovo: neither EU nor EEA.
    { country: 'XK', expected: DEFAULT_OPT_IN },
  ])('$country $subdivision → $expected.reason ($expected.jurisdiction)', ({ country, subdivision, expected }) => {
    expect(decideEligibility(adult(country, subdivision), REFERENCE_POLICIES, PURPOSE, at('2025-01-01T00:00:00.000Z'))).toEqual(expected);
  });

  it.each(['RE', 'SJ', 'AX', 'GL', 'JE'])('%s after the extension (2025-11-03) → default_opt_in', (country) => {
    expect(decideEligibility(adult(country), REFERENCE_POLICIES, PURPOSE, at('2025-11-03T00:00:00.000Z'))).toMatchObject({
      reason: 'default_opt_in', policyVersion: '2025-11-03', jurisdiction: 'default',
    });
  });

  it.each<{ name: string; rules: Record<string, RegimeRule>; jurisdiction: string; reason: Reason }>([
    { name: 'a rule naming FR applies in RE', rules: { FR: OPT_IN, EU: EXCLUDED }, jurisdiction: 'FR', reason: 'no_consent' },
    { name: 'a rule naming RE wins over FR', rules: { RE: OPT_OUT, FR: OPT_IN, EU: EXCLUDED }, jurisdiction: 'RE', reason: 'default_opt_in' },
    { name: 'a rule naming US does not reach RE', rules: { US: OPT_IN }, jurisdiction: 'default', reason: 'default_opt_in' },
  ])('$name', ({ rules, jurisdiction, reason }) => {
    const policies = [policy('p1', P1_EFFECTIVE, { rules })];
    expect(decideEligibility(member(profile('RE')), policies, PURPOSE, at(T))).toMatchObject({ jurisdiction, reason });
  });
});

// ---------------------------------------------------------------------------------------------
// Answers: the service names the jurisdiction (single and batch)
// ---------------------------------------------------------------------------------------------

describe('eligibility answers name the jurisdiction that decided', () => {
  const timelines = new Map<string, MemberTimeline>([
    ['reunion', member(profile('RE'))],
    ['texan', member(profile('US', { subdivision: 'US-TX' }))],
    ['minor', member(profile('US', { suspectedMinor: true }))],
    ['gb-optout', member(profile('GB'), { choices: [denied('2024-12-01T00:00:00.000Z')] })],
  ]);
  // Only the three methods the eligibility use cases call; the rest of each interface is unused.
  const deps = {
    clock: fixedClock(at('2025-01-01T00:00:00.000Z')),
    policies: { all: async () => REFERENCE_POLICIES },
    store: {
      getMember: async (memberId: string) => timelines.get(memberId),
      getTimelines: async (memberIds: readonly string[]) =>
        new Map(memberIds.flatMap((id) => (timelines.has(id) ? [[id, timelines.get(id) as MemberTimeline] as const] : []))),
    },
  } as unknown as Deps;

  const expected = [
    { memberId: 'reunion', eligible: false, reason: 'excluded_jurisdiction', policyVersion: '2024-11-20', jurisdiction: 'EU' },
    { memberId: 'texan', eligible: true, reason: 'default_opt_in', policyVersion: '2024-11-20', jurisdiction: 'default' },
    { memberId: 'minor', eligible: false, reason: 'minor', policyVersion: '2024-11-20' },
    { memberId: 'gb-optout', eligible: false, reason: 'excluded_jurisdiction', policyVersion: '2024-11-20', jurisdiction: 'GB' },
    { memberId: 'nobody', eligible: false, reason: 'unknown_member', policyVersion: null },
  ];

  it.each(expected)('single: $memberId → $reason, jurisdiction $jurisdiction', async (answer) => {
    expect(await checkEligibility(deps, PURPOSE, answer.memberId, undefined)).toEqual({
      ...answer, purpose: PURPOSE, at: '2025-01-01T00:00:00.000Z', knownAt: '2025-01-01T00:00:00.000Z', settled: false,
    });
  });

  it('batch: each result names its jurisdiction, or none before rule 5', async () => {
    const ids = expected.map((answer) => answer.memberId);
    expect(await checkEligibilityBatch(deps, PURPOSE, ids, undefined)).toEqual({
      purpose: PURPOSE, at: '2025-01-01T00:00:00.000Z', knownAt: '2025-01-01T00:00:00.000Z', settled: false, results: expected,
    });
  });

  it('no_policy_in_force carries no jurisdiction', async () => {
    const answer = await checkEligibility(deps, PURPOSE, 'reunion', at('2024-10-01T00:00:00.000Z'));
    expect(answer).toEqual({ memberId: 'reunion', purpose: PURPOSE, at: '2024-10-01T00:00:00.000Z', knownAt: '2025-01-01T00:00:00.000Z', settled: false, eligible: false, reason: 'no_policy_in_force', policyVersion: null });
    expect(answer).not.toHaveProperty('jurisdiction');
  });
});
