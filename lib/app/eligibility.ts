import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { hotChoicesCover, hotProfilesCover } from '../domain/history.ts';
import type { MemberTimeline } from '../domain/member.ts';
import { isKnownPurpose } from '../domain/policy.ts';
import { mapLimit } from './concurrency.ts';
import { NotFoundError } from './errors.ts';
import type { Deps } from './deps.ts';

export interface EligibilityAnswer {
  memberId: string;
  purpose: string;
  at: string;
  eligible: boolean;
  reason: Reason;
  policyVersion: string | null;
  /**
   * The code of the policy rule that decided (as written in the policy: EU, US-CA, FR...), or
   * "default"; absent when the answer came before the jurisdiction was looked at (unknown
   * member, no policy in force, purpose not covered, minor).
   */
  jurisdiction?: string;
}

/** The parts of a decision an answer shows; the regime and legal basis stay internal. */
function answerOf(decision: Decision): Pick<EligibilityAnswer, 'eligible' | 'reason' | 'policyVersion' | 'jurisdiction'> {
  return {
    eligible: decision.eligible,
    reason: decision.reason,
    policyVersion: decision.policyVersion,
    ...(decision.jurisdiction === undefined ? {} : { jurisdiction: decision.jurisdiction }),
  };
}

/** Questions about "now" must see a write made a moment ago; snapshot questions need not. */
const FRESHNESS_WINDOW_MS = 10_000;
export function needsConsistentRead(at: Date, now: Date): boolean {
  return at.getTime() >= now.getTime() - FRESHNESS_WINDOW_MS;
}

/**
 * The timeline that answers for `purpose` at `at`: the hot item alone when its window covers
 * `at`, otherwise with the archived choice (one query) and, for a member whose profile changed
 * many times, the archived profile (one more) in effect then.
 */
export async function timelineAt(
  deps: Deps,
  memberId: string,
  hot: MemberTimeline | undefined,
  purpose: string,
  at: Date,
  options: { consistent: boolean },
): Promise<MemberTimeline | undefined> {
  if (hot === undefined) return undefined;
  let timeline = hot;
  if (!hotChoicesCover(hot, purpose, at)) {
    const archived = await deps.store.archivedChoiceAt(memberId, purpose, at, options);
    const { [purpose]: _hotOnly, ...archivedChoices } = hot.archivedChoices ?? {};
    timeline = { ...timeline, choices: { ...hot.choices, [purpose]: archived ? [archived.entry] : [] }, archivedChoices };
  }
  if (!hotProfilesCover(hot, at)) {
    const profile = await deps.store.archivedProfileAt(memberId, at, options);
    if (profile) timeline = { ...timeline, profiles: [profile], profilesTrimmed: false };
  }
  return timeline;
}

/** Archive reads for a batch run a few at a time, beside the batch reads of hot items. */
const ARCHIVE_READ_PARALLELISM = 10;

async function knownPolicies(deps: Deps, purpose: string) {
  const policies = await deps.policies.all();
  if (!isKnownPurpose(policies, purpose)) throw new NotFoundError(`purpose ${purpose} is not defined by any policy version`);
  return policies;
}

export async function checkEligibility(
  deps: Deps,
  purpose: string,
  memberId: string,
  at: Date | undefined,
): Promise<EligibilityAnswer> {
  const policies = await knownPolicies(deps, purpose);
  const now = deps.clock.now();
  const asOf = at ?? now;
  const consistent = needsConsistentRead(asOf, now);
  const hot = await deps.store.getMember(memberId, { consistent });
  const decision = decideEligibility(await timelineAt(deps, memberId, hot, purpose, asOf, { consistent }), policies, purpose, asOf);
  return { memberId, purpose, at: asOf.toISOString(), ...answerOf(decision) };
}

export async function checkEligibilityBatch(
  deps: Deps,
  purpose: string,
  memberIds: readonly string[],
  at: Date | undefined,
): Promise<{ purpose: string; at: string; results: Omit<EligibilityAnswer, 'purpose' | 'at'>[] }> {
  const policies = await knownPolicies(deps, purpose);
  const now = deps.clock.now();
  const asOf = at ?? now;
  const consistent = needsConsistentRead(asOf, now);
  const timelines = await deps.store.getTimelines(memberIds, { consistent });
  // Members whose hot window does not reach back to `at` need their archive: rare, one query each.
  const older = [...timelines].filter(([, hot]) => !hotChoicesCover(hot, purpose, asOf) || !hotProfilesCover(hot, asOf));
  await mapLimit(older, ARCHIVE_READ_PARALLELISM, async ([memberId, hot]) => {
    timelines.set(memberId, (await timelineAt(deps, memberId, hot, purpose, asOf, { consistent }))!);
  });
  return {
    purpose,
    at: asOf.toISOString(),
    results: memberIds.map((memberId) => {
      const decision = decideEligibility(timelines.get(memberId), policies, purpose, asOf);
      return { memberId, ...answerOf(decision) };
    }),
  };
}
