// What the ledger tells crawlers and partners about a member's public content: the IETF AI
// Preferences field Content-Usage (draft-ietf-aipref-attach-05), in the vocabulary of
// draft-ietf-aipref-vocab-08, derived from the member's eligibility answers. It fails closed: a
// category says `y` only when the member explicitly granted it. Pure.
import type { Decision, Reason } from './eligibility.ts';
import { AI_PREFERENCES, type AiPreference, type PolicyVersion } from './policy.ts';

/** A vocabulary preference label (draft-ietf-aipref-vocab-08): allow or disallow. */
export type Preference = 'y' | 'n';

/** The answer of one purpose that names a category. */
export interface CategoryAnswer extends Pick<Decision, 'eligible' | 'reason'> {
  category: AiPreference;
}

/**
 * The reasons that mean the member said yes themselves. Any other eligible answer (a default,
 * `default_opt_in`) is the platform's choice, not the member's: it is not said at all.
 */
const EXPLICIT_GRANTS: readonly Reason[] = ['opted_in'];

/** The purposes of `policy` (the version in force) that name a category; none without a version. */
export function categorisedPurposes(policy: PolicyVersion | undefined): { purpose: string; category: AiPreference }[] {
  return Object.entries(policy?.purposes ?? {}).flatMap(([purpose, { aiPreference }]) =>
    aiPreference === undefined ? [] : [{ purpose, category: aiPreference }],
  );
}

/**
 * One category's preference from the answers of every purpose naming it: `n` when any says not
 * eligible (whatever the others say), `y` only when every one is eligible by an explicit grant,
 * otherwise none (the category is left out: the preference is unknown).
 */
export function preferenceOf(answers: readonly Pick<Decision, 'eligible' | 'reason'>[]): Preference | undefined {
  if (answers.length === 0) return undefined;
  if (answers.some((answer) => !answer.eligible)) return 'n';
  if (answers.every((answer) => EXPLICIT_GRANTS.includes(answer.reason))) return 'y';
  return undefined;
}

/**
 * The Content-Usage value: a Structured Field Dictionary (RFC 9651) of category to token `y`/`n`,
 * in the vocabulary's order, e.g. `train-ai=n`. Empty when no category has a preference, which a
 * header then omits (RFC 9651 section 4.1: an empty Dictionary is not serialized).
 */
export function contentUsage(answers: readonly CategoryAnswer[]): string {
  return AI_PREFERENCES.flatMap((category) => {
    const preference = preferenceOf(answers.filter((answer) => answer.category === category));
    return preference === undefined ? [] : [`${category}=${preference}`];
  }).join(', ');
}
