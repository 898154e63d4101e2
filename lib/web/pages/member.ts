// The member's pages: the settings page (state in words, toggle, history, the training runs that
// used the member's data, GPC, the record to download, and apart from the rest the way to erase it
// all), the erasure's confirmation and its answer, and their errors, in the member's language (the
// words are in ./words/, one file per language; the policy's own texts come already picked for
// it). Signing in and out: ./sign-in.ts. Server-rendered; the settings page's one script only
// looks for a GPC signal the browser shows to scripts alone. Every value is escaped. Pure.
import type { Choice } from '../../domain/member.ts';
import { RECORD_DOWNLOAD_MAX } from '../../app/consent-record.ts';
import type { PurposeSettings, SettingsView } from '../../app/settings.ts';
import { fill, formatCount, formatShortDateTime } from '../../email/format.ts';
import type { Locale } from '../../email/messages.ts';
import { card, escapeHtml, receiptDetails, renderPage } from './layout.ts';
import { fillHtml } from './opt-out.ts';
import { describeState, shortDate } from './reason-words.ts';
import { wordsFor, type SettingsWords } from './words/words.ts';

const SERVICE = 'Consent Ledger';

/** "3 Nov 2025, 14:05 UTC" (en), "3 nov. 2025, 14:05 UTC" (fr). */
export function dateTime(iso: string, language: Locale = 'en'): string {
  return formatShortDateTime(iso, language);
}

const strong = (escaped: string): string => `<strong>${escaped}</strong>`;

/** The bar above the content: who is signed in, and a sign-out button (a POST, CSRF-checked). */
export function siteHeader(signedInAs: string | undefined, language: Locale = 'en'): string {
  const words = wordsFor(language);
  const who = signedInAs === undefined ? '' : `<span>${fillHtml(words.signedInAs, { who: signedInAs }, { who: strong })}</span>`;
  const out = signedInAs === undefined ? '' : `<form class="inline" method="post" action="/sign-out"><button type="submit">${escapeHtml(words.signOut)}</button></form>`;
  return `<span><strong>${SERVICE}</strong></span>${who}${out}`;
}

export interface MessagePageInput {
  language: Locale;
  title: string;
  message: string;
  /** The problem's own detail (in English, naming the field and the rule): shown as technical details. */
  details?: string | undefined;
  signedInAs?: string | undefined;
  links?: { href: string; text: string }[];
}

/** A page with one message: errors such as "no profile" or "admins only". */
export function renderMessagePage(input: MessagePageInput): string {
  const links = (input.links ?? []).map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`).join('\n');
  const details =
    input.details === undefined
      ? ''
      : `<p class="note">${escapeHtml(wordsFor(input.language).messages.technicalDetails)}: <span lang="en">${escapeHtml(input.details)}</span></p>`;
  const body = [`<h1>${escapeHtml(input.title)}</h1>`, `<p>${escapeHtml(input.message)}</p>`, details, links].filter((part) => part !== '').join('\n');
  return renderPage({ lang: input.language, referrer: 'same-origin', title: `${input.title} · ${SERVICE}`, body: card(body), header: siteHeader(input.signedInAs, input.language) });
}

/** The choice the toggle offers: the opposite of what applies now. */
export function nextChoice(entry: Pick<PurposeSettings, 'consent'>): Choice {
  if (entry.consent.choice !== null) return entry.consent.choice === 'granted' ? 'denied' : 'granted';
  return entry.consent.reason === 'no_consent' ? 'granted' : 'denied';
}

function gpcNote(entry: PurposeSettings, words: SettingsWords): string {
  if (entry.gpc === 'no_signal') return '';
  return `<p class="important" role="status">${escapeHtml(words.gpc[entry.gpc])}</p>`;
}

const direction = (choice: Choice): 'on' | 'off' => (choice === 'granted' ? 'on' : 'off');

function historyTable(entry: PurposeSettings, id: string, language: Locale): string {
  const words = wordsFor(language).settings;
  if (entry.historyTotal === 0) return `<p class="note">${escapeHtml(words.noChoiceYet)}</p>`;
  const rows = [...entry.history]
    .reverse()
    .map((item) => `<tr><td>${escapeHtml(dateTime(item.at, language))}</td><td>${escapeHtml(words.choice[item.choice])}</td><td>${escapeHtml(words.source[item.source] ?? item.source)}</td></tr>`)
    .join('\n');
  const columns = words.historyColumns;
  return [
    `<table id="${id}-history">`,
    `<caption>${escapeHtml(historyCaption(entry, language))}</caption>`,
    `<thead><tr><th scope="col">${escapeHtml(columns.when)}</th><th scope="col">${escapeHtml(columns.choice)}</th><th scope="col">${escapeHtml(columns.how)}</th></tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    entry.olderBefore === undefined
      ? ''
      : `<p><a id="${id}-older" href="/settings?older=${encodeURIComponent(`${entry.olderBefore}.${entry.purpose}`)}#${id}-history">${escapeHtml(words.showOlder)}</a></p>`,
  ].join('\n');
}

function historyCaption(entry: PurposeSettings, language: Locale): string {
  const words = wordsFor(language).settings;
  if (entry.history.length === entry.historyTotal) return fill(words.historyCaptionAll, { count: formatCount(entry.history.length, language) });
  return fill(words.historyCaptionSome, { shown: formatCount(entry.history.length, language), total: formatCount(entry.historyTotal, language) });
}

/** The signed receipt of the latest choice, however it was made: to keep as proof of it. */
function latestReceipt(entry: PurposeSettings, id: string, language: Locale): string {
  if (entry.latestReceipt === undefined) return '';
  const words = wordsFor(language).settings;
  return receiptDetails(escapeHtml(words.latestReceiptTitle), escapeHtml(words.latestReceiptBody), entry.latestReceipt, `${id}-receipt`);
}

/** The training runs that used the member's data for this purpose, and that opting out does not undo them. */
function exposureSection(entry: PurposeSettings, id: string, language: Locale): string {
  const words = wordsFor(language).settings;
  const { items, more } = entry.exposure;
  const heading = `<h3 id="${id}-runs-title">${escapeHtml(words.runsHeading)}</h3>`;
  const notRetroactive = `<p class="note">${escapeHtml(words.runsNotRetroactive)}</p>`;
  if (items.length === 0) return [heading, `<p id="${id}-runs-none">${escapeHtml(words.runsNone)}</p>`, notRetroactive].join('\n');
  const rows = items
    .map(
      (run) =>
        `<tr><th scope="row">${escapeHtml(run.name)}</th><td>${escapeHtml(run.model ?? '—')}</td><td>${escapeHtml(run.dataset ?? '—')}</td><td>${escapeHtml(dateTime(run.snapshotAt, language))}</td></tr>`,
    )
    .join('\n');
  const columns = words.runColumns;
  const caption = fill(more ? words.runsCaptionLatest : words.runsCaptionAll, { count: formatCount(items.length, language) });
  return [
    heading,
    `<table id="${id}-runs">`,
    `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${[columns.run, columns.model, columns.dataset, columns.dataAsOf].map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    notRetroactive,
  ].join('\n');
}

function policyLine(view: SettingsView): string {
  const { policy, language } = view;
  if (policy === null) return '';
  const words = wordsFor(language).settings;
  const values = { id: policy.id, date: shortDate(policy.effectiveAt, language) };
  const line = policy.summary ? fill(words.policyLineWithSummary, { ...values, summary: policy.summary }) : fill(words.policyLine, values);
  return `<p class="note">${escapeHtml(line)}</p>`;
}

function purposeCard(entry: PurposeSettings, index: number, view: SettingsView): string {
  const { language } = view;
  const words = wordsFor(language).settings;
  const id = `p${index}`;
  const offer = nextChoice(entry);
  const state = describeState(entry.state, language);
  const pill = state.on ? `<span class="pill on">${escapeHtml(words.pill.on)}</span>` : `<span class="pill off">${escapeHtml(words.pill.off)}</span>`;
  const parts = [
    `<h2 id="${id}-title">${escapeHtml(entry.setting)}</h2>`,
    entry.description ? `<p class="note">${escapeHtml(entry.description)}.</p>` : '',
    gpcNote(entry, words),
    `<div class="toggle"><p id="${id}-state" class="state">${pill} ${escapeHtml(state.headline)}</p></div>`,
    state.detail ? `<p>${escapeHtml(state.detail)}</p>` : '',
    `<form method="post" action="/settings">`,
    `<input type="hidden" name="purpose" value="${escapeHtml(entry.purpose)}">`,
    `<input type="hidden" name="choice" value="${offer}">`,
    `<input type="hidden" name="etag" value="${escapeHtml(entry.etag)}">`,
    `<button type="submit" aria-describedby="${id}-title ${id}-state">${escapeHtml(words.turn[direction(offer)])}</button>`,
    '</form>',
    `<p class="important">${escapeHtml(words.notRetroactive)}</p>`,
    policyLine(view),
    historyTable(entry, id, language),
    latestReceipt(entry, id, language),
    exposureSection(entry, id, language),
  ];
  return card(parts.filter((part) => part !== '').join('\n'), `${id}-title`);
}

/** "Download my record": the member's consent record as a file (GET /settings/record). */
function recordCard(view: SettingsView): string {
  const words = wordsFor(view.language).record;
  const choices = view.purposes.reduce((sum, entry) => sum + entry.historyTotal, 0);
  const code = (escaped: string): string => `<code>${escaped}</code>`;
  const tooMany = { max: formatCount(RECORD_DOWNLOAD_MAX, view.language), next: 'next', route: 'GET /v1/members/{memberId}/record?cursor=' };
  return card(
    [
      `<h2 id="record-title">${escapeHtml(words.heading)}</h2>`,
      `<p>${escapeHtml(words.intro)}</p>`,
      choices > RECORD_DOWNLOAD_MAX ? `<p class="note">${fillHtml(words.tooMany, tooMany, { next: code, route: code })}</p>` : '',
      `<p><a id="record-download" href="/settings/record" download="consent-record.json">${escapeHtml(words.download)}</a></p>`,
    ]
      .filter((part) => part !== '')
      .join('\n'),
    'record-title',
  );
}

export interface SettingsPageInput {
  view: SettingsView;
  /** After a save: which way the setting was turned. */
  saved?: Choice | undefined;
  /** The save was refused because the setting changed since the page was loaded. */
  stale?: boolean | undefined;
  /** No GPC signal came with the request: look for one the browser shows only to scripts. */
  probeGpc?: boolean | undefined;
}

/**
 * A browser (or extension) may expose navigator.globalPrivacyControl without sending Sec-GPC.
 * Then the page reloads itself once with ?gpc=1, which the server takes as the same signal; a
 * page that already saw the signal carries no script.
 */
export const GPC_PROBE_SCRIPT =
  "if (navigator.globalPrivacyControl === true) { const query = new URLSearchParams(location.search); query.set('gpc', '1'); location.replace('/settings?' + query); }";

export function renderSettings(input: SettingsPageInput): string {
  const { view } = input;
  const words = wordsFor(view.language).settings;
  const banners = [
    input.saved ? `<p class="success" role="status">${escapeHtml(words.saved[direction(input.saved)])}</p>` : '',
    input.stale ? `<p class="error" role="alert">${escapeHtml(words.stale)}</p>` : '',
  ].filter((banner) => banner !== '');
  const purposes =
    view.purposes.length === 0
      ? card(`<p>${escapeHtml(words.noPolicy)}</p>`)
      : view.purposes.map((entry, index) => purposeCard(entry, index, view)).join('\n');
  const body = [`<h1>${escapeHtml(words.heading)}</h1>`, ...banners, purposes, recordCard(view), eraseSection(view.language)].join('\n');
  return renderPage({
    lang: view.language,
    referrer: 'same-origin',
    title: `${words.title} · ${SERVICE}`,
    body,
    header: siteHeader(view.memberId, view.language),
    ...(input.probeGpc ? { script: GPC_PROBE_SCRIPT } : {}),
  });
}

/** The settings page's last section, set apart: a link to the confirmation page, which changes nothing. */
function eraseSection(language: Locale): string {
  const words = wordsFor(language).erasure;
  return [
    '<section class="card danger" aria-labelledby="erase-title">',
    `<h2 id="erase-title">${escapeHtml(words.heading)}</h2>`,
    `<p>${escapeHtml(words.what)}</p>`,
    `<p class="important">${escapeHtml(words.cannotUndoNext)}</p>`,
    `<p><a class="button danger" href="/settings/erase">${escapeHtml(words.openConfirm)}</a></p>`,
    '</section>',
  ].join('\n');
}

/** The form field that carries the confirmation page's language to the answer (settings-routes.ts). */
export const ERASE_LANGUAGE_FIELD = 'language';

export interface EraseConfirmInput {
  language: Locale;
  memberId: string;
  /** The form came back without the confirmation word typed in it. */
  notConfirmed?: boolean | undefined;
}

/** The confirmation step: what goes, what stays, and a form that needs the word (ERASE in English) typed. */
export function renderEraseConfirm(input: EraseConfirmInput): string {
  const words = wordsFor(input.language).erasure;
  const word = { word: words.confirmWord };
  const body = [
    `<h1>${escapeHtml(words.heading)}</h1>`,
    input.notConfirmed ? `<p class="error" role="alert" id="confirm-error">${fillHtml(words.notConfirmed, word)}</p>` : '',
    `<p>${escapeHtml(words.what)}</p>`,
    `<p class="note">${escapeHtml(words.kept)}</p>`,
    `<p class="important">${escapeHtml(words.cannotUndo)}</p>`,
    '<form method="post" action="/settings/erase">',
    `<input type="hidden" name="${ERASE_LANGUAGE_FIELD}" value="${input.language}">`,
    `<label for="confirm">${fillHtml(words.confirmLabel, word)}</label>`,
    `<input type="text" id="confirm" name="confirm" required autocomplete="off" spellcheck="false"${input.notConfirmed ? ' aria-invalid="true" aria-describedby="confirm-error"' : ''}>`,
    `<button type="submit" class="danger">${escapeHtml(words.button)}</button>`,
    '</form>',
    `<p><a href="/settings">${escapeHtml(words.keep)}</a></p>`,
  ].filter((part) => part !== '').join('\n');
  return renderPage({
    lang: input.language,
    referrer: 'same-origin',
    title: `${words.heading} · ${SERVICE}`,
    body: card(body),
    header: siteHeader(input.memberId, input.language),
  });
}

/** After the erasure: done, when, and signed out (the header shows no one). */
export function renderErased(input: { language: Locale; erasedAt: string }): string {
  const words = wordsFor(input.language).erasure;
  const body = [
    `<h1>${escapeHtml(words.doneTitle)}</h1>`,
    `<p class="success" role="status">${fillHtml(words.doneBody, { datetime: dateTime(input.erasedAt, input.language) })}</p>`,
    `<p class="note">${escapeHtml(words.kept)}</p>`,
    `<p>${escapeHtml(words.signedOut)}</p>`,
  ].join('\n');
  return renderPage({ lang: input.language, referrer: 'same-origin', title: `${words.doneTitle} · ${SERVICE}`, body: card(body), header: siteHeader(undefined, input.language) });
}

/** What a signed-in page shows an account whose data was erased (410): it has no language of its own any more. */
export function renderErasedAccount(input: { language: Locale; signedInAs: string }): string {
  const words = wordsFor(input.language).erasure;
  return renderMessagePage({ language: input.language, title: words.accountTitle, message: words.accountBody, signedInAs: input.signedInAs });
}
