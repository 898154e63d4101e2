// DOMAIN.md section 5: who is told about a policy version.
import { isMinorAt, profileAt, type MemberTimeline } from './member.ts';
import type { LegalBasis, PolicyVersion } from './policy.ts';
import { ruleFor } from './rule-in-force.ts';

export interface NoticeTarget {
  purpose: string;
  regime: 'opt_in' | 'opt_out';
  legalBasis?: LegalBasis | undefined;
}

/**
 * The purposes of `policy` under which the member becomes or stays processable (regime not
 * excluded, not a minor), judged when the version applies: at its effectiveAt, or now if that
 * has passed. An empty list means the member gets no notice; an erased member never gets one.
 */
export function noticeTargets(member: MemberTimeline, policy: PolicyVersion, now: Date): NoticeTarget[] {
  if (member.erasedAt !== undefined) return [];
  const at = new Date(Math.max(Date.parse(policy.effectiveAt), now.getTime()));
  const profile = profileAt(member.profiles, at);
  if (profile === undefined) return [];
  const targets: NoticeTarget[] = [];
  for (const [purpose, purposePolicy] of Object.entries(policy.purposes)) {
    if (isMinorAt(profile, purposePolicy, at)) continue;
    const { rule } = ruleFor(purposePolicy, profile);
    if (rule.regime === 'excluded') continue;
    targets.push({ purpose, regime: rule.regime, legalBasis: rule.legalBasis });
  }
  return targets;
}
