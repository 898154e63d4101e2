// The settings page's plain words for every reason and every source of a choice.
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../lib/domain/eligibility.ts';
import { describeState, shortDate, type SettingState } from '../../lib/web/pages/reason-words.ts';

const base = { choice: null, choiceAt: null } as const;

describe('describeState', () => {
  const cases: [string, SettingState, boolean, string][] = [
    ['default, with the date the region got it', { ...base, reason: 'default_opt_in', regimeSince: '2025-11-03T00:00:00.000Z' }, true, 'On by default in your region since 3 Nov 2025'],
    ['excluded region', { ...base, reason: 'excluded_jurisdiction', regimeSince: '2024-11-20T00:00:00.000Z' }, false, 'Not available in your region'],
    ['turned off on the settings page', { reason: 'opted_out', choice: 'denied', choiceAt: '2026-01-04T10:00:00.000Z', choiceSource: 'settings' }, false, 'Off: you turned it off on 4 Jan 2026'],
    ['turned off from the email link', { reason: 'opted_out', choice: 'denied', choiceAt: '2026-01-04T10:00:00.000Z', choiceSource: 'email_link' }, false, 'Off: you turned it off on 4 Jan 2026, from the link in our email'],
    ['turned off by GPC', { reason: 'opted_out', choice: 'denied', choiceAt: '2026-01-04T10:00:00.000Z', choiceSource: 'gpc' }, false, "Off: your browser's Global Privacy Control signal turned it off on 4 Jan 2026"],
    ['turned off by support', { reason: 'opted_out', choice: 'denied', choiceAt: '2026-01-04T10:00:00.000Z', choiceSource: 'support' }, false, 'Off: turned off on 4 Jan 2026 by our support team, at your request'],
    ['turned on through an app', { reason: 'opted_in', choice: 'granted', choiceAt: '2025-12-31T23:59:00.000Z', choiceSource: 'api' }, true, 'On: you turned it on on 31 Dec 2025, through an app'],
    ['turned on by import', { reason: 'opted_in', choice: 'granted', choiceAt: '2025-12-31T23:59:00.000Z', choiceSource: 'import' }, true, 'On: turned on on 31 Dec 2025 by an import of your earlier choices'],
    ['opt-in region without a grant', { ...base, reason: 'no_consent', regimeSince: '2026-02-01T00:00:00.000Z' }, false, 'Off: in your region it needs your permission since 1 Feb 2026, and you have not given it'],
    ['minor, even if a grant was recorded', { reason: 'minor', choice: 'granted', choiceAt: '2026-01-01T00:00:00.000Z', minimumAge: 18 }, false, 'Off: never used for members under the minimum age'],
    ['notice pending', { ...base, reason: 'notice_pending' }, false, 'Off for now: we must tell you about this change before it applies to you'],
    ['no policy', { ...base, reason: 'no_policy_in_force' }, false, 'Off: no policy in force covers this use now'],
  ];
  it.each(cases)('%s', (_name, state, on, headline) => {
    const words = describeState(state);
    expect(words.on).toBe(on);
    expect(words.headline).toBe(headline);
  });

  it.each(REASONS.map((reason) => [reason]))('has words for %s, and "on" exactly when eligible', (reason) => {
    const words = describeState({ ...base, reason });
    expect(words.headline.length).toBeGreaterThan(5);
    expect(words.on).toBe(reason === 'default_opt_in' || reason === 'opted_in');
  });

  it('says a minor is never used, even when the setting appears on', () => {
    expect(describeState({ ...base, reason: 'minor', minimumAge: 18 }).detail).toContain('under 18 are never used');
  });
});

describe('shortDate', () => {
  it.each([
    ['2025-11-03T00:00:00.000Z', '3 Nov 2025'],
    ['2025-11-02T23:30:00.000Z', '2 Nov 2025'],
    ['2026-02-28T12:00:00-12:00', '1 Mar 2026'],
  ])('%s is %s (UTC)', (iso, expected) => {
    expect(shortDate(iso)).toBe(expected);
  });
});
