// A member's history in two parts: a short recent tail kept on the member's hot item (what almost
// every question and every write touches), and older entries moved to immutable archive items.
// The rules here say which part answers a question and when the tail has grown enough to move.
import type { MemberTimeline, ProfileVersion } from './member.ts';
import { own } from './own.ts';

/** What the hot item keeps about a purpose's archived choices. */
export interface ArchivedChoices {
  /** How many choices were moved to archive items: the first hot entry is number count + 1. */
  count: number;
  /** The effective time of the last archived choice: no hot entry takes effect before it. */
  lastAt: string;
  /** Some archived choice is a `denied` from a Global Privacy Control signal. */
  gpcDenial: boolean;
}

/**
 * The hot item is rewritten by every choice and billed per started KB: past this estimate its
 * tail moves to the archive, so that a write bills at most 2 write units (DynamoDB bills the larger
 * of the item before and after, so a hot item under 2 KB with room for a few appends racing the
 * move).
 */
export const COMPACT_AT_BYTES = 1_400;
/** Choices kept hot per purpose when its tail moves: the latest states every settings page shows. */
export const KEEP_HOT_CHOICES = 2;
/** Profiles kept hot: the first (it covers all earlier times) and the latest. */
export const KEEP_HOT_PROFILES = 1;
/**
 * A move takes at least this many choices: the item's fixed part (profiles, notices, request
 * fingerprints) can keep it over the threshold, and a move of one choice per write would double
 * the writes.
 */
export const MIN_MOVE = 4;

/**
 * Concurrent writers all see the item past the threshold, but only one move can apply: the others'
 * transactions are refused, and billed. So only the writer whose append crossed the threshold
 * (within one append's bytes of it) moves the tail, and everyone once it is overdue (the crossing
 * writer's move failed): still under 2 KB.
 */
export const CROSSING_BYTES = 120;
export const OVERDUE_AT_BYTES = 1_700;

export function shouldCompact(bytes: number): boolean {
  return (bytes >= COMPACT_AT_BYTES && bytes < COMPACT_AT_BYTES + CROSSING_BYTES) || bytes >= OVERDUE_AT_BYTES;
}

export interface CompactionPlan {
  purpose: string;
  /** How many of the purpose's hot entries move, from the oldest. */
  move: number;
  /** The archived count the hot item must still show for the move to apply. */
  expectedArchived: number;
}

/**
 * Which purpose's tail moves when a write left the hot item at `bytes`: the longest tail, one
 * purpose per move (each move is one atomic write), leaving KEEP_HOT_CHOICES in place.
 */
export function planCompaction(
  choices: Record<string, readonly unknown[]>,
  archived: Record<string, ArchivedChoices>,
  bytes: number,
): CompactionPlan | undefined {
  if (!shouldCompact(bytes)) return undefined;
  let longest: [string, number] | undefined;
  for (const [purpose, entries] of Object.entries(choices)) {
    if (entries.length >= KEEP_HOT_CHOICES + MIN_MOVE && (longest === undefined || entries.length > longest[1])) longest = [purpose, entries.length];
  }
  if (longest === undefined) return undefined;
  const [purpose, length] = longest;
  return { purpose, move: length - KEEP_HOT_CHOICES, expectedArchived: own(archived, purpose)?.count ?? 0 };
}

/**
 * Whether the hot tail alone answers "the latest choice for `purpose` at or before `at`": always
 * when nothing was archived, otherwise only from the first hot entry's effective time on. Earlier
 * times need the archive item that covers them.
 */
export function hotChoicesCover(timeline: MemberTimeline, purpose: string, at: Date): boolean {
  const archived = own(timeline.archivedChoices ?? {}, purpose);
  if (archived === undefined || archived.count === 0) return true;
  const first = own(timeline.choices, purpose)?.[0];
  // Every choice archived: the latest one, in the archive, decides at any time.
  if (first === undefined) return false;
  return Math.max(Date.parse(first.at), Date.parse(archived.lastAt)) <= at.getTime();
}

/**
 * Whether the hot profiles alone answer "the profile at `at`": when none were dropped, before the
 * first profile took effect (it covers earlier times), or from the first of the latest ones on.
 */
export function hotProfilesCover(timeline: MemberTimeline, at: Date): boolean {
  if (!timeline.profilesTrimmed) return true;
  const [first, secondKept] = timeline.profiles;
  if (first === undefined) return true;
  // Only the first left (the latest was recorded after a replay's K): the rest is archived.
  if (secondKept === undefined) return at.getTime() < Date.parse(first.from);
  return at.getTime() < Date.parse(first.from) || at.getTime() >= Date.parse(secondKept.from);
}

/**
 * The profiles the hot item keeps: the first (it covers all earlier times) and the latest
 * KEEP_HOT_PROFILES. Every profile also stands in its profile event, keyed by the time it took
 * effect: those are the archive that the dropped ones are read from.
 */
export function keepHotProfiles(profiles: readonly ProfileVersion[], trimmedBefore: boolean): { profiles: ProfileVersion[]; trimmed: boolean } {
  if (profiles.length <= KEEP_HOT_PROFILES + 1) return { profiles: [...profiles], trimmed: trimmedBefore };
  return { profiles: [profiles[0]!, ...profiles.slice(-KEEP_HOT_PROFILES)], trimmed: true };
}
