import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { hotChoicesCover, hotProfilesCover } from '../domain/history.ts';
import type { MemberTimeline } from '../domain/member.ts';
import { isKnownPurpose, POLICY_CACHE_LIFETIME_MS } from '../domain/policy.ts';
import { knownTimeline, lookupTime } from '../domain/replay.ts';
import { mapLimit } from './concurrency.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { WRITE_DEADLINE_MS } from './ports/consent-store.ts';
import type { Deps } from './deps.ts';

export interface EligibilityAnswer {
  memberId: string;
  purpose: string;
  at: string;
  eligible: boolean;
  reason: Reason;
  policyVersion: string | null;
  /** K: only facts recorded at or before it counted (now, unless the question named one). */
  knownAt: string;
  /** True once K is older than the settling window: the answer will never change. */
  settled: boolean;
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

/**
 * How long an answer about "now" may still change, W: a write may take this long to commit (its
 * deadline, WRITE_DEADLINE_MS) and a container may answer from a policy list this old
 * (POLICY_CACHE_LIFETIME_MS). An answer known at K <= now - W replays exactly, forever.
 */
export const SETTLING_WINDOW_MS = WRITE_DEADLINE_MS + POLICY_CACHE_LIFETIME_MS;

/** "As of T, known at K": `known` undefined means now. */
export interface Question {
  at: Date | undefined;
  knownAt?: Date | undefined;
}

interface Resolved {
  asOf: Date;
  known: Date;
  /** Where choice and profile lookups land: no later than K. */
  lookup: Date;
  replay: boolean;
  consistent: boolean;
  settled: boolean;
}

function resolve(asked: Question | Date | undefined, now: Date): Resolved {
  // A bare time (or none) asks as of it, known now: the v1 question.
  const question: Question = asked instanceof Date || asked === undefined ? { at: asked } : asked;
  const asOf = question.at ?? now;
  if (question.knownAt !== undefined && question.knownAt.getTime() > now.getTime()) {
    throw new InvalidInputError('knownAt', 'not_in_future', 'must not be later than now: the ledger cannot know the future');
  }
  const known = question.knownAt ?? now;
  const lookup = lookupTime(asOf, question.knownAt);
  return {
    asOf,
    known,
    lookup,
    replay: question.knownAt !== undefined,
    consistent: needsConsistentRead(lookup, now),
    settled: known.getTime() <= now.getTime() - SETTLING_WINDOW_MS,
  };
}

async function knownPolicies(deps: Deps, purpose: string, resolved: Resolved) {
  const policies = await deps.policies.all();
  if (!isKnownPurpose(policies, purpose)) throw new NotFoundError(`purpose ${purpose} is not defined by any policy version`);
  return resolved.replay ? deps.policies.knownAt(resolved.known) : policies;
}

/** The member as the question sees them: the hot item as known at K, plus the archive reads it needs. */
async function timelineFor(deps: Deps, memberId: string, hot: MemberTimeline | undefined, purpose: string, resolved: Resolved) {
  const known = resolved.replay ? knownTimeline(hot, resolved.known) : hot;
  return timelineAt(deps, memberId, known, purpose, resolved.lookup, { consistent: resolved.consistent });
}

function needsArchive(hot: MemberTimeline, purpose: string, resolved: Resolved): boolean {
  const known = resolved.replay ? knownTimeline(hot, resolved.known) : hot;
  return known !== undefined && (!hotChoicesCover(known, purpose, resolved.lookup) || !hotProfilesCover(known, resolved.lookup));
}

export async function checkEligibility(
  deps: Deps,
  purpose: string,
  memberId: string,
  question: Question | Date | undefined,
): Promise<EligibilityAnswer> {
  const resolved = resolve(question, deps.clock.now());
  const policies = await knownPolicies(deps, purpose, resolved);
  const hot = await deps.store.getMember(memberId, { consistent: resolved.consistent });
  return answerWith(deps, memberId, hot, purpose, resolved, policies);
}

async function answerWith(
  deps: Deps,
  memberId: string,
  hot: MemberTimeline | undefined,
  purpose: string,
  resolved: Resolved,
  policies: Awaited<ReturnType<typeof knownPolicies>>,
): Promise<EligibilityAnswer> {
  const decision = decideEligibility(await timelineFor(deps, memberId, hot, purpose, resolved), policies, purpose, resolved.asOf);
  return { memberId, purpose, at: resolved.asOf.toISOString(), knownAt: resolved.known.toISOString(), settled: resolved.settled, ...answerOf(decision) };
}

/**
 * The same answer as checkEligibility, for a member whose hot item the caller already read, so
 * that several questions cost one read. Read it consistently for a question about now (as
 * content-usage does); an eventually consistent read serves questions about the settled past
 * only, such as exposure's replays of training runs.
 */
export async function checkEligibilityOf(
  deps: Deps,
  purpose: string,
  memberId: string,
  hot: MemberTimeline | undefined,
  question: Question,
): Promise<EligibilityAnswer> {
  const resolved = resolve(question, deps.clock.now());
  return answerWith(deps, memberId, hot, purpose, resolved, await knownPolicies(deps, purpose, resolved));
}

export async function checkEligibilityBatch(
  deps: Deps,
  purpose: string,
  memberIds: readonly string[],
  question: Question | Date | undefined,
): Promise<{ purpose: string; at: string; knownAt: string; settled: boolean; results: Omit<EligibilityAnswer, 'purpose' | 'at' | 'knownAt' | 'settled'>[] }> {
  const resolved = resolve(question, deps.clock.now());
  const policies = await knownPolicies(deps, purpose, resolved);
  const timelines = await deps.store.getTimelines(memberIds, { consistent: resolved.consistent });
  // Members whose hot window does not reach back to the lookup need their archive: rare, one query each.
  const older = [...timelines].filter(([, hot]) => needsArchive(hot, purpose, resolved));
  const answered = new Map<string, MemberTimeline | undefined>(
    [...timelines].map(([memberId, hot]) => [memberId, resolved.replay ? knownTimeline(hot, resolved.known) : hot]),
  );
  await mapLimit(older, ARCHIVE_READ_PARALLELISM, async ([memberId, hot]) => {
    answered.set(memberId, await timelineFor(deps, memberId, hot, purpose, resolved));
  });
  return {
    purpose,
    at: resolved.asOf.toISOString(),
    knownAt: resolved.known.toISOString(),
    settled: resolved.settled,
    results: memberIds.map((memberId) => {
      const decision = decideEligibility(answered.get(memberId), policies, purpose, resolved.asOf);
      return { memberId, ...answerOf(decision) };
    }),
  };
}
