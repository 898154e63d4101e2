// What eligibility needs to know about a member, over time.
import type { ArchivedChoices } from './history.ts';
import { own } from './own.ts';
import type { PurposePolicy } from './policy.ts';

export const CHOICES = ['granted', 'denied'] as const;
export type Choice = (typeof CHOICES)[number];

export const CHOICE_SOURCES = ['settings', 'email_link', 'api', 'import', 'support', 'gpc'] as const;
export type ChoiceSource = (typeof CHOICE_SOURCES)[number];

/** The parts of a profile that eligibility depends on, as recorded from `from` on. */
export interface ProfileVersion {
  from: string;
  country: string;
  subdivision?: string | undefined;
  /** YYYY-MM-DD */
  birthDate?: string | undefined;
  /**
   * What an erasure keeps instead of the birth date (./erasure.ts): per minimum age (the key, in
   * years), the day (YYYY-MM-DD) from which the member counts as an adult under it.
   */
  adultFrom?: Record<string, string> | undefined;
  suspectedMinor?: boolean | undefined;
}

export interface ChoiceEntry {
  at: string;
  choice: Choice;
}

/** A member's eligibility-relevant history, oldest first in every list. */
export interface MemberTimeline {
  /** The first profile and the latest ones; those between may be archived (profilesTrimmed). */
  profiles: ProfileVersion[];
  /** The recent tail of each purpose's choices; older ones may be archived (archivedChoices). */
  choices: Record<string, ChoiceEntry[]>;
  /** Policy version id → when this member's notice of it was delivered. */
  notices: Record<string, string>;
  /** Per purpose, what was moved to archive items (see ./history.ts). */
  archivedChoices?: Record<string, ArchivedChoices> | undefined;
  /** Profiles between the first and the latest were moved to archive items. */
  profilesTrimmed?: boolean | undefined;
  /** When the member's erasure was recorded: every answer known from then on is `erased`. */
  erasedAt?: string | undefined;
}

/**
 * The profile that applies at `at`: the latest recorded at or before it. The first recorded
 * profile also applies to all earlier times, because members exist before we register them.
 */
export function profileAt(profiles: readonly ProfileVersion[], at: Date): ProfileVersion | undefined {
  let current = profiles[0];
  for (const profile of profiles) {
    if (Date.parse(profile.from) <= at.getTime()) current = profile;
    else break;
  }
  return current;
}

/**
 * Where the member was at `at`, as the law they chose under knows it: their subdivision, else
 * their country; null with no profile at all. What receipts and change events name as
 * `jurisdiction` (not the policy rule that decided, which eligibility answers name).
 */
export function jurisdictionAt(profiles: readonly ProfileVersion[], at: Date): string | null {
  const profile = profileAt(profiles, at);
  return profile === undefined ? null : (profile.subdivision ?? profile.country);
}

/**
 * Choices in the order they were recorded, each with the time it took effect: the time it was
 * recorded, but never earlier than the choice recorded before it. Writers append without reading
 * first, so two writers' clocks (or two requests racing) can record a later choice with an earlier
 * time; the order of recording decides, and effective times never go backwards.
 */
export function effectiveChoices<T extends ChoiceEntry>(entries: readonly T[] | undefined, floor?: string): T[] {
  const effective: T[] = [];
  let latestTime = floor === undefined ? -Infinity : Date.parse(floor);
  let latestAt = floor ?? '';
  for (const entry of entries ?? []) {
    const time = Date.parse(entry.at);
    if (time >= latestTime) {
      latestTime = time;
      latestAt = entry.at;
      effective.push(entry);
    } else {
      effective.push({ ...entry, at: latestAt });
    }
  }
  return effective;
}

/**
 * The latest choice in effect at or before `at`; choices are never retroactive. `floor` is the
 * effective time of the choice recorded just before `entries` (an archived one), if any.
 */
export function choiceAt<T extends ChoiceEntry>(entries: readonly T[] | undefined, at: Date, floor?: string): T | undefined {
  // The effective times of effectiveChoices, computed in passing: this runs once per answer on
  // the eligibility path, where a copy of every member's list would be waste.
  const limit = at.getTime();
  let effectiveTime = floor === undefined ? -Infinity : Date.parse(floor);
  let effectiveAt = floor ?? '';
  let latest: T | undefined;
  for (const entry of entries ?? []) {
    const time = Date.parse(entry.at);
    const moved = time < effectiveTime;
    if (!moved) {
      effectiveTime = time;
      effectiveAt = entry.at;
    }
    if (effectiveTime > limit) break;
    latest = moved ? { ...entry, at: effectiveAt } : entry;
  }
  return latest;
}

/**
 * Whether someone with this birth date (YYYY-MM-DD) was born by `at`: the date is `at`'s UTC
 * calendar date or earlier. Born today is fine; a date after it has not happened yet. The UTC
 * calendar is the one ageAt counts ages by.
 */
export function isBornBy(birthDate: string, at: Date): boolean {
  // Both are YYYY-MM-DD, so the strings order like the dates.
  return birthDate <= at.toISOString().slice(0, 10);
}

/** Whole years of age at `at`, by the UTC calendar; a 29 February birthday falls on 1 March. */
export function ageAt(birthDate: string, at: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - year;
  const monthNow = at.getUTCMonth() + 1;
  const dayNow = at.getUTCDate();
  if (monthNow < month || (monthNow === month && dayNow < day)) age -= 1;
  return age;
}

/**
 * A minor for a purpose at `at`: suspected to be one, or younger than the purpose's minimum age, by
 * the birth date or, once it is erased, by the day the member came of that age. An age the erasure
 * kept no day for (no policy used it then) cannot be told: a minor, so never eligible.
 */
export function isMinorAt(
  profile: Pick<ProfileVersion, 'suspectedMinor' | 'birthDate' | 'adultFrom'>,
  purposePolicy: Pick<PurposePolicy, 'minimumAge'>,
  at: Date,
): boolean {
  if (profile.suspectedMinor === true) return true;
  if (profile.birthDate !== undefined) return ageAt(profile.birthDate, at) < purposePolicy.minimumAge;
  if (profile.adultFrom === undefined) return false;
  const adult = own(profile.adultFrom, String(purposePolicy.minimumAge));
  return adult === undefined || at.getTime() < Date.parse(`${adult}T00:00:00.000Z`);
}
