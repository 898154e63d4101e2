// Every member-facing page and the notice email, in each of the four languages: the page's own
// words and the policy's texts (the reference translations) in the member's language, with no
// English fragment in a French, German or Spanish one; dates and counts as the language writes
// them; <html lang> set. The admin pages stay English and are not here.
import { describe, expect, it } from 'vitest';
import type { PurposeSettings, SettingsView } from '../../lib/app/settings.ts';
import { REASONS } from '../../lib/domain/eligibility.ts';
import { CHOICE_SOURCES } from '../../lib/domain/member.ts';
import { purposeTextsIn, summaryIn, withTranslations } from '../../lib/domain/policy-texts.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { LOCALES, type Locale } from '../../lib/email/messages.ts';
import { renderNoticeEmail } from '../../lib/email/notice-email.ts';
import { renderErased, renderErasedAccount, renderEraseConfirm, renderMessagePage, renderSettings } from '../../lib/web/pages/member.ts';
import { ApiRequest, type ApiEvent } from '../../lib/web/api/framework.ts';
import { HttpProblem, invalidField, problems } from '../../lib/web/api/problem.ts';
import { renderLinkError, renderOptOutDone, renderOptOutPage } from '../../lib/web/pages/opt-out.ts';
import { isEraseConfirmation } from '../../lib/web/pages/settings-routes.ts';
import { createSignIn, SIGNED_IN_PAGES } from '../../lib/web/pages/signed-in.ts';
import type { PageRefusal, Sessions } from '../../lib/web/pages/framework.ts';
import { renderContinue, renderSignedOut, renderSigningOut, renderSignInFailed } from '../../lib/web/pages/sign-in.ts';
import { describeState } from '../../lib/web/pages/reason-words.ts';
import { RECORD_DOWNLOAD_MAX } from '../../lib/app/consent-record.ts';
import { wordsFor, type SignInRefusal } from '../../lib/web/pages/words/words.ts';
import { PURPOSE } from '../support/builders.ts';

/**
 * English words no French, German or Spanish page may hold. Chosen to be words of none of those
 * languages: not "page" or "on" (French), "Link", "Region" or "Training" (German), nor "use"
 * (Spanish: "use el botón").
 */
const ENGLISH = ['the', 'your', 'you', 'data', 'settings', 'setting', 'sign in', 'sign out', 'choice', 'choices', 'turned', 'turn', 'off', 'since', 'none', 'when', 'policy', 'allowed', 'runs', 'newest', 'please', 'nothing', 'email', 'this', 'not', 'models', 'content', 'members', 'training'];
const NOT_ENGLISH_IN: Partial<Record<Locale, string[]>> = { de: ['training'] };

function englishIn(text: string, language: Locale): string[] {
  const allowed = NOT_ENGLISH_IN[language] ?? [];
  return ENGLISH.filter((word) => !allowed.includes(word)).filter((word) => new RegExp(`\\b${word}\\b`, 'i').test(text));
}

/** What a reader sees: no style, script, tags or addresses; entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<script>[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\s+/g, ' ');
}

const [, LATEST] = REFERENCE_POLICIES as [unknown, (typeof REFERENCE_POLICIES)[number]];
const TRANSLATED = withTranslations(LATEST, REFERENCE_TRANSLATIONS.filter((translation) => translation.policyId === LATEST.id));
const textsIn = (language: Locale) => ({ ...purposeTextsIn(TRANSLATED, PURPOSE, language), summary: summaryIn(TRANSLATED, language) });

/** What each language must show: its setting name, a date, counts and a phrase of its own. */
const EXPECTED: Record<Locale, { setting: string; date: string; count: string; recordMax: string; phrase: string }> = {
  en: { setting: 'Use my data for training content creation AI models', date: '3 Nov 2025', count: '3,001', recordMax: '5,000', phrase: 'not retroactive' },
  fr: { setting: 'Utiliser mes données pour entraîner des modèles d’IA de création de contenu', date: '3 nov. 2025', count: '3\u202f001', recordMax: '5\u202f000', phrase: 'pas rétroactive' },
  de: { setting: 'Meine Daten für das Training von KI-Modellen zur Erstellung von Inhalten verwenden', date: '03.11.2025', count: '3.001', recordMax: '5.000', phrase: 'nicht rückwirkend' },
  es: { setting: 'Usar mis datos para entrenar modelos de IA de creación de contenido', date: '3 nov 2025', count: '3001', recordMax: '5000', phrase: 'no es retroactivo' },
};

/** A receipt as the pages show it: a compact JWS, letters no language reads. */
const RECEIPT = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImNvbnNlbnQtcmVjZWlwdCtqd3QifQ.eyJyZWNlaXB0SWQiOiIxIn0.c2lnbmF0dXJl';

function purposeSettings(language: Locale, overrides: Partial<PurposeSettings> = {}): PurposeSettings {
  const texts = textsIn(language);
  return {
    purpose: PURPOSE,
    setting: texts.setting!,
    description: texts.description,
    consent: { memberId: 'm-42', purpose: PURPOSE, choice: null, eligible: true, reason: 'default_opt_in', policyVersion: LATEST.id, updatedAt: null },
    etag: '"6"',
    history: CHOICE_SOURCES.map((source, i) => ({ at: `2025-11-0${i + 3}T10:00:00.000Z`, choice: i % 2 ? 'granted' : 'denied', source, actor: 'm-42' })),
    historyTotal: 3_001,
    olderBefore: 2_995,
    state: { reason: 'default_opt_in', choice: null, choiceAt: null, regimeSince: LATEST.effectiveAt },
    honorsGpc: true,
    gpc: 'record_denied',
    exposure: { items: [{ runId: 'r1', purpose: PURPOSE, name: 'nightly-7', model: 'writer-7b', dataset: null, snapshotAt: '2025-12-01T08:00:00.000Z', pinnedAt: '2025-12-01T09:00:00.000Z' }], more: true },
    latestReceipt: RECEIPT,
    ...overrides,
  };
}

const view = (language: Locale, purposes: PurposeSettings[]): SettingsView => ({
  memberId: 'm-42',
  language,
  policy: { id: LATEST.id, effectiveAt: LATEST.effectiveAt, summary: textsIn(language).summary },
  purposes,
});

/** Every way the return trip from the identity provider can be refused. */
const SIGN_IN_REFUSALS = Object.keys(wordsFor('en').signIn.failed) as SignInRefusal[];

/** A request from a browser asking for `language`; `accept`: what it asks the answer to be. */
const browserAsking = (language: Locale, accept = 'text/html'): ApiRequest =>
  new ApiRequest({ headers: { 'accept-language': `${language};q=0.9`, accept }, requestContext: { http: { method: 'GET', path: '/settings' } } } as unknown as ApiEvent);

/** The page of a signed-in page asked for without a session by a client that does not ask for HTML (401). */
function signInFirstPage(language: Locale): string {
  const signIn = createSignIn({ cleared: () => 'cl_session=; Max-Age=0' } as unknown as Sessions);
  try {
    signIn.signInFirst(browserAsking(language, 'application/json'), '/settings', false);
  } catch (refusal) {
    return (refusal as PageRefusal).page;
  }
  throw new Error('signInFirst answered a client that does not ask for HTML without refusing');
}

function pages(language: Locale): [string, string][] {
  const texts = textsIn(language);
  const messages = wordsFor(language).messages;
  const optOut = { locale: language, setting: texts.setting!, purposeDescription: texts.description, effectiveAt: LATEST.effectiveAt, token: 't.o.k', formAction: '/v1/opt-out' };
  return [
    ['settings: default on, GPC recorded, saved, every source in the history, the latest choice\'s receipt, a run, older choices', renderSettings({ view: view(language, [purposeSettings(language)]), saved: 'denied', probeGpc: true })],
    [
      'settings: turned off, stale, GPC not honoured, no run',
      renderSettings({
        view: view(language, [purposeSettings(language, { state: { reason: 'opted_out', choice: 'denied', choiceAt: '2025-11-04T10:00:00.000Z', choiceSource: 'email_link' }, gpc: 'not_honored_here', exposure: { items: [], more: false }, history: [], historyTotal: 0, olderBefore: undefined })]),
        stale: true,
      }),
    ],
    ['settings: no policy asks', renderSettings({ view: { ...view(language, []), policy: null }, saved: 'granted' })],
    // The record card's note for a record longer than one file names the API route, an address in no language.
    [
      'settings: more choices than the record file holds',
      renderSettings({ view: view(language, [purposeSettings(language, { historyTotal: RECORD_DOWNLOAD_MAX + 1 })]) }).replace('<code>GET /v1/members/{memberId}/record?cursor=</code>', ''),
    ],
    ['erase: confirmation', renderEraseConfirm({ language, memberId: 'm-42' })],
    ['erase: confirmation, word not typed', renderEraseConfirm({ language, memberId: 'm-42', notConfirmed: true })],
    ['erase: done', renderErased({ language, erasedAt: '2026-03-01T10:15:00.000Z' })],
    ['erased account', renderErasedAccount({ language, signedInAs: 'm-42' })],
    ['sign in first (401, a client not asking for HTML)', signInFirstPage(language)],
    ['signed in: going on to the page asked for', renderContinue('/settings?older=3.genai-training', language)],
    // Whatever was refused, the technical details are English: the page without them here, with them below.
    ...SIGN_IN_REFUSALS.map((reason): [string, string] => [`sign-in refused: ${reason}`, renderSignInFailed({ language, reason, next: '/settings' })]),
    ['signing out at the identity provider', renderSigningOut('https://idp.example/logout?client_id=pages', language)],
    ['signed out', renderSignedOut(language)],
    ['no profile', renderMessagePage({ language, title: messages.noProfileTitle, message: messages.noProfileBody, signedInAs: 'm-42' })],
    ['refused (CSRF)', renderMessagePage({ language, title: messages.refusedTitle, message: messages.refusedBody, links: [{ href: '/settings', text: messages.backToSettings }] })],
    ['administrators only', renderMessagePage({ language, title: messages.adminsOnlyTitle, message: messages.adminsOnlyBody, signedInAs: 'm-42', links: [{ href: '/settings', text: messages.yourSettings }] })],
    ['try again', renderMessagePage({ language, title: messages.unavailableTitle, message: messages.unavailableBody })],
    ['opt-out: on by default', renderOptOutPage({ ...optOut, currentChoice: null })],
    ['opt-out: granted', renderOptOutPage({ ...optOut, currentChoice: 'granted' })],
    ['opt-out: already off', renderOptOutPage({ ...optOut, currentChoice: 'denied' })],
    ['opt-out done, with its receipt', renderOptOutDone({ locale: language, setting: texts.setting!, at: '2025-11-04T14:05:00.000Z', alreadyOff: false, receipt: RECEIPT })],
    ['opt-out done, already off', renderOptOutDone({ locale: language, setting: texts.setting!, at: '2025-11-04T14:05:00.000Z', alreadyOff: true })],
    ...(['invalid', 'expired', 'unknown_member', 'erased', 'unavailable'] as const).map((reason): [string, string] => [`link error: ${reason}`, renderLinkError({ locale: language, reason })]),
  ];
}

/** The page a signed-in page answers an error without a page of its own with, for a browser asking for `language`. */
function errorPage(problem: HttpProblem, language: Locale): string {
  const request = new ApiRequest({ headers: { 'accept-language': `${language};q=0.9` } } as unknown as ApiEvent);
  return SIGNED_IN_PAGES.fallback(problem, request)!.page;
}

const ERRORS: [string, HttpProblem][] = [
  ['400', invalidField('body.etag', 'etag', 'must be the ETag the page was rendered with, e.g. "3"')],
  ['404', problems.notFound('purpose ads is not known')],
  ['503', problems.serviceUnavailable('Storage is unavailable right now, so no answer was given.')],
  ['500', new HttpProblem(500, 'internal', 'Internal error', 'The service failed unexpectedly; the error is logged.')],
];

function emails(language: Locale): [string, string][] {
  const texts = textsIn(language);
  const purposes = [{ purpose: PURPOSE, setting: texts.setting!, description: texts.description, legalBasis: 'legitimate_interest', regime: 'opt_out' as const, optOutUrl: 'https://ledger.example/v1/opt-out?token=t' }];
  const input = { locale: language, policy: { id: LATEST.id, effectiveAt: LATEST.effectiveAt, summary: texts.summary }, purposes, settingsUrl: 'https://ledger.example/settings' };
  return [new Date('2025-09-18T00:00:00.000Z'), new Date('2025-11-20T00:00:00.000Z')].flatMap((now) => {
    const email = renderNoticeEmail({ ...input, now });
    const when = now < new Date(LATEST.effectiveAt) ? 'before' : 'after';
    return [[`email ${when}: subject and text`, `${email.subject}\n${email.text}`], [`email ${when}: html`, email.html]] as [string, string][];
  });
}

describe.each(LOCALES.map((language) => ({ language })))('$language', ({ language }) => {
  const expected = EXPECTED[language];

  it.each(pages(language))('%s: lang, and no English fragment', (_name, html) => {
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}"`));
    if (language !== 'en') expect(englishIn(visibleText(html), language)).toEqual([]);
  });

  it.each(emails(language))('%s: no English fragment', (_name, content) => {
    if (content.startsWith('<!DOCTYPE')) expect(content).toContain(`<html lang="${language}"`);
    if (language !== 'en') expect(englishIn(visibleText(content), language)).toEqual([]);
    expect(content).toContain(expected.setting);
    expect(content).toContain(textsIn(language).summary!.slice(0, 40));
  });

  it.each(SIGN_IN_REFUSALS)('sign-in refused (%s): in the language, the refusal\'s own detail shown apart, marked English, and signing in again', (reason) => {
    const details = 'The identity provider refused to redeem the code (invalid_grant).';
    const html = renderSignInFailed({ language, reason, details, next: '/admin' });
    expect(html).toContain(`<html lang="${language}"`);
    expect(html).toContain(`<span lang="en">${details}</span>`);
    expect(html).toContain(`<a href="/sign-in?next=%2Fadmin">${wordsFor(language).signIn.signInAgain}</a>`);
    if (language !== 'en') expect(englishIn(visibleText(html.replace(/<span lang="en">.*?<\/span>/g, '')), language)).toEqual([]);
  });

  it('the page a signed-in page sends a script without a session: signing in, in the language', () => {
    expect(signInFirstPage(language)).toContain(`<a href="/sign-in?next=%2Fsettings">${wordsFor(language).signIn.signIn}</a>`);
  });

  it.each(ERRORS)('the page of a %s: in the language; a refusal\'s own detail shown apart, marked English', (status, problem) => {
    const html = errorPage(problem, language);
    expect(html).toContain(`<html lang="${language}"`);
    if (Number(status) < 500) expect(html).toContain(`<span lang="en">${problem.message.replace(/"/g, '&quot;')}</span>`);
    else expect(html).not.toContain(problem.message);
    if (language !== 'en') expect(englishIn(visibleText(html.replace(/<span lang="en">.*?<\/span>/g, '')), language)).toEqual([]);
  });

  it('the settings page: the setting, its state with the date, a count, the summary, all in the language', () => {
    const text = visibleText(renderSettings({ view: view(language, [purposeSettings(language)]) }));
    expect(text).toContain(expected.setting);
    expect(text).toContain(expected.date);
    // The page's no-break spaces read as spaces here (visibleText).
    expect(text).toContain(expected.count.replace(/\s/g, ' '));
    expect(text).toContain(expected.phrase);
    expect(text).toContain(textsIn(language).summary!.slice(0, 40));
  });

  it('the settings page offers the latest choice\'s receipt, the record and, set apart, the erasure, in the language', () => {
    const html = renderSettings({ view: view(language, [purposeSettings(language, { historyTotal: RECORD_DOWNLOAD_MAX + 1 })]) });
    const words = wordsFor(language);
    expect(html).toContain(`<summary>${words.settings.latestReceiptTitle}</summary>`);
    expect(html).toContain(`<code>${RECEIPT}</code>`);
    expect(html).toContain(`<a id="record-download" href="/settings/record" download="consent-record.json">${words.record.download}</a>`);
    // The note for a record longer than one file, with the file's bound as the language writes it.
    expect(visibleText(html)).toContain(expected.recordMax.replace(/\s/g, ' '));
    expect(html).toContain(`<h2 id="erase-title">${words.erasure.heading}</h2>`);
    expect(html.indexOf('<section class="card danger"')).toBeGreaterThan(html.indexOf('id="record-title"'));
  });

  it('the erasure asks for the language\'s word, and its answer keeps the language and dates it for it', () => {
    const words = wordsFor(language).erasure;
    const confirm = renderEraseConfirm({ language, memberId: 'm-42' });
    expect(confirm).toContain(`<input type="hidden" name="language" value="${language}">`);
    expect(visibleText(confirm)).toContain(words.confirmWord);
    expect(isEraseConfirmation(words.confirmWord.toLowerCase())).toBe(true);
    const done = visibleText(renderErased({ language, erasedAt: '2025-11-03T14:05:00.000Z' }));
    expect(done).toContain(expected.date);
  });

  it('every state of a setting, from every source, has its words in the language', () => {
    for (const reason of REASONS) {
      for (const choiceSource of [undefined, ...CHOICE_SOURCES]) {
        for (const choiceAt of [null, '2025-11-04T10:00:00.000Z']) {
          const words = describeState({ reason, choice: 'denied', choiceAt, choiceSource, regimeSince: LATEST.effectiveAt, minimumAge: 18 }, language);
          const text = `${words.headline} ${words.detail ?? ''}`;
          expect(text).not.toContain('{');
          if (language !== 'en') expect(englishIn(text, language), `${reason} ${choiceSource}`).toEqual([]);
        }
      }
    }
  });
});

describe('the erasure form\'s word', () => {
  it.each([
    ['ERASE', true], ['erase', true], ['  Effacer ', true], ['LÖSCHEN', true], ['löschen', true], ['borrar', true],
    ['yes', false], ['oui', false], ['ERASED', false], ['LOSCHEN', false], ['', false], [null, false],
  ] as const)('%j: %s', (typed, taken) => {
    expect(isEraseConfirmation(typed)).toBe(taken);
  });
});

describe('the check itself', () => {
  it('finds English where there is some (the issue\'s own example), and German "Training" is not English', () => {
    expect(englishIn('Vos données pour training content-generating AI models', 'fr')).toEqual(['models', 'content', 'training']);
    expect(englishIn('Ihre Daten für KI-Training', 'de')).toEqual([]);
    expect(englishIn(visibleText(renderSignedOut('en')), 'fr').length).toBeGreaterThan(0);
  });
});
