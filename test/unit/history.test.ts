// The hot/archive split of a member's history (lib/domain/history.ts): when a tail moves, which
// part answers "the choice (or profile) at T", and the property that matters: the split is
// invisible to eligibility, whatever the history, the cut points and the time asked about.
import { describe, expect, it } from 'vitest';
import {
  COMPACT_AT_BYTES,
  hotChoicesCover,
  hotProfilesCover,
  KEEP_HOT_CHOICES,
  KEEP_HOT_PROFILES,
  keepHotProfiles,
  planCompaction,
  type ArchivedChoices,
  type CompactionPlan,
} from '../../lib/domain/history.ts';
import type { ChoiceEntry, MemberTimeline, ProfileVersion } from '../../lib/domain/member.ts';

const at = (iso: string): Date => new Date(iso);
const shift = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
const entries = (count: number): ChoiceEntry[] =>
  Array.from({ length: count }, (_, index) => ({ at: shift('2025-01-01T00:00:00.000Z', index * 60_000), choice: 'granted' }));
const mark = (count: number, lastAt = '2025-01-01T00:00:00.000Z', gpcDenial = false): ArchivedChoices => ({ count, lastAt, gpcDenial });

describe('constants the tables below rely on', () => {
  it('keeps at least one choice hot per purpose and at least one profile besides the first', () => {
    // hotChoicesCover's empty-tail branch is unreachable only while this holds (see below).
    expect(KEEP_HOT_CHOICES).toBeGreaterThanOrEqual(1);
    expect(KEEP_HOT_PROFILES).toBeGreaterThanOrEqual(1);
    expect(COMPACT_AT_BYTES).toBeLessThan(2_048);
  });
});

// ---------------------------------------------------------------------------------------------
// planCompaction
// ---------------------------------------------------------------------------------------------

describe('planCompaction: the longest tail moves once the hot item has reached the threshold', () => {
  const K = KEEP_HOT_CHOICES;
  interface Case {
    name: string;
    choices: Record<string, ChoiceEntry[]>;
    archived: Record<string, ArchivedChoices>;
    bytes: number;
    expected: CompactionPlan | undefined;
  }
  it.each<Case>([
    { name: 'empty item, way over', choices: {}, archived: {}, bytes: 100_000, expected: undefined },
    { name: 'long tail, 0 bytes', choices: { a: entries(50) }, archived: {}, bytes: 0, expected: undefined },
    { name: 'long tail, 1 B under the threshold', choices: { a: entries(50) }, archived: {}, bytes: COMPACT_AT_BYTES - 1, expected: undefined },
    { name: 'long tail, exactly at the threshold', choices: { a: entries(50) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 50 - K, expectedArchived: 0 } },
    { name: 'long tail, way over', choices: { a: entries(50) }, archived: {}, bytes: 400_000, expected: { purpose: 'a', move: 50 - K, expectedArchived: 0 } },
    { name: 'one more than kept: moves one', choices: { a: entries(K + 1) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 1, expectedArchived: 0 } },
    { name: 'exactly the kept number: nothing to move', choices: { a: entries(K) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'fewer than kept: nothing to move', choices: { a: entries(K - 1), b: entries(0) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'every purpose at the kept number: nothing to move', choices: { a: entries(K), b: entries(K), c: entries(K) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'the longest of several', choices: { a: entries(K + 1), b: entries(K + 5), c: entries(K + 2) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: 5, expectedArchived: 0 } },
    { name: 'short purposes beside a long one are never chosen', choices: { a: entries(K), b: entries(K + 1), c: entries(0) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: 1, expectedArchived: 0 } },
    // Ties: the first in the item's key order (insertion order for purpose ids that are not array indexes).
    { name: 'tie: the first key wins (a before b)', choices: { a: entries(K + 3), b: entries(K + 3) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 3, expectedArchived: 0 } },
    { name: 'tie: the first key wins (b before a)', choices: { b: entries(K + 3), a: entries(K + 3) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: 3, expectedArchived: 0 } },
    { name: 'tie behind a longer one', choices: { a: entries(K + 3), b: entries(K + 4), c: entries(K + 4) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: 4, expectedArchived: 0 } },
    // expectedArchived: the count on the purpose's own archive mark, 0 without one.
    { name: 'expected archived from its mark', choices: { a: entries(K + 2) }, archived: { a: mark(7) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 2, expectedArchived: 7 } },
    { name: 'another purpose’s mark does not count', choices: { a: entries(K + 2) }, archived: { b: mark(7) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 2, expectedArchived: 0 } },
    { name: 'the chosen purpose’s mark among several', choices: { a: entries(K + 1), b: entries(K + 2) }, archived: { a: mark(3), b: mark(11) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: 2, expectedArchived: 11 } },
    { name: 'a mark without hot entries to move', choices: { a: entries(K) }, archived: { a: mark(40) }, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    // Purpose ids that name Object.prototype members: only own keys count.
    { name: '`constructor` as a purpose', choices: { constructor: entries(K + 2) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'constructor', move: 2, expectedArchived: 0 } },
    { name: '`constructor` with its own mark', choices: { constructor: entries(K + 2) }, archived: { constructor: mark(5) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'constructor', move: 2, expectedArchived: 5 } },
    {
      name: '`__proto__` as an own key, with its own mark',
      choices: Object.fromEntries([['__proto__', entries(K + 4)], ['a', entries(K + 1)]]),
      archived: Object.fromEntries([['__proto__', mark(9)]]),
      bytes: COMPACT_AT_BYTES,
      expected: { purpose: '__proto__', move: 4, expectedArchived: 9 },
    },
    {
      name: '`__proto__` with no mark of its own',
      choices: Object.fromEntries([['__proto__', entries(K + 1)]]),
      archived: {},
      bytes: COMPACT_AT_BYTES,
      expected: { purpose: '__proto__', move: 1, expectedArchived: 0 },
    },
    { name: 'inherited names in the archive are not marks', choices: { toString: entries(K + 1) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'toString', move: 1, expectedArchived: 0 } },
  ])('$name', ({ choices, archived, bytes, expected }) => {
    expect(planCompaction(choices, archived, bytes)).toEqual(expected);
  });

  it('a record whose prototype has a long list is not read through it', () => {
    const inherited = Object.create({ inherited: entries(K + 10) }) as Record<string, ChoiceEntry[]>;
    inherited.own = entries(K + 1);
    expect(planCompaction(inherited, {}, COMPACT_AT_BYTES)).toEqual({ purpose: 'own', move: 1, expectedArchived: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// hotChoicesCover / hotProfilesCover
// ---------------------------------------------------------------------------------------------

describe('hotChoicesCover: the hot tail answers from its first entry’s effective time on', () => {
  const P = 'ads';
  const L = '2025-03-01T00:00:00.000Z'; // the archive's lastAt
  const timeline = (hot: string[] | undefined, archived: Record<string, ArchivedChoices> | undefined): MemberTimeline => ({
    profiles: [],
    choices: hot === undefined ? {} : { [P]: hot.map((iso) => ({ at: iso, choice: 'granted' as const })) },
    notices: {},
    archivedChoices: archived,
  });
  const later = '2025-04-01T00:00:00.000Z'; // the first hot entry, recorded after the floor
  const earlier = '2025-02-01T00:00:00.000Z'; // recorded before the floor (a lagging clock): effective at L
  interface Case {
    name: string;
    hot: string[] | undefined;
    archived: Record<string, ArchivedChoices> | undefined;
    t: string;
    covers: boolean;
  }

  it.each<Case>([
    // No archive: the hot tail is the whole history, before its first entry too.
    { name: 'no archive marks at all, long before anything', hot: [later], archived: undefined, t: '2000-01-01T00:00:00.000Z', covers: true },
    { name: 'empty archive marks', hot: [later], archived: {}, t: '2000-01-01T00:00:00.000Z', covers: true },
    { name: 'a mark that archived nothing', hot: [later], archived: { [P]: mark(0, L) }, t: '2000-01-01T00:00:00.000Z', covers: true },
    { name: 'another purpose’s mark', hot: [later], archived: { other: mark(4, L) }, t: '2000-01-01T00:00:00.000Z', covers: true },
    { name: 'no archive, no hot entries', hot: undefined, archived: undefined, t: '2000-01-01T00:00:00.000Z', covers: true },
    // First hot entry recorded after the floor: it decides.
    { name: 'first hot after floor: exactly at it', hot: [later], archived: { [P]: mark(4, L) }, t: later, covers: true },
    { name: 'first hot after floor: 1 ms before it', hot: [later], archived: { [P]: mark(4, L) }, t: shift(later, -1), covers: false },
    { name: 'first hot after floor: 1 ms after it', hot: [later], archived: { [P]: mark(4, L) }, t: shift(later, 1), covers: true },
    { name: 'first hot after floor: exactly at the floor', hot: [later], archived: { [P]: mark(4, L) }, t: L, covers: false },
    { name: 'first hot after floor: long before', hot: [later], archived: { [P]: mark(4, L) }, t: '2000-01-01T00:00:00.000Z', covers: false },
    { name: 'first hot after floor: long after', hot: [later, shift(later, 5)], archived: { [P]: mark(4, L) }, t: '2030-01-01T00:00:00.000Z', covers: true },
    // First hot entry recorded before the floor: it takes effect at the floor.
    { name: 'floor later than first hot: exactly at the floor', hot: [earlier], archived: { [P]: mark(4, L) }, t: L, covers: true },
    { name: 'floor later than first hot: 1 ms before the floor', hot: [earlier], archived: { [P]: mark(4, L) }, t: shift(L, -1), covers: false },
    { name: 'floor later than first hot: at its recorded time', hot: [earlier], archived: { [P]: mark(4, L) }, t: earlier, covers: false },
    { name: 'floor later than first hot: after the floor', hot: [earlier, later], archived: { [P]: mark(4, L) }, t: later, covers: true },
    // First hot entry recorded at the floor exactly.
    { name: 'first hot at the floor: at it', hot: [L], archived: { [P]: mark(4, L) }, t: L, covers: true },
    { name: 'first hot at the floor: 1 ms before', hot: [L], archived: { [P]: mark(4, L) }, t: shift(L, -1), covers: false },
    // Only the first hot entry counts, whatever the later ones.
    { name: 'later hot entries out of order do not matter', hot: [later, earlier], archived: { [P]: mark(4, L) }, t: later, covers: true },
    // Everything archived, nothing hot: before the last archived choice the archive must answer.
    { name: 'empty hot tail with archive: before the floor', hot: [], archived: { [P]: mark(4, L) }, t: shift(L, -1), covers: false },
    { name: 'purpose absent from the hot tail, with archive: before the floor', hot: undefined, archived: { [P]: mark(4, L) }, t: '2000-01-01T00:00:00.000Z', covers: false },
  ])('$name → $covers', ({ hot, archived, t, covers }) => {
    expect(hotChoicesCover(timeline(hot, archived), P, at(t))).toBe(covers);
  });

  // BUG (latent): with an archive mark and an empty hot tail, hotChoicesCover says the hot tail
  // covers every time from the archive's lastAt on, but the hot tail holds no choice at all: the
  // answer at those times is the last archived choice (it is in effect at lastAt). decideEligibility
  // on such a hot item then sees "no choice" (e.g. default_opt_in for a member whose last choice
  // was denied). Unreachable today only because compaction always leaves KEEP_HOT_CHOICES (2) hot
  // entries; see the end-to-end example in "the split is invisible" below.
  it.fails.each([
    { name: 'empty hot tail with archive: exactly at the floor', hot: [], t: L },
    { name: 'empty hot tail with archive: after the floor', hot: [], t: '2030-01-01T00:00:00.000Z' },
    { name: 'purpose absent from the hot tail, with archive: after the floor', hot: undefined, t: '2030-01-01T00:00:00.000Z' },
  ])('$name → false (the archive holds the answer)', ({ hot, t }) => {
    expect(hotChoicesCover(timeline(hot, { [P]: mark(4, L) }), P, at(t))).toBe(false);
  });

  it.each([
    { purpose: 'constructor', covers: true },
    { purpose: 'toString', covers: true },
    { purpose: '__proto__', covers: true },
  ])('an inherited name ($purpose) has no archive mark', ({ purpose, covers }) => {
    expect(hotChoicesCover(timeline([later], { [P]: mark(4, L) }), purpose, at('2000-01-01T00:00:00.000Z'))).toBe(covers);
  });

  it('`constructor` with an own archive mark is read through it', () => {
    const hot: MemberTimeline = { profiles: [], notices: {}, choices: { constructor: [{ at: later, choice: 'denied' as const }] }, archivedChoices: { constructor: mark(2, L) } };
    expect(hotChoicesCover(hot, 'constructor', at(shift(later, -1)))).toBe(false);
    expect(hotChoicesCover(hot, 'constructor', at(later))).toBe(true);
  });
});

describe('hotProfilesCover: before the first profile, or from the second kept one on', () => {
  const p = (from: string, country: string): ProfileVersion => ({ from, country });
  const A = '2025-01-01T00:00:00.000Z';
  const D = '2025-04-01T00:00:00.000Z';
  const kept = [p(A, 'US'), p(D, 'FR'), p('2025-05-01T00:00:00.000Z', 'DE'), p('2025-06-01T00:00:00.000Z', 'GB')];
  const timeline = (profiles: ProfileVersion[], trimmed: boolean | undefined): MemberTimeline => ({ profiles, choices: {}, notices: {}, profilesTrimmed: trimmed });

  it.each([
    { name: 'not trimmed: any time', profiles: kept, trimmed: false, t: '2025-02-01T00:00:00.000Z', covers: true },
    { name: 'trimmed flag absent: any time', profiles: kept, trimmed: undefined, t: '2025-02-01T00:00:00.000Z', covers: true },
    { name: 'trimmed: long before the first', profiles: kept, trimmed: true, t: '2000-01-01T00:00:00.000Z', covers: true },
    { name: 'trimmed: 1 ms before the first', profiles: kept, trimmed: true, t: shift(A, -1), covers: true },
    { name: 'trimmed: exactly at the first', profiles: kept, trimmed: true, t: A, covers: false },
    { name: 'trimmed: between first and second kept', profiles: kept, trimmed: true, t: '2025-02-15T00:00:00.000Z', covers: false },
    { name: 'trimmed: 1 ms before the second kept', profiles: kept, trimmed: true, t: shift(D, -1), covers: false },
    { name: 'trimmed: exactly at the second kept', profiles: kept, trimmed: true, t: D, covers: true },
    { name: 'trimmed: after the latest', profiles: kept, trimmed: true, t: '2030-01-01T00:00:00.000Z', covers: true },
    { name: 'trimmed, first and second kept at the same time: at it', profiles: [p(A, 'US'), p(A, 'FR'), p(D, 'DE')], trimmed: true, t: A, covers: true },
    { name: 'trimmed but only one profile (defensive)', profiles: [p(A, 'US')], trimmed: true, t: shift(A, 1), covers: true },
    { name: 'trimmed but no profiles (defensive)', profiles: [], trimmed: true, t: A, covers: true },
  ])('$name → $covers', ({ profiles, trimmed, t, covers }) => {
    expect(hotProfilesCover(timeline(profiles, trimmed), at(t))).toBe(covers);
  });
});

describe('keepHotProfiles: the first and the latest KEEP_HOT_PROFILES', () => {
  const list = (count: number): ProfileVersion[] =>
    Array.from({ length: count }, (_, index) => ({ from: shift('2025-01-01T00:00:00.000Z', index * 1_000), country: `C${index}` }));
  const K = KEEP_HOT_PROFILES;

  it.each([
    { count: 0, trimmedBefore: false, keep: [], trimmed: false },
    { count: 1, trimmedBefore: false, keep: [0], trimmed: false },
    { count: K, trimmedBefore: false, keep: Array.from({ length: K }, (_, i) => i), trimmed: false },
    { count: K + 1, trimmedBefore: false, keep: Array.from({ length: K + 1 }, (_, i) => i), trimmed: false },
    { count: K + 1, trimmedBefore: true, keep: Array.from({ length: K + 1 }, (_, i) => i), trimmed: true },
    { count: K + 2, trimmedBefore: false, keep: [0, ...Array.from({ length: K }, (_, i) => i + 2)], trimmed: true },
    { count: K + 10, trimmedBefore: false, keep: [0, ...Array.from({ length: K }, (_, i) => i + 10)], trimmed: true },
  ])('$count profiles (trimmed before: $trimmedBefore) → keeps $keep', ({ count, trimmedBefore, keep, trimmed }) => {
    const profiles = list(count);
    const result = keepHotProfiles(profiles, trimmedBefore);
    expect(result.profiles).toEqual(keep.map((index) => profiles[index]));
    expect(result.trimmed).toBe(trimmed);
    expect(result.profiles).not.toBe(profiles); // a copy: the caller may append to it
  });
});
