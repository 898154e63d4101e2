// Figures of the reliability tests, one JSON line per test, for the stress profile's summary
// (test/stress.ts prints them). The fast profile writes them too; nothing reads them there.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/paths.ts';

export const REPORT_FILE = join(PROJECT_ROOT, 'test', 'artifacts', 'reliability.jsonl');

export interface ReliabilityFigures {
  /** Requests (or operations) the test tried. */
  operations: number;
  /** Faults injected into the service under test while it ran. */
  faultsInjected: number;
  /** Requests built to be refused: malformed, hostile, unauthorized. */
  badInputs: number;
  /** Acknowledged writes missing afterwards. */
  lostWrites: number;
  /** Writes (or emails) found more than once. */
  duplicates: number;
  /** 5xx answers other than the documented fail-closed 503 while storage was failing. */
  serverErrors: number;
  /** 503 answers (with Retry-After) given because injected storage faults left no answer. */
  failClosed?: number;
}

export function reportReliability(test: string, figures: ReliabilityFigures): void {
  mkdirSync(dirname(REPORT_FILE), { recursive: true });
  // One short line per append: concurrent test workers cannot interleave within it.
  appendFileSync(REPORT_FILE, `${JSON.stringify({ test, ...figures })}\n`);
}
