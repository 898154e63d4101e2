// DOMAIN.md section 7, Erasure: what of a member's profile outlives an erasure. The email address,
// locale and birth date go; the pseudonymous facts that decided answers stay. In place of the birth
// date each profile keeps, for every minimum age in use, the day the member came of that age: the
// one thing the birth date decided (rule 4, minor), so that answers known before the erasure
// replay exactly as they were given. Pure.
import type { ProfileVersion } from './member.ts';
import type { PolicyVersion } from './policy.ts';

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The day (YYYY-MM-DD) someone born on `birthDate` turns `age`, by the calendar ageAt counts with:
 * a 29 February birthday falls on 1 March in other years. Before it they are a minor under `age`,
 * from it on they are not.
 */
export function adultFrom(birthDate: string, age: number): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const comesOfAge = year + age;
  const [m, d] = month === 2 && day === 29 && !isLeapYear(comesOfAge) ? [3, 1] : [month, day];
  return `${String(comesOfAge).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Every minimum age any of `policies` sets, smallest first: the ages an erasure keeps a day for. */
export function minimumAgesInUse(policies: readonly PolicyVersion[]): number[] {
  const ages = new Set(policies.flatMap((policy) => Object.values(policy.purposes).map((purpose) => purpose.minimumAge)));
  return [...ages].sort((a, b) => a - b);
}

/** A profile as it may be stored, with the contact fields the hot item and profile events hold. */
export type ContactProfile = ProfileVersion & { email?: string | undefined; locale?: string | undefined };

/**
 * A profile as an erasure leaves it: without email, locale or birth date; with the day the member
 * came of each of `ages` where a birth date was known (days an earlier erasure kept stay).
 */
export function erasedProfile(profile: ContactProfile, ages: readonly number[]): ProfileVersion {
  const { email: _email, locale: _locale, birthDate, ...kept } = profile;
  if (birthDate === undefined) return kept;
  const days = Object.fromEntries(ages.map((age) => [String(age), adultFrom(birthDate, age)]));
  return { ...kept, adultFrom: { ...kept.adultFrom, ...days } };
}

/** Whether a stored profile still holds anything an erasure removes. */
export function holdsErasedData(profile: ContactProfile): boolean {
  return profile.email !== undefined || profile.locale !== undefined || profile.birthDate !== undefined;
}
