import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { isKnownPurpose } from '../domain/policy.ts';
import { NotFoundError } from '../errors.ts';
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
  const member = await deps.store.getMember(memberId, { consistent: needsConsistentRead(asOf, now) });
  const decision = decideEligibility(member, policies, purpose, asOf);
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
  const timelines = await deps.store.getTimelines(memberIds, { consistent: needsConsistentRead(asOf, now) });
  return {
    purpose,
    at: asOf.toISOString(),
    results: memberIds.map((memberId) => {
      const decision = decideEligibility(timelines.get(memberId), policies, purpose, asOf);
      return { memberId, ...answerOf(decision) };
    }),
  };
}
