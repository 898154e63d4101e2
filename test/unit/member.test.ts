// Member timeline helpers: age at a time, the profile in effect, the latest choice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, choiceAt, isBornBy, effectiveChoices, profileAt, type ChoiceEntry, type ProfileVersion } from '../../lib/domain/member.ts';

const at = (iso: string): Date => new Date(iso);
const profile = (from: string, country: string): ProfileVersion => ({ from, country });
const choice = (iso: string, value: ChoiceEntry['choice']): ChoiceEntry => ({ at: iso, choice: value });

describe('ageAt', () => {
  it.each([
    { birthDate: '2000-01-01', t: '2025-01-01T00:00:00.000Z', age: 25 },
    { birthDate: '2000-01-01', t: '2024-12-31T23:59:59.999Z', age: 24 },
    { birthDate: '2007-06-15', t: '2025-06-14T23:59:59.999Z', age: 17 },
    { birthDate: '2007-06-15', t: '2025-06-15T00:00:00.000Z', age: 18 },
    { birthDate: '2007-06-15', t: '2025-06-16T00:00:00.000Z', age: 18 },
    { birthDate: '2007-06-15', t: '2025-05-20T00:00:00.000Z', age: 17 }, // earlier month, later day
    { birthDate: '2007-06-15', t: '2025-07-01T00:00:00.000Z', age: 18 }, // later month, earlier day
    { birthDate: '2007-12-31', t: '2025-12-31T00:00:00.000Z', age: 18 },
    { birthDate: '2007-12-31', t: '2025-12-30T23:59:59.999Z', age: 17 },
    // 29 February: the birthday falls on 1 March in non-leap years.
    { birthDate: '2008-02-29', t: '2026-02-28T23:59:59.999Z', age: 17 },
    { birthDate: '2008-02-29', t: '2026-03-01T00:00:00.000Z', age: 18 },
    { birthDate: '2008-02-29', t: '2024-02-28T00:00:00.000Z', age: 15 },
    { birthDate: '2008-02-29', t: '2024-02-29T00:00:00.000Z', age: 16 },
    // UTC calendar, whatever the offset of the input.
    { birthDate: '2007-06-15', t: '2025-06-15T01:00:00+02:00', age: 17 },
    { birthDate: '2007-06-15', t: '2025-06-14T23:00:00-02:00', age: 18 },
    // Born on the day asked about.
    { birthDate: '2025-01-01', t: '2025-01-01T00:00:00.000Z', age: 0 },
    { birthDate: '2025-01-01', t: '2025-12-31T23:59:59.999Z', age: 0 },
  ])('born $birthDate, at $t → $age', ({ birthDate, t, age }) => {
    expect(ageAt(birthDate, at(t))).toBe(age);
  });
});

describe('isBornBy: a birth date is not after the UTC calendar date of at', () => {
  it.each([
    { birthDate: '1990-05-05', t: '2025-06-01T12:00:00.000Z', born: true },
    { birthDate: '2025-06-01', t: '2025-06-01T00:00:00.000Z', born: true }, // today, from its first moment
    { birthDate: '2025-06-01', t: '2025-06-01T23:59:59.999Z', born: true },
    { birthDate: '2025-06-02', t: '2025-06-01T23:59:59.999Z', born: false }, // tomorrow
    { birthDate: '2025-06-02', t: '2025-06-02T00:00:00.000Z', born: true },
    { birthDate: '2026-01-01', t: '2025-12-31T23:00:00-02:00', born: true }, // already 1 January in UTC
    { birthDate: '2025-12-31', t: '2025-12-31T23:00:00+02:00', born: true },
    { birthDate: '2026-01-01', t: '2025-12-31T23:00:00+02:00', born: false }, // 21:00 UTC on 31 December
  ])('born $birthDate, at $t → $born', ({ birthDate, t, born }) => {
    expect(isBornBy(birthDate, at(t))).toBe(born);
  });
});

describe('profileAt', () => {
  const us = profile('2025-03-01T00:00:00.000Z', 'US');
  const fr = profile('2025-06-01T00:00:00.000Z', 'FR');
  const de = profile('2025-09-01T00:00:00.000Z', 'DE');

  it.each([
    { name: 'no profiles', profiles: [], t: '2025-04-01T00:00:00.000Z', expected: undefined },
    { name: 'one profile, asked before it was recorded', profiles: [us], t: '2020-01-01T00:00:00.000Z', expected: us },
    { name: 'one profile, asked exactly when recorded', profiles: [us], t: '2025-03-01T00:00:00.000Z', expected: us },
    { name: 'one profile, asked after', profiles: [us], t: '2030-01-01T00:00:00.000Z', expected: us },
    { name: 'two profiles, before the first', profiles: [us, fr], t: '2020-01-01T00:00:00.000Z', expected: us },
    { name: 'two profiles, between', profiles: [us, fr], t: '2025-04-01T00:00:00.000Z', expected: us },
    { name: 'two profiles, 1 ms before the second', profiles: [us, fr], t: '2025-05-31T23:59:59.999Z', expected: us },
    { name: 'two profiles, exactly at the second', profiles: [us, fr], t: '2025-06-01T00:00:00.000Z', expected: fr },
    { name: 'two profiles, after the second', profiles: [us, fr], t: '2030-01-01T00:00:00.000Z', expected: fr },
    { name: 'three profiles, between second and third', profiles: [us, fr, de], t: '2025-07-01T00:00:00.000Z', expected: fr },
    { name: 'three profiles, at the third', profiles: [us, fr, de], t: '2025-09-01T00:00:00.000Z', expected: de },
    { name: 'three profiles, before the first', profiles: [us, fr, de], t: '2025-01-01T00:00:00.000Z', expected: us },
  ])('$name', ({ profiles, t, expected }) => {
    expect(profileAt(profiles, at(t))).toBe(expected);
  });
});

describe('choiceAt', () => {
  const g1 = choice('2025-02-01T00:00:00.000Z', 'granted');
  const d2 = choice('2025-04-01T00:00:00.000Z', 'denied');
  const g3 = choice('2025-05-01T00:00:00.000Z', 'granted');
  const history = [g1, d2, g3];

  it.each([
    { name: 'no entries (undefined)', entries: undefined, t: '2025-03-01T00:00:00.000Z', expected: undefined },
    { name: 'no entries (empty)', entries: [], t: '2025-03-01T00:00:00.000Z', expected: undefined },
    { name: 'before the first choice', entries: history, t: '2025-01-31T23:59:59.999Z', expected: undefined },
    { name: 'exactly at the first choice', entries: history, t: '2025-02-01T00:00:00.000Z', expected: g1 },
    { name: 'between first and second', entries: history, t: '2025-03-01T00:00:00.000Z', expected: g1 },
    { name: '1 ms before the second', entries: history, t: '2025-03-31T23:59:59.999Z', expected: g1 },
    { name: 'exactly at the second', entries: history, t: '2025-04-01T00:00:00.000Z', expected: d2 },
    { name: 'between second and third', entries: history, t: '2025-04-15T00:00:00.000Z', expected: d2 },
    { name: 'exactly at the last', entries: history, t: '2025-05-01T00:00:00.000Z', expected: g3 },
    { name: 'after the last', entries: history, t: '2030-01-01T00:00:00.000Z', expected: g3 },
  ])('$name', ({ entries, t, expected }) => {
    expect(choiceAt(entries, at(t))).toBe(expected);
  });
});

describe('effectiveChoices: recorded order decides, effective times never go backwards', () => {
  const a = choice('2025-02-01T00:00:00.000Z', 'granted');
  const b = choice('2025-01-15T00:00:00.000Z', 'denied'); // recorded after a, by a lagging clock
  const c = choice('2025-03-01T00:00:00.000Z', 'granted');
  const d = choice('2025-02-01T00:00:00.000Z', 'denied'); // the same instant as a, recorded after c

  it.each([
    { name: 'in order: unchanged', entries: [a, c], expected: [a.at, c.at] },
    { name: 'a lagging clock takes the previous time', entries: [a, b], expected: [a.at, a.at] },
    { name: 'lagging in the middle', entries: [a, b, c], expected: [a.at, a.at, c.at] },
    { name: 'equal times keep their order', entries: [a, d], expected: [a.at, d.at] },
    { name: 'lagging after a later one', entries: [a, c, d], expected: [a.at, c.at, c.at] },
    { name: 'empty', entries: [], expected: [] },
  ])('$name', ({ entries, expected }) => {
    const effective = effectiveChoices(entries);
    expect(effective.map((entry) => entry.at)).toEqual(expected);
    expect(effective.map((entry) => entry.choice)).toEqual(entries.map((entry) => entry.choice));
  });

  it('keeps the entries it does not move, and does not change its input', () => {
    const entries = [a, b];
    const effective = effectiveChoices(entries);
    expect(effective[0]).toBe(a);
    expect(b.at).toBe('2025-01-15T00:00:00.000Z');
  });

  it.each([
    { t: '2025-01-20T00:00:00.000Z', expected: undefined }, // b was recorded after a: not in effect before a
    { t: '2025-02-01T00:00:00.000Z', expected: 'denied' }, // a then b at the same effective instant: b is the later
    { t: '2025-02-15T00:00:00.000Z', expected: 'denied' },
  ])('choiceAt uses effective times at $t', ({ t, expected }) => {
    expect(choiceAt([a, b], at(t))?.choice).toBe(expected);
  });
});

describe('effectiveChoices and choiceAt with a floor (the effective time of the last archived choice)', () => {
  const F = '2025-03-01T00:00:00.000Z';
  const before = choice('2025-02-01T00:00:00.000Z', 'denied'); // recorded before the floor
  const before2 = choice('2025-02-15T00:00:00.000Z', 'granted');
  const atFloor = choice(F, 'granted');
  const after = choice('2025-04-01T00:00:00.000Z', 'denied');
  const lagging = choice('2025-03-15T00:00:00.000Z', 'granted'); // after the floor, before `after`

  it.each([
    { name: 'floor earlier than everything: unchanged', entries: [atFloor, after], floor: '2025-01-01T00:00:00.000Z', expected: [F, after.at] },
    { name: 'no floor: unchanged', entries: [before, after], floor: undefined, expected: [before.at, after.at] },
    { name: 'recorded before the floor: takes effect at the floor', entries: [before], floor: F, expected: [F] },
    { name: 'several before the floor: all at the floor, in order', entries: [before, before2, after], floor: F, expected: [F, F, after.at] },
    { name: 'recorded exactly at the floor: unchanged', entries: [atFloor, after], floor: F, expected: [F, after.at] },
    { name: 'floor later than every entry', entries: [before, atFloor, after], floor: '2026-01-01T00:00:00.000Z', expected: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'] },
    { name: 'a lagging clock after the floor still takes the previous time', entries: [after, lagging], floor: F, expected: [after.at, after.at] },
    { name: 'before the floor, then a lagging one', entries: [before, after, before2], floor: F, expected: [F, after.at, after.at] },
    { name: 'empty', entries: [], floor: F, expected: [] },
  ])('$name', ({ entries, floor, expected }) => {
    const effective = effectiveChoices(entries, floor);
    expect(effective.map((entry) => entry.at)).toEqual(expected);
    expect(effective.map((entry) => entry.choice)).toEqual(entries.map((entry) => entry.choice));
  });

  it('keeps entries at or after the floor as they are, and copies the ones it moves', () => {
    const effective = effectiveChoices([before, atFloor], F);
    expect(effective[0]).not.toBe(before);
    expect(effective[1]).toBe(atFloor);
    expect(before.at).toBe('2025-02-01T00:00:00.000Z');
  });

  it.each([
    // Recorded before the floor, in effect only from the floor on.
    { name: 'at its recorded time, before the floor', entries: [before], floor: F, t: before.at, expected: undefined },
    { name: '1 ms before the floor', entries: [before], floor: F, t: '2025-02-28T23:59:59.999Z', expected: undefined },
    { name: 'exactly at the floor', entries: [before], floor: F, t: F, expected: { ...before, at: F } },
    { name: 'after the floor', entries: [before], floor: F, t: '2025-03-10T00:00:00.000Z', expected: { ...before, at: F } },
    // Several at the floor: the last recorded wins.
    { name: 'two moved to the floor: the later recorded', entries: [before, before2], floor: F, t: F, expected: { ...before2, at: F } },
    { name: 'moved and one recorded at the floor: the one at the floor (recorded last)', entries: [before, atFloor], floor: F, t: F, expected: atFloor },
    { name: 'one at the floor then one moved to it: the moved (recorded last)', entries: [atFloor, before], floor: F, t: F, expected: { ...before, at: F } },
    { name: 'moved, then a later one: between', entries: [before, after], floor: F, t: '2025-03-10T00:00:00.000Z', expected: { ...before, at: F } },
    { name: 'moved, then a later one: at the later', entries: [before, after], floor: F, t: after.at, expected: after },
    { name: 'lagging after the floor: in effect from the previous time', entries: [after, lagging], floor: F, t: lagging.at, expected: undefined },
    { name: 'lagging after the floor: at the previous time', entries: [after, lagging], floor: F, t: after.at, expected: { ...lagging, at: after.at } },
    { name: 'floor earlier than everything: plain answer', entries: [atFloor, after], floor: '2025-01-01T00:00:00.000Z', t: F, expected: atFloor },
    { name: 'floor earlier than everything: before the first', entries: [atFloor], floor: '2025-01-01T00:00:00.000Z', t: '2025-02-01T00:00:00.000Z', expected: undefined },
    { name: 'no entries, with a floor', entries: [], floor: F, t: '2030-01-01T00:00:00.000Z', expected: undefined },
  ])('choiceAt: $name', ({ entries, floor, t, expected }) => {
    expect(choiceAt(entries, at(t), floor)).toEqual(expected);
  });

  it('choiceAt agrees with effectiveChoices (the latest effective at or before T), with and without a floor', () => {
    const iso = (seconds: number) => new Date(Date.parse('2025-01-01T00:00:00.000Z') + seconds * 1_000).toISOString();
    const entryArb = fc.record({ t: fc.integer({ min: 0, max: 30 }), choice: fc.constantFrom<ChoiceEntry['choice']>('granted', 'denied') });
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 12 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fc.integer({ min: -1, max: 31 }),
        fc.constantFrom(-1, 0, 1, 500),
        (raw, floorSeconds, tSeconds, ms) => {
          const entries = raw.map((entry) => choice(iso(entry.t), entry.choice));
          const floor = floorSeconds === undefined ? undefined : iso(floorSeconds);
          const t = new Date(Date.parse(iso(tSeconds)) + ms);
          const expected = effectiveChoices(entries, floor).findLast((entry) => Date.parse(entry.at) <= t.getTime());
          expect(choiceAt(entries, t, floor)).toEqual(expected);
          if (floor === undefined) expect(choiceAt(entries, t, undefined)).toEqual(choiceAt(entries, t));
        },
      ),
      { numRuns: 500 },
    );
  });
});
