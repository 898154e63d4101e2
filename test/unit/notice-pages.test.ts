// The opt-out link pages: GET-safe page with a POST form, confirmation, link errors.
// Accessible, translated, no JavaScript, every value escaped.
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderLinkError,
  renderOptOutDone,
  renderOptOutPage,
  type OptOutPageInput,
} from '../../lib/web/pages/opt-out.ts';

const SETTING = 'Use my data for training content creation AI models';

const pageInput = (overrides: Partial<OptOutPageInput> = {}): OptOutPageInput => ({
  locale: 'en',
  setting: SETTING,
  purposeDescription: 'Training content-generating AI models',
  currentChoice: null,
  effectiveAt: '2025-11-03T00:00:00.000Z',
  token: 'tok.abc-123',
  formAction: '/v1/opt-out',
  ...overrides,
});

const count = (haystack: string, re: RegExp): number => (haystack.match(re) ?? []).length;

/** Structure every page must have. */
function expectAccessiblePage(html: string, lang: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain(`<html lang="${lang}"`);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain('<meta name="robots" content="noindex">');
  expect(html).toContain('<meta charset="utf-8">');
  expect(count(html, /<main>/g)).toBe(1);
  expect(count(html, /<h1[\s>]/g)).toBe(1);
  expect(html).toMatch(/<title>[^<]+<\/title>/);
  expect(html).toContain(':focus-visible');
  expect(html).not.toMatch(/<script/i);
}

describe('escapeHtml', () => {
  it.each([
    { raw: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { raw: 'a & b', escaped: 'a &amp; b' },
    { raw: `"quoted" 'single'`, escaped: '&quot;quoted&quot; &#39;single&#39;' },
    { raw: '&amp;', escaped: '&amp;amp;' },
    { raw: 'plain ünïcödé “text”', escaped: 'plain ünïcödé “text”' },
    { raw: '', escaped: '' },
  ])('$raw → $escaped', ({ raw, escaped }) => {
    expect(escapeHtml(raw)).toBe(escaped);
  });
});

const PAGE_LOCALES = [
  { tag: 'en', lang: 'en', button: '>Turn off</button>', notRetroactive: 'not retroactive', date: '3 November 2025' },
  { tag: 'fr-CA', lang: 'fr', button: '>Désactiver</button>', notRetroactive: 'pas rétroactive', date: '3 novembre 2025' },
  { tag: 'de_AT', lang: 'de', button: '>Ausschalten</button>', notRetroactive: 'nicht rückwirkend', date: '3. November 2025' },
  { tag: 'es', lang: 'es', button: '>Desactivar</button>', notRetroactive: 'no es retroactivo', date: '3 de noviembre de 2025' },
  { tag: 'pt-BR', lang: 'en', button: '>Turn off</button>', notRetroactive: 'not retroactive', date: '3 November 2025' },
  { tag: undefined, lang: 'en', button: '>Turn off</button>', notRetroactive: 'not retroactive', date: '3 November 2025' },
] as const;

describe('renderOptOutPage', () => {
  it.each(PAGE_LOCALES)('$tag → lang $lang, translated, accessible, with the form', (t) => {
    const html = renderOptOutPage(pageInput({ locale: t.tag }));
    expectAccessiblePage(html, t.lang);
    expect(html).toContain(SETTING);
    expect(html).toContain(t.button);
    expect(html).toContain(t.notRetroactive);
    expect(html).toContain(t.date);
    expect(html).toContain('<form method="post" action="/v1/opt-out">');
    expect(html).toContain('<input type="hidden" name="token" value="tok.abc-123">');
    expect(html).toMatch(/<button type="submit"[^>]*aria-describedby="title"/);
  });

  it.each([
    { choice: null, words: 'currently on (by default)', form: true },
    { choice: 'granted', words: 'on: you allowed it', form: true },
    { choice: 'denied', words: 'off: you turned it off', form: false },
  ] as const)('current choice $choice → "$words", form: $form', ({ choice, words, form }) => {
    const html = renderOptOutPage(pageInput({ currentChoice: choice }));
    expectAccessiblePage(html, 'en');
    expect(html).toContain(words);
    expect(html.includes('<form')).toBe(form);
    expect(html.includes('<button')).toBe(form);
    expect(html.includes('name="token"')).toBe(form);
    expect(html).toContain('not retroactive');
  });

  it('already off: says so, and there is nothing to press', () => {
    const html = renderOptOutPage(pageInput({ currentChoice: 'denied' }));
    expect(html).toContain(`<h1 id="title">“${SETTING}” is already off</h1>`);
    expect(html).toContain('It is already off: there is nothing to do');
    expect(html).not.toContain('Nothing changes until you press the button.');
  });

  it('the page itself changes nothing: it only describes, the POST acts', () => {
    const html = renderOptOutPage(pageInput());
    expect(html).toContain('Nothing changes until you press the button.');
    expect(html).not.toMatch(/method="get"/i);
  });

  it.each([
    { field: 'setting', value: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { field: 'purposeDescription', value: 'ads <img src=x onerror=alert(1)>', escaped: 'ads &lt;img src=x onerror=alert(1)&gt;' },
    { field: 'token', value: 'a"><script>x</script>', escaped: 'value="a&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' },
    { field: 'formAction', value: '/opt-out?a=1&b="2"', escaped: 'action="/opt-out?a=1&amp;b=&quot;2&quot;"' },
    { field: 'formAction', value: 'https://example.com/o?x=1&y=2', escaped: 'action="https://example.com/o?x=1&amp;y=2"' },
  ] as const)('$field is escaped', ({ field, value, escaped }) => {
    const html = renderOptOutPage(pageInput({ [field]: value }));
    expect(html).toContain(escaped);
    expect(html).not.toContain(value);
    expect(html).not.toMatch(/<script|<img/i);
  });

  it.each(['javascript:alert(1)', '//evil.example/steal', 'data:text/html,x', 'ftp://example.com/x'])(
    'formAction %s is refused',
    (formAction) => {
      expect(() => renderOptOutPage(pageInput({ formAction }))).toThrow(TypeError);
    },
  );

  it('without a description there is no purpose line', () => {
    const input = pageInput();
    delete input.purposeDescription;
    const html = renderOptOutPage(input);
    expect(html).not.toContain('This setting decides whether');
    expect(html).toContain('<form');
  });

  it('tells the link holder\'s browser not to leak the URL and to load nothing external', () => {
    const html = renderOptOutPage(pageInput());
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain("default-src 'none'");
  });
});

describe('renderOptOutDone', () => {
  const AT = '2025-11-04T14:05:09.000Z';

  it.each([
    { tag: 'en', lang: 'en', expected: `“${SETTING}” is now off since 4 November 2025 at 14:05 UTC.`, notRetro: 'not retroactive' },
    { tag: 'fr', lang: 'fr', expected: 'est désactivé depuis le 4 novembre 2025 à 14:05 UTC.', notRetro: 'pas rétroactive' },
    { tag: 'de-DE', lang: 'de', expected: 'ist seit dem 4. November 2025 um 14:05 UTC ausgeschaltet.', notRetro: 'nicht rückwirkend' },
    { tag: 'es', lang: 'es', expected: 'está desactivado desde el 4 de noviembre de 2025 a las 14:05 UTC.', notRetro: 'no es retroactivo' },
  ])('$tag: off since <date time UTC>, not retroactive', ({ tag, lang, expected, notRetro }) => {
    const html = renderOptOutDone({ locale: tag, setting: SETTING, at: AT, alreadyOff: false });
    expectAccessiblePage(html, lang);
    expect(html.replace(/<\/?strong>/g, '')).toContain(expected);
    expect(html).toContain(notRetro);
    expect(html).not.toContain('<form');
  });

  it.each([
    { tag: 'en', lang: 'en', expected: `“${SETTING}” was already off; nothing changed.` },
    { tag: 'fr', lang: 'fr', expected: 'était déjà désactivé' },
    { tag: 'de', lang: 'de', expected: 'war bereits ausgeschaltet; es hat sich nichts geändert.' },
    { tag: 'es', lang: 'es', expected: 'ya estaba desactivado; no ha cambiado nada.' },
  ])('$tag: already off → nothing changed', ({ tag, lang, expected }) => {
    const html = renderOptOutDone({ locale: tag, setting: SETTING, at: AT, alreadyOff: true });
    expectAccessiblePage(html, lang);
    expect(html.replace(/<\/?strong>/g, '')).toContain(expected);
  });

  it.each([
    { tag: 'en', title: 'Your receipt' },
    { tag: 'fr', title: 'Votre reçu' },
    { tag: 'de', title: 'Ihr Beleg' },
    { tag: 'es', title: 'Su recibo' },
  ])('$tag: the opt-out\'s signed receipt, folded, to copy; none when nothing was recorded', ({ tag, title }) => {
    const receipt = 'eyJhbGciOiJFUzI1NiJ9.eyJjaG9pY2UiOiJkZW5pZWQifQ.c2ln';
    const html = renderOptOutDone({ locale: tag, setting: SETTING, at: AT, alreadyOff: false, receipt });
    expect(html).toContain(`<summary>${title}</summary>`);
    expect(html).toContain(`<pre class="receipt"><code>${receipt}</code></pre>`);
    expect(html).toContain('/.well-known/jwks.json');
    expect(renderOptOutDone({ locale: tag, setting: SETTING, at: AT, alreadyOff: false })).not.toContain('<details');
    expect(renderOptOutDone({ locale: tag, setting: SETTING, at: AT, alreadyOff: true, receipt })).not.toContain('<details');
  });

  it('escapes the setting', () => {
    const html = renderOptOutDone({ setting: '<script>alert(1)</script>', at: AT, alreadyOff: false });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<html lang="en"');
  });

  it('an invalid time is a programming error', () => {
    expect(() => renderOptOutDone({ setting: SETTING, at: 'yesterday', alreadyOff: false })).toThrow(RangeError);
  });
});

describe('renderLinkError', () => {
  const REASONS = [
    { reason: 'invalid', en: 'This link is not valid', fr: 'Ce lien n’est pas valide', de: 'Dieser Link ist ungültig', es: 'Este enlace no es válido' },
    { reason: 'expired', en: 'This link has expired', fr: 'Ce lien a expiré', de: 'Dieser Link ist abgelaufen', es: 'Este enlace ha caducado' },
    { reason: 'unknown_member', en: 'We could not find your account', fr: 'Nous n’avons pas trouvé votre compte', de: 'Wir konnten Ihr Konto nicht finden', es: 'No hemos encontrado su cuenta' },
    { reason: 'erased', en: 'This account was erased', fr: 'Ce compte a été effacé', de: 'Dieses Konto wurde gelöscht', es: 'Esta cuenta ha sido borrada' },
    { reason: 'unavailable', en: 'Temporarily unavailable', fr: 'Service temporairement indisponible', de: 'Vorübergehend nicht verfügbar', es: 'No disponible temporalmente' },
  ] as const;
  const NOTHING_CHANGED = { en: 'Nothing was changed.', fr: 'Rien n’a été modifié.', de: 'Es wurde nichts geändert.', es: 'No se ha cambiado nada.' };

  const cases = REASONS.flatMap((r) =>
    (['en', 'fr', 'de', 'es'] as const).map((lang) => ({ reason: r.reason, lang, title: r[lang], nothing: NOTHING_CHANGED[lang] })),
  );

  it.each(cases)('$reason in $lang: titled, says nothing changed, no form', ({ reason, lang, title, nothing }) => {
    const html = renderLinkError({ locale: lang, reason });
    expectAccessiblePage(html, lang);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain(nothing);
    expect(html).not.toContain('<form');
  });

  it.each([
    { reason: 'expired', phrase: 'settings page or the link in a more recent email' },
    { reason: 'unavailable', phrase: 'try again' },
    { reason: 'invalid', phrase: 'altered' },
    { reason: 'unknown_member', phrase: 'does not match an account' },
    { reason: 'erased', phrase: 'There is nothing left to turn off' },
  ] as const)('$reason tells the member what to do ("$phrase")', ({ reason, phrase }) => {
    expect(renderLinkError({ reason })).toContain(phrase);
  });

  it('each reason reads differently', () => {
    const pages = REASONS.map(({ reason }) => renderLinkError({ reason }));
    expect(new Set(pages).size).toBe(REASONS.length);
  });
});
