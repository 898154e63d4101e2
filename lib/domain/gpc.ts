// Global Privacy Control (DOMAIN.md section 2): where the rule in force for the member's
// jurisdiction sets `honorGpc`, a GPC signal from the member's browser counts as `denied`
// (source `gpc`) unless the member explicitly granted afterwards. Pure: the settings page asks
// this on every visit and records what it says.
import type { Choice, ChoiceSource } from './member.ts';

export interface SourcedChoice {
  at: string;
  choice: Choice;
  source: ChoiceSource;
}

export interface GpcInput {
  /** The browser sent `Sec-GPC: 1`. */
  signal: boolean;
  /** The rule in force for the member's jurisdiction sets `honorGpc: true`. */
  honored: boolean;
  /** The member's latest choices for the purpose, oldest first (older ones may be archived). */
  history: readonly SourcedChoice[];
  /** An archived choice, older than `history`, is a GPC denial. */
  earlierGpcDenial?: boolean | undefined;
}

export type GpcOutcome =
  /** Record `denied` with source `gpc`. */
  | 'record_denied'
  | 'no_signal'
  | 'not_honored_here'
  /** The latest choice is already `denied` (whatever its source): nothing to add, so a reload appends nothing. */
  | 'already_denied'
  /** The member granted after the last GPC denial: an explicit choice outranks the signal. */
  | 'granted_after_gpc';

/**
 * Record `denied`/`gpc` when the signal is on, the jurisdiction honours it, and the latest choice
 * is neither `denied` already nor a grant made after the last GPC denial. A grant made before
 * any GPC denial does not outrank the signal: it was not made "afterwards".
 */
export function decideGpc(input: GpcInput): GpcOutcome {
  if (!input.signal) return 'no_signal';
  if (!input.honored) return 'not_honored_here';
  const latest = input.history.at(-1);
  if (latest?.choice === 'denied') return 'already_denied';
  const gpcDenied = input.earlierGpcDenial === true || input.history.some((entry) => entry.source === 'gpc' && entry.choice === 'denied');
  if (gpcDenied && latest?.choice === 'granted') return 'granted_after_gpc';
  return 'record_denied';
}
