// The hot/archive split of a member's history (lib/domain/history.ts): when a tail moves, which
// part answers "the choice (or profile) at T", and the property that matters: the split is
// invisible to eligibility, whatever the history, the cut points and the time asked about.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import { decideEligibility } from '../../lib/domain/eligibility.ts';
import {
  COMPACT_AT_BYTES,
  CROSSING_BYTES,
  hotChoicesCover,
  hotProfilesCover,
  KEEP_HOT_CHOICES,
  KEEP_HOT_PROFILES,
  keepHotProfiles,
  MIN_MOVE,
  OVERDUE_AT_BYTES,
  planCompaction,
  type ArchivedChoices,
  type CompactionPlan,
} from '../../lib/domain/history.ts';
import { CHOICE_SOURCES, type ChoiceEntry, type MemberTimeline, type ProfileVersion } from '../../lib/domain/member.ts';
import type { PolicyVersion, PurposePolicy } from '../../lib/domain/policy.ts';
import { hotChoices } from '../../lib/app/consents.ts';
import type { Deps } from '../../lib/app/deps.ts';
import { checkEligibility, checkEligibilityBatch, timelineAt } from '../../lib/app/eligibility.ts';
import { archiveKey, archivePrefix } from '../../lib/adapters/dynamo/member-item.ts';
import type { MemberRecord, NumberedChoice, RecordedChoice } from '../../lib/app/ports/consent-store.ts';

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
  const M = MIN_MOVE;
  it.each<Case>([
    { name: 'empty item, way over', choices: {}, archived: {}, bytes: 100_000, expected: undefined },
    { name: 'long tail, 0 bytes', choices: { a: entries(50) }, archived: {}, bytes: 0, expected: undefined },
    { name: 'long tail, 1 B under the threshold', choices: { a: entries(50) }, archived: {}, bytes: COMPACT_AT_BYTES - 1, expected: undefined },
    { name: 'long tail, exactly at the threshold', choices: { a: entries(50) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: 50 - K, expectedArchived: 0 } },
    { name: 'long tail, past the crossing band: another writer crossed', choices: { a: entries(50) }, archived: {}, bytes: COMPACT_AT_BYTES + CROSSING_BYTES, expected: undefined },
    { name: 'long tail, just under overdue', choices: { a: entries(50) }, archived: {}, bytes: OVERDUE_AT_BYTES - 1, expected: undefined },
    { name: 'long tail, overdue', choices: { a: entries(50) }, archived: {}, bytes: OVERDUE_AT_BYTES, expected: { purpose: 'a', move: 50 - K, expectedArchived: 0 } },
    { name: 'long tail, way over', choices: { a: entries(50) }, archived: {}, bytes: 400_000, expected: { purpose: 'a', move: 50 - K, expectedArchived: 0 } },
    { name: 'fewer than MIN_MOVE beyond the kept ones: nothing moves', choices: { a: entries(K + M - 1) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: undefined },
    { name: 'exactly MIN_MOVE beyond the kept ones: they move', choices: { a: entries(K + M) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: M, expectedArchived: 0 } },
    { name: 'exactly the kept number: nothing to move', choices: { a: entries(K) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'fewer than kept: nothing to move', choices: { a: entries(K - 1), b: entries(0) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'every purpose at the kept number: nothing to move', choices: { a: entries(K), b: entries(K), c: entries(K) }, archived: {}, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    { name: 'the longest of several', choices: { a: entries(K + M), b: entries(K + M + 5), c: entries(K + M + 2) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: M + 5, expectedArchived: 0 } },
    { name: 'short purposes beside a long one are never chosen', choices: { a: entries(K), b: entries(K + M), c: entries(0) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: M, expectedArchived: 0 } },
    // Ties: the first in the item's key order (insertion order for purpose ids that are not array indexes).
    { name: 'tie: the first key wins (a before b)', choices: { a: entries(K + M + 3), b: entries(K + M + 3) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: M + 3, expectedArchived: 0 } },
    { name: 'tie: the first key wins (b before a)', choices: { b: entries(K + M + 3), a: entries(K + M + 3) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: M + 3, expectedArchived: 0 } },
    { name: 'tie behind a longer one', choices: { a: entries(K + M + 3), b: entries(K + M + 4), c: entries(K + M + 4) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: M + 4, expectedArchived: 0 } },
    // expectedArchived: the count on the purpose's own archive mark, 0 without one.
    { name: 'expected archived from its mark', choices: { a: entries(K + M) }, archived: { a: mark(7) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: M, expectedArchived: 7 } },
    { name: 'another purpose’s mark does not count', choices: { a: entries(K + M) }, archived: { b: mark(7) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'a', move: M, expectedArchived: 0 } },
    { name: 'the chosen purpose’s mark among several', choices: { a: entries(K + M), b: entries(K + M + 1) }, archived: { a: mark(3), b: mark(11) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'b', move: M + 1, expectedArchived: 11 } },
    { name: 'a mark without hot entries to move', choices: { a: entries(K) }, archived: { a: mark(40) }, bytes: COMPACT_AT_BYTES * 10, expected: undefined },
    // Purpose ids that name Object.prototype members: only own keys count.
    { name: '`constructor` as a purpose', choices: { constructor: entries(K + M) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'constructor', move: M, expectedArchived: 0 } },
    { name: '`constructor` with its own mark', choices: { constructor: entries(K + M) }, archived: { constructor: mark(5) }, bytes: COMPACT_AT_BYTES, expected: { purpose: 'constructor', move: M, expectedArchived: 5 } },
    {
      name: '`__proto__` as an own key, with its own mark',
      choices: Object.fromEntries([['__proto__', entries(K + M + 4)], ['a', entries(K + M)]]),
      archived: Object.fromEntries([['__proto__', mark(9)]]),
      bytes: COMPACT_AT_BYTES,
      expected: { purpose: '__proto__', move: M + 4, expectedArchived: 9 },
    },
    {
      name: '`__proto__` with no mark of its own',
      choices: Object.fromEntries([['__proto__', entries(K + M)]]),
      archived: {},
      bytes: COMPACT_AT_BYTES,
      expected: { purpose: '__proto__', move: M, expectedArchived: 0 },
    },
    { name: 'inherited names in the archive are not marks', choices: { toString: entries(K + M) }, archived: {}, bytes: COMPACT_AT_BYTES, expected: { purpose: 'toString', move: M, expectedArchived: 0 } },
  ])('$name', ({ choices, archived, bytes, expected }) => {
    expect(planCompaction(choices, archived, bytes)).toEqual(expected);
  });

  it('a record whose prototype has a long list is not read through it', () => {
    const inherited = Object.create({ inherited: entries(K + MIN_MOVE + 10) }) as Record<string, ChoiceEntry[]>;
    inherited.own = entries(K + MIN_MOVE);
    expect(planCompaction(inherited, {}, COMPACT_AT_BYTES)).toEqual({ purpose: 'own', move: MIN_MOVE, expectedArchived: 0 });
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

  // With an archive mark and an empty hot tail, the answer at any time is in the archive (found by
  // these tests while compaction always left KEEP_HOT_CHOICES hot, so it was latent; now fixed).
  it.each([
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
    // A replay known before the latest profile keeps only the first: the ones between are archived.
    { name: 'trimmed, only the first known: after it, the archive answers', profiles: [p(A, 'US')], trimmed: true, t: shift(A, 1), covers: false },
    { name: 'trimmed, only the first known: before it, the first covers', profiles: [p(A, 'US')], trimmed: true, t: shift(A, -1), covers: true },
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

// ---------------------------------------------------------------------------------------------
// The split is invisible
// ---------------------------------------------------------------------------------------------
//
// Any history, cut into archive items the way the compaction cuts it (lib/app/consents.ts
// `tidy`: the moving entries are hotChoices(record, purpose), at their effective times from the
// previous archive's lastAt), must answer every question exactly as the unsplit history does when
// read the way lib/app/eligibility.ts reads it. timelineAt and checkEligibility run as they
// are, against an in-memory store that holds the archive items under their real sort keys
// (archiveKey) and answers archivedChoiceAt as the DynamoDB query does (the item that starts
// latest at or before T, then its last entry in effect at T), and archivedProfileAt from every
// profile ever recorded (the profile events).

const PURPOSES = ['ads', 'constructor'] as const;
const BASE = Date.parse('2025-01-01T00:00:00.000Z');
const iso = (seconds: number): string => new Date(BASE + seconds * 1_000).toISOString();

const purposePolicy = (frRegime: 'opt_in' | 'opt_out'): PurposePolicy => ({
  default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
  rules: {
    GB: { regime: 'excluded' },
    FR: frRegime === 'opt_in' ? { regime: 'opt_in', legalBasis: 'consent' } : { regime: 'opt_out', legalBasis: 'legitimate_interest' },
    'US-CA': { regime: 'opt_in', legalBasis: 'consent' },
  },
  minimumAge: 16,
});
// Two versions, the second from 30 s in, so that the policy in force changes inside the histories.
const POLICIES: PolicyVersion[] = [
  { id: 'p1', announcedAt: '2024-01-01T00:00:00.000Z', effectiveAt: '2024-01-01T00:00:00.000Z', purposes: { ads: purposePolicy('opt_in'), constructor: purposePolicy('opt_in') } },
  { id: 'p2', announcedAt: '2024-12-01T00:00:00.000Z', effectiveAt: iso(30), purposes: { ads: purposePolicy('opt_out'), constructor: purposePolicy('opt_in') } },
];

const FACTS: Omit<ProfileVersion, 'from'>[] = [
  { country: 'US' },
  { country: 'US', subdivision: 'US-CA' },
  { country: 'FR' },
  { country: 'GB' },
  { country: 'DE', suspectedMinor: true },
  { country: 'US', birthDate: '2012-06-01' },
];

interface ArchiveItem {
  sk: string;
  entries: NumberedChoice[];
}

interface Split {
  /** The whole history, nothing archived. */
  full: MemberTimeline;
  /** The hot item as the service keeps it. */
  hot: MemberTimeline;
  archiveItems: ArchiveItem[];
  /** Every profile ever recorded, in order (what the profile events hold). */
  profileEvents: ProfileVersion[];
}

/** Moves the first `cut - archived` hot entries, as tidy() does, for each cut in turn. */
function compact(
  purpose: string,
  all: readonly RecordedChoice[],
  cuts: readonly number[],
): { hot: RecordedChoice[]; mark: ArchivedChoices | undefined; items: ArchiveItem[] } {
  let hot = [...all];
  let mark: ArchivedChoices | undefined;
  const items: ArchiveItem[] = [];
  for (const cut of cuts) {
    const before = mark?.count ?? 0;
    const record = { choices: { [purpose]: hot }, archivedChoices: mark === undefined ? {} : { [purpose]: mark } } as unknown as MemberRecord;
    const moving = hotChoices(record, purpose).slice(0, cut - before);
    const first = moving[0]!;
    const last = moving.at(-1)!;
    items.push({ sk: archiveKey(purpose, first.entry.at, before + 1), entries: moving });
    mark = {
      count: cut,
      lastAt: last.entry.at,
      gpcDenial: (mark?.gpcDenial ?? false) || moving.some(({ entry }) => entry.source === 'gpc' && entry.choice === 'denied'),
    };
    hot = hot.slice(cut - before);
  }
  return { hot, mark, items };
}

function hotProfilesOf(profiles: readonly ProfileVersion[]): { profiles: ProfileVersion[]; trimmed: boolean } {
  // As members.ts does on every profile change: append, then keep the first and the latest.
  let kept = { profiles: [] as ProfileVersion[], trimmed: false };
  for (const profile of profiles) kept = keepHotProfiles([...kept.profiles, profile], kept.trimmed);
  return kept;
}

function split(histories: Record<string, RecordedChoice[]>, cutsByPurpose: Record<string, number[]>, profiles: ProfileVersion[]): Split {
  const hotChoicesByPurpose: Record<string, RecordedChoice[]> = {};
  const marks: Record<string, ArchivedChoices> = {};
  const archiveItems: ArchiveItem[] = [];
  for (const [purpose, all] of Object.entries(histories)) {
    const { hot, mark, items } = compact(purpose, all, cutsByPurpose[purpose] ?? []);
    hotChoicesByPurpose[purpose] = hot;
    if (mark !== undefined) marks[purpose] = mark;
    archiveItems.push(...items);
  }
  const kept = hotProfilesOf(profiles);
  return {
    full: { profiles, choices: histories, notices: {} },
    hot: { profiles: kept.profiles, profilesTrimmed: kept.trimmed, choices: hotChoicesByPurpose, notices: {}, archivedChoices: marks },
    archiveItems,
    profileEvents: profiles,
  };
}

const byKey = (a: ArchiveItem, b: ArchiveItem) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0);

/** The store's contract, stated plainly: the latest archived choice in effect at or before `t`. */
function latestArchivedAt(items: readonly ArchiveItem[], purpose: string, t: Date): NumberedChoice | undefined {
  return items
    .filter((item) => item.sk.startsWith(archivePrefix(purpose)))
    .sort(byKey)
    .flatMap((item) => item.entries)
    .findLast(({ entry }) => Date.parse(entry.at) <= t.getTime());
}

/** Only what the eligibility use cases call; archive reads answered the way the DynamoDB store queries. */
function fakeDeps(s: Split, reads: { choices: number; profiles: number } = { choices: 0, profiles: 0 }): Deps {
  return {
    clock: fixedClock(new Date(BASE + 3_600_000)),
    policies: { all: async () => POLICIES },
    store: {
      getMember: async () => s.hot,
      getTimelines: async (memberIds: readonly string[]) => new Map(memberIds.map((id) => [id, s.hot] as const)),
      archivedChoiceAt: async (_memberId: string, purpose: string, t: Date) => {
        reads.choices += 1;
        // KeyConditionExpression sk BETWEEN prefix AND prefix<T>#~, newest first, Limit 1.
        const from = archivePrefix(purpose);
        const to = `${from}${t.toISOString()}#~`;
        const item = s.archiveItems.filter((candidate) => candidate.sk >= from && candidate.sk <= to).sort(byKey).at(-1);
        return item?.entries.findLast(({ entry }) => Date.parse(entry.at) <= t.getTime());
      },
      archivedProfileAt: async (_memberId: string, t: Date) => {
        reads.profiles += 1;
        return s.profileEvents.findLast((profile) => Date.parse(profile.from) <= t.getTime());
      },
    },
  } as unknown as Deps;
}

interface Question {
  purpose: string;
  t: Date;
}

async function expectInvisible(s: Split, questions: readonly Question[]): Promise<void> {
  const deps = fakeDeps(s);
  for (const { purpose, t } of questions) {
    const expected = decideEligibility(s.full, POLICIES, purpose, t);
    const timeline = await timelineAt(deps, 'm', s.hot, purpose, t, { consistent: true });
    expect(decideEligibility(timeline, POLICIES, purpose, t), `${purpose} at ${t.toISOString()}`).toEqual(expected);
    // The archive lookup as queried agrees with the store's contract.
    const queried = await deps.store.archivedChoiceAt('m', purpose, t, { consistent: true });
    expect(queried).toEqual(latestArchivedAt(s.archiveItems, purpose, t));
    // And through the use cases, single and batch.
    const answer = await checkEligibility(deps, purpose, 'm', t);
    expect({ eligible: answer.eligible, reason: answer.reason, policyVersion: answer.policyVersion }).toEqual({
      eligible: expected.eligible,
      reason: expected.reason,
      policyVersion: expected.policyVersion,
    });
    expect(answer.jurisdiction).toBe(expected.jurisdiction);
    const batch = await checkEligibilityBatch(deps, purpose, ['m', 'm2'], t);
    for (const result of batch.results) expect(result.reason).toBe(expected.reason);
  }
}

// Histories: times in whole seconds from BASE, with steps that may be 0 (equal times) or negative
// (a later choice recorded with an earlier time by a lagging clock).
const choicesArb = (purpose: string) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 10 }),
      steps: fc.array(
        fc.record({
          step: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 4 }, { arbitrary: fc.integer({ min: -4, max: -1 }), weight: 1 }),
          choice: fc.constantFrom<ChoiceEntry['choice']>('granted', 'denied'),
          source: fc.constantFrom(...CHOICE_SOURCES),
        }),
        { maxLength: 14 },
      ),
    })
    .map(({ start, steps }) => {
      let seconds = start;
      return steps.map(({ step, choice, source }, index): RecordedChoice => {
        seconds += step;
        return { at: iso(seconds), choice, source, actor: 'someone', requestId: `${purpose}-${index}` };
      });
    });

const profilesArb = fc
  .record({
    start: fc.integer({ min: 0, max: 15 }),
    steps: fc.array(fc.record({ step: fc.integer({ min: 0, max: 6 }), facts: fc.constantFrom(...FACTS) }), { minLength: 1, maxLength: 9 }),
  })
  .map(({ start, steps }) => {
    // Profile times never go backwards: members.ts records max(now, the last profile's from).
    let seconds = start;
    return steps.map(({ step, facts }): ProfileVersion => {
      seconds += step;
      return { from: iso(seconds), ...facts };
    });
  });

/** Cut points strictly inside the history: at least one entry stays hot, as compaction guarantees. */
const cutsArb = fc.array(fc.integer({ min: 1, max: 14 }), { maxLength: 4 });
const normalise = (cuts: number[], length: number) => [...new Set(cuts.filter((cut) => cut < length))].sort((a, b) => a - b);

const questionsArb = fc.array(
  fc.record({
    purpose: fc.constantFrom(...PURPOSES),
    seconds: fc.integer({ min: -2, max: 75 }),
    ms: fc.constantFrom(-1, 0, 1, 500),
  }),
  { minLength: 1, maxLength: 10 },
);

describe('the split is invisible: the hot item plus its archive answer as the whole history does', () => {
  it('any history, any cuts (one or several successive compactions), any time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ads: choicesArb('ads'), constructor: choicesArb('constructor') }),
        fc.record({ ads: cutsArb, constructor: cutsArb }),
        profilesArb,
        questionsArb,
        async (histories, cuts, profiles, questions) => {
          const s = split(
            histories,
            { ads: normalise(cuts.ads, histories.ads.length), constructor: normalise(cuts.constructor, histories.constructor.length) },
            profiles,
          );
          // Questions at every recorded time (and 1 ms either side) as well as random ones.
          const boundaries = [...histories.ads, ...histories.constructor].flatMap((entry) => [-1, 0, 1].map((ms) => Date.parse(entry.at) + ms));
          const random = questions.map(({ purpose, seconds, ms }) => ({ purpose, t: new Date(Date.parse(iso(seconds)) + ms) }));
          const edges = boundaries.slice(0, 12).flatMap((time) => PURPOSES.map((purpose) => ({ purpose, t: new Date(time) })));
          await expectInvisible(s, [...random, ...edges]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('compactions chosen by planCompaction after every append, profiles changing in between', async () => {
    // Bytes as a stand-in: every hot entry weighs 100 B, so a tail moves once 14 are hot in all.
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ads: choicesArb('ads'), constructor: choicesArb('constructor') }),
        profilesArb,
        questionsArb,
        async (histories, profiles, questions) => {
          const order = [...histories.ads.map((entry) => ['ads', entry] as const), ...histories.constructor.map((entry) => ['constructor', entry] as const)];
          const hot: Record<string, RecordedChoice[]> = { ads: [], constructor: [] };
          const marks: Record<string, ArchivedChoices> = {};
          const cuts: Record<string, number[]> = { ads: [], constructor: [] };
          for (const [purpose, entry] of order) {
            hot[purpose]!.push(entry);
            const bytes = 100 * Object.values(hot).reduce((sum, list) => sum + list.length, 0);
            const plan = planCompaction(hot, marks, bytes);
            if (plan === undefined) continue;
            const count = plan.expectedArchived + plan.move;
            cuts[plan.purpose]!.push(count);
            const record = { choices: hot, archivedChoices: marks } as unknown as MemberRecord;
            const moving = hotChoices(record, plan.purpose).slice(0, plan.move);
            marks[plan.purpose] = { count, lastAt: moving.at(-1)!.entry.at, gpcDenial: false };
            hot[plan.purpose] = hot[plan.purpose]!.slice(plan.move);
            expect(hot[plan.purpose]).toHaveLength(KEEP_HOT_CHOICES);
          }
          const s = split(histories, cuts, profiles);
          expect(s.hot.choices).toEqual(hot);
          await expectInvisible(s, questions.map(({ purpose, seconds, ms }) => ({ purpose, t: new Date(Date.parse(iso(seconds)) + ms) })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a hot item whose window covers T reads no archive', async () => {
    const all: RecordedChoice[] = [0, 10, 20, 30].map((seconds, index) => ({ at: iso(seconds), choice: index % 2 === 0 ? 'denied' : 'granted', source: 'api', actor: 'x', requestId: `r${index}` }));
    const s = split({ ads: all }, { ads: [2] }, [{ from: iso(0), country: 'US' }]);
    const reads = { choices: 0, profiles: 0 };
    const deps = fakeDeps(s, reads);
    await timelineAt(deps, 'm', s.hot, 'ads', new Date(Date.parse(iso(20))), { consistent: true });
    expect(reads).toEqual({ choices: 0, profiles: 0 });
    await timelineAt(deps, 'm', s.hot, 'ads', new Date(Date.parse(iso(20)) - 1), { consistent: true });
    expect(reads).toEqual({ choices: 1, profiles: 0 });
  });

  // Member: profile US from 2025-01-01T00:00:00Z; one choice `denied` at 00:00:10Z, archived
  // (mark {count: 1, lastAt: 00:00:10Z}), hot tail empty. Asked at 00:01:00Z: opted_out, as the
  // unsplit history says (this answered default_opt_in before hotChoicesCover was fixed).
  it('every choice archived, nothing hot: the last archived choice still decides', async () => {
    const all: RecordedChoice[] = [{ at: iso(10), choice: 'denied', source: 'api', actor: 'x', requestId: 'r0' }];
    const s = split({ ads: all }, { ads: [1] }, [{ from: iso(0), country: 'US' }]);
    expect(s.hot.choices.ads).toEqual([]);
    expect(s.hot.archivedChoices).toEqual({ ads: { count: 1, lastAt: iso(10), gpcDenial: false } });
    expect(decideEligibility(s.full, POLICIES, 'ads', new Date(iso(60))).reason).toBe('opted_out');
    await expectInvisible(s, [{ purpose: 'ads', t: new Date(iso(60)) }]);
  });
});
