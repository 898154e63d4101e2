// What an erasure keeps of a profile (lib/domain/erasure.ts): no email, locale or birth date; the
// day the member came of each minimum age in use, which answers "minor?" exactly as the birth date did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adultFrom, erasedProfile, holdsErasedData, minimumAgesInUse } from '../../lib/domain/erasure.ts';
import { ageAt, isMinorAt } from '../../lib/domain/member.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { policyVersion, purposePolicy } from '../support/builders.ts';

describe('adultFrom: the day someone comes of an age', () => {
  it.each([
    { birthDate: '2007-06-15', age: 18, day: '2025-06-15' },
    { birthDate: '2007-12-31', age: 18, day: '2025-12-31' },
    { birthDate: '1990-01-01', age: 21, day: '2011-01-01' },
    { birthDate: '2025-06-01', age: 0, day: '2025-06-01' },
    // 29 February falls on 1 March in other years, as ageAt counts.
    { birthDate: '2008-02-29', age: 18, day: '2026-03-01' },
    { birthDate: '2008-02-29', age: 16, day: '2024-02-29' },
    { birthDate: '2000-02-29', age: 100, day: '2100-03-01' },
    { birthDate: '1996-02-29', age: 4, day: '2000-02-29' },
  ])('$birthDate, $age → $day', ({ birthDate, age, day }) => {
    expect(adultFrom(birthDate, age)).toBe(day);
  });

  it('says "minor" exactly when the birth date does, at any time, for any age', () => {
    const date = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 30 }), (born, asked, minimumAge) => {
        const birthDate = born.toISOString().slice(0, 10);
        const policy = { minimumAge };
        const kept = erasedProfile({ from: '2000-01-01T00:00:00.000Z', country: 'US', birthDate }, [minimumAge]);
        expect(isMinorAt(kept, policy, asked)).toBe(ageAt(birthDate, asked) < minimumAge);
        expect(isMinorAt(kept, policy, asked)).toBe(isMinorAt({ birthDate }, policy, asked));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('minimumAgesInUse', () => {
  it('every minimum age of any version, once each, smallest first', () => {
    const versions = [
      policyVersion({ id: 'a', purposes: { one: purposePolicy({ minimumAge: 18 }), two: purposePolicy({ minimumAge: 16 }) } }),
      policyVersion({ id: 'b', purposes: { one: purposePolicy({ minimumAge: 21 }), three: purposePolicy({ minimumAge: 18 }) } }),
    ];
    expect(minimumAgesInUse(versions)).toEqual([16, 18, 21]);
    expect(minimumAgesInUse(REFERENCE_POLICIES)).toEqual([18]);
    expect(minimumAgesInUse([])).toEqual([]);
  });
});

describe('erasedProfile', () => {
  const stored = { from: '2025-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '2008-02-29', suspectedMinor: false, email: 'a@example.com', locale: 'fr-FR' };

  it('drops email, locale and birth date; keeps the facts answers depend on and the day of each age', () => {
    const kept = erasedProfile(stored, [16, 18]);
    expect(kept).toEqual({ from: '2025-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', suspectedMinor: false, adultFrom: { 16: '2024-02-29', 18: '2026-03-01' } });
    expect(holdsErasedData(stored)).toBe(true);
    expect(holdsErasedData(kept)).toBe(false);
    expect(JSON.stringify(kept)).not.toMatch(/a@example\.com|fr-FR|2008-02-29/);
  });

  it('keeps no day where no birth date was known', () => {
    expect(erasedProfile({ from: '2025-01-01T00:00:00.000Z', country: 'FR', email: 'b@example.com' }, [18])).toEqual({ from: '2025-01-01T00:00:00.000Z', country: 'FR' });
  });

  it('is idempotent: a profile erased already stays as it is', () => {
    const once = erasedProfile(stored, [18]);
    expect(erasedProfile(once, [18, 21])).toEqual(once);
  });
});
