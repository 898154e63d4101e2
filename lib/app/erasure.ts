// DOMAIN.md section 7, Erasure: removes a member's email address, locale and birth date from every
// item that holds them and keeps the pseudonymous record that proves what was allowed when. Two
// steps, so that any number of items can be scrubbed and an interrupted erasure can be finished:
// first the hot item is marked erased (one conditional write: from then on nothing is recorded of
// the member, every answer that knows of it is `erased`, no notice goes out), then every other item
// is rewritten. A repeated erasure finishes the second step and answers the same erasedAt.
import { erasedProfile, minimumAgesInUse } from '../domain/erasure.ts';
import { memberLanguage, type Locale } from '../email/messages.ts';
import type { Deps } from './deps.ts';
import { GoneError, NotFoundError } from './errors.ts';
import { laterOf, retryOnConflict } from './write-retry.ts';

export interface ErasureAnswer {
  memberId: string;
  erasedAt: string;
}

/** The answer to every read of an erased member's profile or choices (410). */
export function erasedError(memberId: string): GoneError {
  return new GoneError(`member ${memberId} was erased: the profile and choices are no longer available`);
}

/**
 * The look before the confirmation page: a member who can be erased (unknown: NotFoundError;
 * erased already: GoneError), and the language to ask in, their profile's before the browser's.
 */
export async function prepareErasure(deps: Deps, memberId: string, acceptLanguage: string | undefined): Promise<{ language: Locale }> {
  const member = await deps.store.getMember(memberId, { consistent: true });
  if (!member) throw new NotFoundError(`member ${memberId} is not known`);
  if (member.erasedAt !== undefined) throw erasedError(memberId);
  return { language: memberLanguage(member.locale, acceptLanguage).language };
}

export async function eraseMember(deps: Deps, memberId: string, actor: string): Promise<ErasureAnswer> {
  // Read fresh, not from the policy cache: a day is kept for every minimum age a replay may ask
  // about, and a version recorded a moment ago may already be known to one.
  // Read only once the member is known to need it: an unknown member or a finished erasure does not.
  let ages: Promise<number[]> | undefined;
  const agesInUse = () => (ages ??= deps.store.listPolicies().then((stored) => minimumAgesInUse(stored.map((entry) => entry.policy))));
  const marked = await retryOnConflict<{ erasedAt: string; scrubbed: boolean }>(async () => {
    const current = await deps.store.getMember(memberId, { consistent: true });
    if (!current) throw new NotFoundError(`member ${memberId} is not known`);
    if (current.erasedAt !== undefined) return { done: true, value: { erasedAt: current.erasedAt, scrubbed: current.scrubbed === true } };
    // Never before the member's latest fact, even if this container's clock lags its writer's.
    const kept = await agesInUse();
    const erasedAt = laterOf(deps.clock.now().toISOString(), current.updatedAt);
    const outcome = await deps.store.markErased({
      memberId,
      expectedVersion: current.version,
      erasedAt,
      erasedBy: actor,
      profiles: current.profiles.map((profile) => erasedProfile(profile, kept)),
    });
    return outcome === 'written' ? { done: true, value: { erasedAt, scrubbed: false } } : { done: false };
  });
  if (!marked.scrubbed) {
    const kept = await agesInUse();
    await deps.store.scrubErasedMember(memberId, (profile) => erasedProfile(profile, kept));
  }
  return { memberId, erasedAt: marked.erasedAt };
}
