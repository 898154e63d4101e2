// DOMAIN.md section 7, Training runs: a run pins one question, "as of snapshotAt, known at
// pinnedAt", for every batch a pipeline asks under it. Pure: ids, cursors, the settling wait.

/** A registered run, as stored and as answered; immutable once recorded. */
export interface TrainingRun {
  runId: string;
  purpose: string;
  /** T: the time every answer of the run is about. */
  snapshotAt: string;
  /** K: when the run was recorded; answers count only the facts recorded by then. */
  pinnedAt: string;
  name: string;
  model: string | null;
  dataset: string | null;
  registeredBy: string;
}

/** `run-<pinnedAt, compact>-<8 random>`: ids sort by the time they were pinned, so newest first is a backwards read. */
export const RUN_ID_PATTERN = /^run-\d{8}T\d{9}Z-[a-z0-9]{8}$/;

const RANDOM_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A run id for a run pinned at `pinnedAt`; `random` gives 8 bytes (any source: the caller's). */
export function runIdFor(pinnedAt: Date, random: Uint8Array): string {
  const compact = pinnedAt.toISOString().replace(/[-:.]/g, '');
  const suffix = [...random.slice(0, 8)].map((byte) => RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length]).join('');
  return `run-${compact}-${suffix.padEnd(8, '0')}`;
}

/** The question a run pins: as of its snapshot, known at its pin. */
export function runQuestion(run: Pick<TrainingRun, 'snapshotAt' | 'pinnedAt'>): { at: Date; knownAt: Date } {
  return { at: new Date(run.snapshotAt), knownAt: new Date(run.pinnedAt) };
}

/**
 * Seconds until the run's pin has settled (pinnedAt + the settling window), rounded up, at least
 * 1; 0 when it has settled and its answers can no longer change.
 */
export function secondsUntilSettled(pinnedAt: string, now: Date, settlingWindowMs: number): number {
  const wait = Date.parse(pinnedAt) + settlingWindowMs - now.getTime();
  return wait <= 0 ? 0 : Math.max(1, Math.ceil(wait / 1000));
}

/** An opaque cursor naming the last run a page showed; the next page starts after it. */
export function encodeRunCursor(runId: string): string {
  return Buffer.from(JSON.stringify(['run', runId])).toString('base64url');
}

/** The run id a cursor names; undefined when it was not made by encodeRunCursor. */
export function decodeRunCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== 'run') return undefined;
    const runId = parsed[1];
    return typeof runId === 'string' && RUN_ID_PATTERN.test(runId) ? runId : undefined;
  } catch {
    return undefined;
  }
}
