// The state of a setting in plain words: what the member sees next to the toggle. Pure; every
// reason of DOMAIN.md section 3 has its sentence.
import type { Reason } from '../../domain/eligibility.ts';
import type { ChoiceSource } from '../../domain/member.ts';
import type { SettingState } from '../../app/settings.ts';

export type { SettingState };

export interface StateWords {
  /** Whether the data may be used now: what the toggle shows. */
  on: boolean;
  /** One short sentence: "On by default in your region since 3 Nov 2025". */
  headline: string;
  /** A second sentence where the headline alone could mislead; else undefined. */
  detail?: string | undefined;
}

/** "3 Nov 2025", in UTC. */
export function shortDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** "you turned it off on 3 Nov 2025", with who or what made the choice. */
export function choiceWords(direction: 'on' | 'off', source: ChoiceSource | undefined, when: string): string {
  switch (source) {
    case undefined:
    case 'settings':
      return `you turned it ${direction} on ${when}`;
    case 'email_link':
      return `you turned it ${direction} on ${when}, from the link in our email`;
    case 'api':
      return `you turned it ${direction} on ${when}, through an app`;
    case 'gpc':
      return `your browser's Global Privacy Control signal turned it ${direction} on ${when}`;
    case 'import':
      return `turned ${direction} on ${when} by an import of your earlier choices`;
    case 'support':
      return `turned ${direction} on ${when} by our support team, at your request`;
  }
}

const on = (headline: string, detail?: string): StateWords => ({ on: true, headline, detail });
const off = (headline: string, detail?: string): StateWords => ({ on: false, headline, detail });

export function describeState(state: SettingState): StateWords {
  const when = state.choiceAt === null ? undefined : shortDate(state.choiceAt);
  const since = state.regimeSince === undefined ? '' : ` since ${shortDate(state.regimeSince)}`;
  switch (state.reason) {
    case 'default_opt_in':
      return on(`On by default in your region${since}`, 'You have not chosen; you can turn it off at any time.');
    case 'opted_in':
      return on(`On: ${choiceWords('on', state.choiceSource, when ?? 'an earlier date')}`);
    case 'opted_out':
      return off(`Off: ${choiceWords('off', state.choiceSource, when ?? 'an earlier date')}`);
    case 'excluded_jurisdiction':
      return off('Not available in your region', `Your data is not used for this in your region${since}, whatever the setting says.`);
    case 'no_consent':
      return off(`Off: in your region it needs your permission${since}, and you have not given it`);
    case 'notice_pending':
      return off('Off for now: we must tell you about this change before it applies to you');
    case 'minor':
      return off(
        'Off: never used for members under the minimum age',
        `Members believed to be under ${state.minimumAge ?? 18} are never used, even if the setting appears turned on.`,
      );
    case 'no_policy_in_force':
    case 'purpose_not_covered':
      return off('Off: no policy in force covers this use now');
    case 'unknown_member':
      return off('We have no profile for you yet');
    case 'erased':
      return off('Off: your data was erased', 'It is never used again, for anything.');
  }
}
