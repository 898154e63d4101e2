// Which rule of a policy applies to a member for a purpose, and since when its regime has held
// for the member's region. Pure: the settings page and the GPC rule explain with it.
import { mostSpecificRule } from './jurisdictions.ts';
import { profileAt, type MemberTimeline, type ProfileVersion } from './member.ts';
import { own } from './own.ts';
import { byEffectiveAt, policyInForce, type PolicyVersion, type PurposePolicy, type Regime, type RegimeRule } from './policy.ts';

export interface RuleInForce {
  policy: PolicyVersion;
  purposePolicy: PurposePolicy;
  rule: RegimeRule;
  /** The rule's jurisdiction code, or "default". */
  jurisdiction: string;
}

/** The purpose's rule for a location in one policy version: most specific code, else the default. */
export function ruleFor(purposePolicy: PurposePolicy, location: Pick<ProfileVersion, 'country' | 'subdivision'>): { rule: RegimeRule; jurisdiction: string } {
  const matched = mostSpecificRule(purposePolicy.rules, location);
  return matched ? { rule: matched.rule, jurisdiction: matched.code } : { rule: purposePolicy.default, jurisdiction: 'default' };
}

/** The rule in force at `at` for the member's profile at `at`; undefined without profile, policy or purpose. */
export function ruleInForce(
  member: Pick<MemberTimeline, 'profiles'>,
  policies: readonly PolicyVersion[],
  purpose: string,
  at: Date,
): RuleInForce | undefined {
  const profile = profileAt(member.profiles, at);
  const policy = policyInForce(policies, at);
  const purposePolicy = policy ? own(policy.purposes, purpose) : undefined;
  if (!profile || !policy || !purposePolicy) return undefined;
  return { policy, purposePolicy, ...ruleFor(purposePolicy, profile) };
}

/**
 * Since when the regime in force at `at` has applied to the member's current region without a
 * break: the effective date of the earliest version in the unbroken run of versions, ending with
 * the one in force, that give this region the same regime. Undefined when no rule is in force.
 */
export function regimeSince(
  member: Pick<MemberTimeline, 'profiles'>,
  policies: readonly PolicyVersion[],
  purpose: string,
  at: Date,
): { regime: Regime; since: string } | undefined {
  const current = ruleInForce(member, policies, purpose, at);
  const profile = profileAt(member.profiles, at);
  if (!current || !profile) return undefined;
  const regime = current.rule.regime;
  const earlier = byEffectiveAt(policies).filter((policy) => Date.parse(policy.effectiveAt) <= Date.parse(current.policy.effectiveAt));
  let since = current.policy.effectiveAt;
  for (const policy of earlier.reverse()) {
    const purposePolicy = own(policy.purposes, purpose);
    if (!purposePolicy || ruleFor(purposePolicy, profile).rule.regime !== regime) break;
    since = policy.effectiveAt;
  }
  return { regime, since };
}
