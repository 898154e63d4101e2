// The policy-change notice email: it must really inform (what, when, which setting, not
// retroactive, settings page, a personal opt-out link per opt-out purpose), in the member's
// language, with every value escaped in HTML and raw in text.
import { describe, expect, it } from 'vitest';
import { renderNoticeEmail, type NoticeEmailInput, type NoticePurpose } from '../../lib/email/notice-email.ts';

const SETTING = 'Use my data for training content creation AI models';
const SETTINGS_URL = 'https://example.com/settings/data-privacy';
const OPT_OUT_URL = 'https://example.com/opt-out/tok_123';
const EFFECTIVE_AT = '2025-11-03T00:00:00.000Z';
const BEFORE = new Date('2025-09-18T00:00:00.000Z');
const AFTER = new Date('2025-11-20T09:30:00.000Z');

const genai = (overrides: Partial<NoticePurpose> = {}): NoticePurpose => ({
  purpose: 'genai-training',
  setting: SETTING,
  description: 'Training content-generating AI models',
  legalBasis: 'legitimate_interest',
  regime: 'opt_out',
  optOutUrl: OPT_OUT_URL,
  ...overrides,
});

const input = (overrides: Partial<NoticeEmailInput> = {}): NoticeEmailInput => ({
  locale: 'en',
  policy: { id: '2025-11-03', effectiveAt: EFFECTIVE_AT, summary: 'Training extends to the EU.' },
  purposes: [genai()],
  settingsUrl: SETTINGS_URL,
  now: BEFORE,
  ...overrides,
});

/** The lines of a text email, for "URL on its own line" checks. */
const lines = (text: string): string[] => text.split('\n');
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
/** The words of an html body without tags (the html wraps dates and settings in <strong>). */
const words = (html: string): string => html.replace(/<[^>]*>/g, '');

const LOCALES = [
  {
    locale: 'en',
    date: '3 November 2025',
    notRetroactive: 'not retroactive: it does not affect training that has already taken place',
    future: 'takes effect on 3 November 2025',
    past: 'took effect on 3 November 2025',
    optOutStatement: 'From 3 November 2025 we may use your data for training content-generating AI models unless you turn off',
    legal: 'legitimate interest',
  },
  {
    locale: 'fr',
    date: '3 novembre 2025',
    notRetroactive: 'pas rétroactive',
    future: 'prend effet le 3 novembre 2025',
    past: 'a pris effet le 3 novembre 2025',
    optOutStatement: 'À partir du 3 novembre 2025, nous pourrons utiliser vos données',
    legal: 'intérêt légitime',
  },
  {
    locale: 'de',
    date: '3. November 2025',
    notRetroactive: 'nicht rückwirkend',
    future: 'tritt am 3. November 2025 in Kraft',
    past: 'ist am 3. November 2025 in Kraft getreten',
    optOutStatement: 'Ab dem 3. November 2025 können wir Ihre Daten',
    legal: 'berechtigtes Interesse',
  },
  {
    locale: 'es',
    date: '3 de noviembre de 2025',
    notRetroactive: 'no es retroactivo',
    future: 'entra en vigor el 3 de noviembre de 2025',
    past: 'entró en vigor el 3 de noviembre de 2025',
    optOutStatement: 'A partir del 3 de noviembre de 2025 podremos usar sus datos',
    legal: 'interés legítimo',
  },
] as const;

describe('renderNoticeEmail: every translation informs fully', () => {
  it.each(LOCALES)('$locale: subject, text and html carry setting, date, non-retroactivity, links', (t) => {
    const email = renderNoticeEmail(input({ locale: t.locale }));
    expect(email.locale).toBe(t.locale);

    expect(email.subject).toContain(t.date);
    expect(email.subject.length).toBeLessThan(120);

    for (const body of [email.text, words(email.html)]) {
      expect(body).toContain(SETTING);
      expect(body).toContain(t.date);
      expect(body).toContain(t.notRetroactive);
      expect(body).toContain(t.future);
      expect(body).toContain(t.optOutStatement);
      expect(body).toContain(t.legal);
      expect(body).toContain('Training extends to the EU.');
      expect(body).toContain(SETTINGS_URL);
      expect(body).toContain(OPT_OUT_URL);
    }
    expect(lines(email.text)).toContain(SETTINGS_URL);
    expect(lines(email.text)).toContain(OPT_OUT_URL);
    expect(email.html).toContain(`<html lang="${t.locale}"`);
    expect(email.html).toContain(`href="${OPT_OUT_URL}"`);
    expect(email.html).toContain(`href="${SETTINGS_URL}"`);
  });

  it.each(LOCALES)('$locale: a late notice says the policy already took effect', (t) => {
    const email = renderNoticeEmail(input({ locale: t.locale, now: AFTER }));
    expect(email.text).toContain(t.past);
    expect(words(email.html)).toContain(t.past);
    expect(email.text).not.toContain(t.future);
    expect(email.subject).toContain(t.date);
  });

  it.each(LOCALES)('$locale: an opt-in purpose has no one-click opt-out link, only the settings page', (t) => {
    const email = renderNoticeEmail(
      input({ locale: t.locale, purposes: [genai({ regime: 'opt_in', legalBasis: 'consent' })] }),
    );
    for (const body of [email.text, email.html]) {
      expect(body).toContain(SETTING);
      expect(body).toContain(t.date);
      expect(body).toContain(t.notRetroactive);
      expect(body).toContain(SETTINGS_URL);
      expect(body).not.toContain(OPT_OUT_URL);
    }
  });
});

describe('renderNoticeEmail: locale matching', () => {
  it.each([
    { tag: 'en', expected: 'en' },
    { tag: 'en-US', expected: 'en' },
    { tag: 'fr', expected: 'fr' },
    { tag: 'fr-CA', expected: 'fr' },
    { tag: 'FR-ca', expected: 'fr' },
    { tag: 'de_AT', expected: 'de' },
    { tag: 'de-AT', expected: 'de' },
    { tag: 'es-MX', expected: 'es' },
    { tag: 'fr-CA,fr;q=0.9,en;q=0.8', expected: 'fr' },
    { tag: 'xx', expected: 'en' },
    { tag: 'pt-BR', expected: 'en' },
    { tag: '', expected: 'en' },
    { tag: '   ', expected: 'en' },
    { tag: undefined, expected: 'en' },
  ])('$tag → $expected', ({ tag, expected }) => {
    const email = renderNoticeEmail(input({ locale: tag }));
    expect(email.locale).toBe(expected);
    expect(email.html).toContain(`<html lang="${expected}"`);
  });

  it.each(['xx', undefined, 'pt-BR'])('fallback %s renders the English email', (tag) => {
    const email = renderNoticeEmail(input({ locale: tag }));
    expect(email.subject).toBe('Changes to how we use your data for AI training from 3 November 2025');
    expect(email.text).toContain('takes effect on 3 November 2025');
    expect(email.text).toContain('not retroactive');
  });
});

describe('renderNoticeEmail: wording', () => {
  it.each([
    { name: 'long before', now: BEFORE, expected: 'takes effect on', subject: 'from 3 November 2025' },
    { name: '1 ms before', now: new Date(Date.parse(EFFECTIVE_AT) - 1), expected: 'takes effect on', subject: 'from' },
    { name: 'exactly at', now: new Date(EFFECTIVE_AT), expected: 'took effect on', subject: 'since' },
    { name: 'after (late notice)', now: AFTER, expected: 'took effect on', subject: 'since 3 November 2025' },
  ])('now $name effectiveAt → "$expected"', ({ now, expected, subject }) => {
    const email = renderNoticeEmail(input({ now }));
    expect(email.text).toContain(`${expected} 3 November 2025`);
    expect(email.html).toContain(`${expected} <strong>3 November 2025</strong>`);
    expect(email.subject).toContain(subject);
    const late = 'This notice reaches you after that date.';
    if (expected === 'took effect on') expect(email.text).toContain(late);
    else expect(email.text).not.toContain(late);
  });

  it('the English sample says what, when, which setting and how to turn it off', () => {
    const email = renderNoticeEmail(input());
    expect(email.subject).toBe('Changes to how we use your data for AI training from 3 November 2025');
    expect(email.text).toContain(
      `From 3 November 2025 we may use your data for training content-generating AI models unless you turn off the setting “${SETTING}”.`,
    );
    expect(email.text).toContain('If you have already turned this setting off, your choice is kept');
    expect(email.text).toContain('opening the link alone changes nothing');
    expect(email.html).toContain(`>Turn off “${SETTING}”</a>`);
  });

  it('opt-in: "only ... if you turn on"', () => {
    const email = renderNoticeEmail(input({ purposes: [genai({ regime: 'opt_in', legalBasis: 'consent' })] }));
    expect(email.text).toContain(
      `From 3 November 2025 we will only use your data for training content-generating AI models if you turn on the setting “${SETTING}”.`,
    );
    expect(email.text).toContain('Legal basis: your consent.');
    expect(email.text).not.toContain('Turn off “');
  });

  it.each([
    { legalBasis: 'legitimate_interest', expected: 'Legal basis: our legitimate interest.' },
    { legalBasis: 'consent', expected: 'Legal basis: your consent.' },
    { legalBasis: 'contract', expected: 'Legal basis: performing our contract with you.' },
    { legalBasis: 'vibes', expected: undefined },
    { legalBasis: 'toString', expected: undefined },
    { legalBasis: undefined, expected: undefined },
  ])('legal basis $legalBasis explained in plain words (unknown → omitted)', ({ legalBasis, expected }) => {
    const purpose = genai();
    if (legalBasis === undefined) delete purpose.legalBasis;
    else purpose.legalBasis = legalBasis;
    const email = renderNoticeEmail(input({ purposes: [purpose] }));
    if (expected === undefined) {
      expect(email.text).not.toContain('Legal basis');
      expect(email.html).not.toContain('Legal basis');
    } else {
      expect(email.text).toContain(expected);
      expect(email.html).toContain(expected);
    }
  });

  it('without a description the sentence still reads ("this purpose")', () => {
    const purpose = genai();
    delete purpose.description;
    const email = renderNoticeEmail(input({ purposes: [purpose] }));
    expect(email.text).toContain('we may use your data for this purpose unless you turn off');
  });

  it('without a summary there is no summary section', () => {
    const email = renderNoticeEmail(input({ policy: { id: 'p', effectiveAt: EFFECTIVE_AT } }));
    expect(email.text).not.toContain('Summary of the changes');
    expect(email.html).not.toContain('Summary of the changes');
  });

  it('names the policy version', () => {
    const email = renderNoticeEmail(input());
    expect(email.text).toContain('(version 2025-11-03)');
  });
});

describe('renderNoticeEmail: links', () => {
  const purposes: NoticePurpose[] = [
    genai({ purpose: 'genai-training', setting: 'Setting A', optOutUrl: 'https://example.com/o/aaa' }),
    genai({ purpose: 'genai-images', setting: 'Setting B', optOutUrl: 'https://example.com/o/bbb' }),
    genai({ purpose: 'genai-voice', setting: 'Setting C', regime: 'opt_in', optOutUrl: 'https://example.com/o/ccc' }),
  ];

  it('every opt-out purpose gets its own link, on its own line, right after its setting', () => {
    const email = renderNoticeEmail(input({ purposes }));
    const text = lines(email.text);
    expect(text).toContain('https://example.com/o/aaa');
    expect(text).toContain('https://example.com/o/bbb');
    expect(count(email.text, 'https://example.com/o/aaa')).toBe(1);
    expect(count(email.text, 'https://example.com/o/bbb')).toBe(1);
    expect(email.text).not.toContain('https://example.com/o/ccc');
    const headingA = text.indexOf('“Setting A”');
    const headingB = text.indexOf('“Setting B”');
    const headingC = text.indexOf('“Setting C”');
    expect(headingA).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('https://example.com/o/aaa')).toBeGreaterThan(headingA);
    expect(text.indexOf('https://example.com/o/aaa')).toBeLessThan(headingB);
    expect(text.indexOf('https://example.com/o/bbb')).toBeGreaterThan(headingB);
    expect(text.indexOf('https://example.com/o/bbb')).toBeLessThan(headingC);
    expect(text[text.indexOf('https://example.com/o/aaa') - 1]).toBe('Turn off “Setting A”:');
    expect(text[text.indexOf('https://example.com/o/bbb') - 1]).toBe('Turn off “Setting B”:');
  });

  it('html: a button per opt-out purpose, labelled with its setting, none for opt-in', () => {
    const { html } = renderNoticeEmail(input({ purposes }));
    expect(html).toMatch(/<a href="https:\/\/example\.com\/o\/aaa"[^>]*>Turn off “Setting A”<\/a>/);
    expect(html).toMatch(/<a href="https:\/\/example\.com\/o\/bbb"[^>]*>Turn off “Setting B”<\/a>/);
    expect(html).not.toContain('https://example.com/o/ccc');
    expect(html).not.toContain('Turn off “Setting C”');
    expect(count(html, 'href="https://example.com/o/aaa"')).toBe(2); // button + copyable fallback
  });

  it('the settings link is a line of its own in text and a link in html', () => {
    const email = renderNoticeEmail(input({ purposes }));
    expect(lines(email.text)).toContain(SETTINGS_URL);
    expect(email.html).toContain(`href="${SETTINGS_URL}"`);
  });

  it('no tracking: no images, no scripts, no external resources', () => {
    const { html } = renderNoticeEmail(input({ purposes }));
    expect(html).not.toMatch(/<img|<script|<link|<iframe|src=/i);
  });
});

describe('renderNoticeEmail: escaping', () => {
  const evilSetting = '<script>alert(1)</script>';
  const ampUrl = 'https://example.com/opt-out?t=abc&p=genai-training';
  const ampSettings = 'https://example.com/settings?tab=privacy&x="1"';

  const email = renderNoticeEmail(
    input({
      policy: { id: '<v1>', effectiveAt: EFFECTIVE_AT, summary: 'Tom & Jerry <b>bold</b>\nsecond line' },
      purposes: [genai({ setting: evilSetting, description: 'x" onmouseover="y', optOutUrl: ampUrl })],
      settingsUrl: ampSettings,
    }),
  );

  it.each([
    { raw: evilSetting, escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { raw: ampUrl, escaped: 'https://example.com/opt-out?t=abc&amp;p=genai-training' },
    { raw: ampSettings, escaped: 'https://example.com/settings?tab=privacy&amp;x=&quot;1&quot;' },
    { raw: 'Tom & Jerry <b>bold</b>', escaped: 'Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;' },
    { raw: '<v1>', escaped: '&lt;v1&gt;' },
    { raw: 'x" onmouseover="y', escaped: 'x&quot; onmouseover=&quot;y' },
  ])('$raw is escaped in html and raw in text', ({ raw, escaped }) => {
    expect(email.html).toContain(escaped);
    expect(email.html).not.toContain(raw);
    expect(email.text).toContain(raw);
  });

  it('the subject stays plain text (the mailer encodes headers) and html has no live script', () => {
    expect(email.html).not.toMatch(/<script/i);
    expect(email.subject).not.toContain('&');
  });

  it('summary line breaks survive in html', () => {
    expect(email.html).toContain('Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;<br>second line');
  });
});

describe('renderNoticeEmail: programming errors throw', () => {
  it.each([
    { name: 'no purposes', bad: input({ purposes: [] }), error: RangeError },
    { name: 'invalid effectiveAt', bad: input({ policy: { id: 'p', effectiveAt: 'soon' } }), error: RangeError },
    { name: 'invalid now', bad: input({ now: new Date('nope') }), error: RangeError },
    { name: 'javascript: opt-out URL', bad: input({ purposes: [genai({ optOutUrl: 'javascript:alert(1)' })] }), error: TypeError },
    { name: 'relative settings URL', bad: input({ settingsUrl: '/settings' }), error: TypeError },
    { name: 'mailto: settings URL', bad: input({ settingsUrl: 'mailto:a@example.com' }), error: TypeError },
  ])('$name', ({ bad, error }) => {
    expect(() => renderNoticeEmail(bad)).toThrow(error);
  });

  it('an opt-in purpose may carry any optOutUrl: it is never shown', () => {
    const email = renderNoticeEmail(input({ purposes: [genai({ regime: 'opt_in', optOutUrl: '' })] }));
    expect(email.text).toContain('if you turn on');
  });
});
