import { keepHotProfiles } from '../domain/history.ts';
import type { ProfileVersion } from '../domain/member.ts';
import { erasedError } from './erasure.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { MemberRecord } from './ports/consent-store.ts';
import type { Deps } from './deps.ts';
import { requireMember } from './consents.ts';
import { laterOf, retryOnConflict } from './write-retry.ts';

/** A profile as a PUT gives it: the web layer's schema checks it, this is what the use case needs. */
export interface MemberProfileInput {
  email: string;
  country: string;
  subdivision?: string | undefined;
  birthDate?: string | undefined;
  suspectedMinor?: boolean | undefined;
  locale?: string | undefined;
}

export interface MemberView {
  memberId: string;
  email: string;
  country: string;
  subdivision?: string;
  birthDate?: string;
  suspectedMinor: boolean;
  locale: string;
  createdAt: string;
  updatedAt: string;
}

/** What a profile without a locale says it is: the language every text falls back to. */
export const DEFAULT_LOCALE = 'en';

export function toMemberView(record: MemberRecord): MemberView {
  const profile = record.profiles[record.profiles.length - 1] as ProfileVersion;
  // Only an erasure removes the address.
  if (record.email === undefined) throw erasedError(record.memberId);
  return {
    memberId: record.memberId,
    email: record.email,
    country: profile.country,
    ...(profile.subdivision ? { subdivision: profile.subdivision } : {}),
    ...(profile.birthDate ? { birthDate: profile.birthDate } : {}),
    suspectedMinor: profile.suspectedMinor ?? false,
    locale: record.locale ?? DEFAULT_LOCALE,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export async function getMember(deps: Deps, memberId: string): Promise<MemberView> {
  return toMemberView(await requireMember(deps, memberId));
}

function sameEligibilityFacts(a: ProfileVersion, b: Omit<ProfileVersion, 'from'>): boolean {
  return (
    a.country === b.country &&
    a.subdivision === b.subdivision &&
    a.birthDate === b.birthDate &&
    (a.suspectedMinor ?? false) === (b.suspectedMinor ?? false)
  );
}

/**
 * Creates or replaces a member's profile (PUT semantics: omitted optional fields are removed).
 * A change of the facts eligibility depends on applies from now on, never to earlier times.
 */
export async function putMember(
  deps: Deps,
  memberId: string,
  input: MemberProfileInput,
  actor: string,
  requestId: string,
): Promise<{ created: boolean; member: MemberView }> {
  return retryOnConflict<{ created: boolean; member: MemberView }>(async () => {
    const current = await deps.store.getMember(memberId, { consistent: true });
    // An erased id stays erased: a profile under it would join a record that proves what was
    // allowed for someone else.
    if (current?.erasedAt !== undefined) throw new ConflictError(`member ${memberId} was erased; the id cannot be used again`);
    const now = deps.clock.now().toISOString();
    const facts = {
      country: input.country,
      subdivision: input.subdivision,
      birthDate: input.birthDate,
      suspectedMinor: input.suspectedMinor ?? false,
    };
    const lastProfile = current?.profiles[current.profiles.length - 1];
    const factsChanged = lastProfile === undefined || !sameEligibilityFacts(lastProfile, facts);
    const contactChanged = current === undefined || current.email !== input.email || current.locale !== input.locale;
    if (current && !factsChanged && !contactChanged) return { done: true, value: { created: false, member: toMemberView(current) } };

    const from = laterOf(now, lastProfile?.from);
    const kept = keepHotProfiles(factsChanged ? [...(current?.profiles ?? []), { from, ...facts }] : (current?.profiles ?? []), current?.profilesTrimmed ?? false);
    const hot = { profiles: kept.profiles, profilesTrimmed: kept.trimmed };
    const record: MemberRecord = {
      memberId,
      email: input.email,
      // Only a locale the member has: without one, the pages follow the browser's Accept-Language.
      locale: input.locale,
      ...hot,
      choices: current?.choices ?? {},
      counts: current?.counts ?? {},
      archivedChoices: current?.archivedChoices ?? {},
      notices: current?.notices ?? {},
      recentRequests: current?.recentRequests ?? [],
      hotBytes: 0,
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    };
    const outcome = await deps.store.writeProfile({
      record,
      expectedVersion: current?.version ?? 0,
      event: {
        kind: 'profile',
        profile: { from, ...facts, email: input.email, locale: record.locale },
        actor,
        requestId,
        effectiveAt: from,
        recordedAt: now,
      },
    });
    if (outcome !== 'written') return { done: false };
    return { done: true, value: { created: current === undefined, member: toMemberView(record) } };
  });
}
