// DOMAIN.md section 3: may member M's data be used for purpose P as of time T? First match wins.
import { choiceAt, isMinorAt, profileAt, type MemberTimeline } from './member.ts';
import { own } from './own.ts';
import { policyInForce, type LegalBasis, type PolicyVersion, type Regime } from './policy.ts';
import { ruleFor } from './rule-in-force.ts';

export const REASONS = [
  'unknown_member',
  'erased',
  'no_policy_in_force',
  'purpose_not_covered',
  'minor',
  'excluded_jurisdiction',
  'opted_out',
  'opted_in',
  'no_consent',
  'default_opt_in',
  'notice_pending',
] as const;
export type Reason = (typeof REASONS)[number];

export interface Decision {
  eligible: boolean;
  reason: Reason;
  policyVersion: string | null;
  /** The rule's jurisdiction code, or "default"; absent when no rule was reached. */
  jurisdiction?: string;
  regime?: Regime;
  legalBasis?: LegalBasis | undefined;
}

const DAY_MS = 86_400_000;

export function decideEligibility(
  member: MemberTimeline | undefined,
  policies: readonly PolicyVersion[],
  purpose: string,
  at: Date,
): Decision {
  if (member === undefined || member.profiles.length === 0) {
    return { eligible: false, reason: 'unknown_member', policyVersion: null };
  }
  // DOMAIN.md section 7: right after rule 1. A timeline carries the erasure only when the question
  // knows of it (a replay known earlier does not: ./replay.ts); then no time is answered otherwise.
  if (member.erasedAt !== undefined) return { eligible: false, reason: 'erased', policyVersion: null };
  const policy = policyInForce(policies, at);
  if (policy === undefined) return { eligible: false, reason: 'no_policy_in_force', policyVersion: null };
  const policyVersion = policy.id;
  const purposePolicy = own(policy.purposes, purpose);
  if (purposePolicy === undefined) return { eligible: false, reason: 'purpose_not_covered', policyVersion };

  const profile = profileAt(member.profiles, at);
  if (profile === undefined) return { eligible: false, reason: 'unknown_member', policyVersion: null };
  if (isMinorAt(profile, purposePolicy, at)) return { eligible: false, reason: 'minor', policyVersion };

  const { rule, jurisdiction } = ruleFor(purposePolicy, profile);
  const explained = { policyVersion, jurisdiction, regime: rule.regime, legalBasis: rule.legalBasis };
  if (rule.regime === 'excluded') return { eligible: false, reason: 'excluded_jurisdiction', ...explained };

  const choice = choiceAt(own(member.choices, purpose), at, own(member.archivedChoices ?? {}, purpose)?.lastAt);
  if (choice?.choice === 'denied') return { eligible: false, reason: 'opted_out', ...explained };
  if (choice?.choice === 'granted') return { eligible: true, reason: 'opted_in', ...explained };

  if (rule.regime === 'opt_in') return { eligible: false, reason: 'no_consent', ...explained };
  const noticeDays = purposePolicy.noticePeriodDays;
  if (noticeDays !== undefined) {
    const deliveredAt = own(member.notices, policy.id);
    const noticeRunsOut = deliveredAt === undefined ? Infinity : Date.parse(deliveredAt) + noticeDays * DAY_MS;
    if (noticeRunsOut > at.getTime()) return { eligible: false, reason: 'notice_pending', ...explained };
  }
  return { eligible: true, reason: 'default_opt_in', ...explained };
}
