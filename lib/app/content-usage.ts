import { categorisedPurposes, contentUsage } from '../domain/content-usage.ts';
import { policyInForce } from '../domain/policy.ts';
import { checkEligibilityOf } from './eligibility.ts';
import type { Deps } from './deps.ts';

export interface ContentUsageAnswer {
  memberId: string;
  /** The Content-Usage field value for the member's public content now, e.g. "train-ai=n"; "" when it says nothing. */
  contentUsage: string;
}

/**
 * What the platform's content servers attach to a member's public content now: the eligibility
 * answer of each purpose of the version in force that names an AI Preferences category, as the
 * eligibility question answers it (an unknown member is not eligible, so `n`), turned into the
 * Content-Usage value by lib/domain/content-usage.ts. One member read (consistent: an opt-out made
 * a moment ago counts), none when no purpose names a category.
 */
export async function memberContentUsage(deps: Deps, memberId: string): Promise<ContentUsageAnswer> {
  const now = deps.clock.now();
  const purposes = categorisedPurposes(policyInForce(await deps.policies.all(), now));
  if (purposes.length === 0) return { memberId, contentUsage: '' };
  const hot = await deps.store.getMember(memberId, { consistent: true });
  const answers = await Promise.all(
    purposes.map(async ({ purpose, category }) => {
      const { eligible, reason } = await checkEligibilityOf(deps, purpose, memberId, hot, { at: now });
      return { category, eligible, reason };
    }),
  );
  return { memberId, contentUsage: contentUsage(answers) };
}
