// The state of a setting in plain words, in the member's language: what the member sees next to
// the toggle. Pure; every reason of DOMAIN.md section 3 has its sentence (the sentences are in
// ./words/, one file per language).
import type { ChoiceSource } from '../../domain/member.ts';
import type { SettingState } from '../../app/settings.ts';
import { fill, formatShortDate } from '../../email/format.ts';
import type { Locale } from '../../email/messages.ts';
import { wordsFor } from './words/words.ts';

export type { SettingState };

export interface StateWords {
  /** Whether the data may be used now: what the toggle shows. */
  on: boolean;
  /** One short sentence: "On by default in your region since 3 Nov 2025". */
  headline: string;
  /** A second sentence where the headline alone could mislead; else undefined. */
  detail?: string | undefined;
}

/** "3 Nov 2025" (en), "3 nov. 2025" (fr), in UTC. */
export function shortDate(iso: string, language: Locale = 'en'): string {
  return formatShortDate(iso, language);
}

/** "you turned it off on 3 Nov 2025", with who or what made the choice; `when` undefined: an earlier date. */
export function choiceWords(direction: 'on' | 'off', source: ChoiceSource | undefined, when: string | undefined, language: Locale = 'en'): string {
  const words = wordsFor(language).state;
  const at = when === undefined ? words.earlierDate : fill(words.onDate, { date: when });
  return fill(words.choiceBy[source ?? 'settings'][direction], { when: at });
}

const on = (headline: string, detail?: string): StateWords => ({ on: true, headline, detail });
const off = (headline: string, detail?: string): StateWords => ({ on: false, headline, detail });

export function describeState(state: SettingState, language: Locale = 'en'): StateWords {
  const words = wordsFor(language).state;
  const when = state.choiceAt === null ? undefined : shortDate(state.choiceAt, language);
  const since = state.regimeSince === undefined ? '' : fill(words.since, { date: shortDate(state.regimeSince, language) });
  switch (state.reason) {
    case 'default_opt_in':
      return on(fill(words.defaultOn, { since }), words.defaultOnDetail);
    case 'opted_in':
      return on(fill(words.optedIn, { how: choiceWords('on', state.choiceSource, when, language) }));
    case 'opted_out':
      return off(fill(words.optedOut, { how: choiceWords('off', state.choiceSource, when, language) }));
    case 'excluded_jurisdiction':
      return off(words.excluded, fill(words.excludedDetail, { since }));
    case 'no_consent':
      return off(fill(words.noConsent, { since }));
    case 'notice_pending':
      return off(words.noticePending);
    case 'minor':
      return off(words.minor, fill(words.minorDetail, { age: String(state.minimumAge ?? 18) }));
    case 'no_policy_in_force':
    case 'purpose_not_covered':
      return off(words.noPolicy);
    case 'unknown_member':
      return off(words.unknownMember);
    case 'erased':
      return off(words.erased, words.erasedDetail);
  }
}
