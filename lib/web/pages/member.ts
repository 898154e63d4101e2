// The member's pages: sign-in, the settings page (state in words, toggle, history, the training
// runs that used the member's data, GPC, the record to download, and apart from the rest the way
// to erase it all), the erasure's confirmation and its answer, and their errors. Server-rendered;
// the settings page's one script only looks for a GPC signal the browser shows to scripts alone.
// Every value is escaped. Pure.
import type { Choice, ChoiceSource } from '../../domain/member.ts';
import { RECORD_DOWNLOAD_MAX } from '../../app/consent-record.ts';
import type { PurposeSettings, SettingsView } from '../../app/settings.ts';
import { card, escapeHtml, receiptDetails, renderPage } from './layout.ts';
import { describeState, shortDate } from './reason-words.ts';

const LANG = 'en';
const SERVICE = 'Consent Ledger';

/** "3 Nov 2025, 14:05 UTC". */
export function dateTime(iso: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' }).format(new Date(iso));
  return `${formatted} UTC`;
}

/** The bar above the content: who is signed in, and a sign-out button (a POST, CSRF-checked). */
export function siteHeader(signedInAs: string | undefined): string {
  const who = signedInAs === undefined ? '' : `<span>Signed in as <strong>${escapeHtml(signedInAs)}</strong></span>`;
  const out = signedInAs === undefined ? '' : '<form class="inline" method="post" action="/sign-out"><button type="submit">Sign out</button></form>';
  return `<span><strong>${SERVICE}</strong></span>${who}${out}`;
}

export interface SignInInput {
  next: string;
  /** Why the form is shown again, if it is. */
  error?: 'invalid' | 'expired_session' | undefined;
}

export function renderSignIn(input: SignInInput): string {
  const error =
    input.error === 'invalid'
      ? '<p class="error" role="alert">That token was not accepted (wrong, expired or for another service). Nothing was saved.</p>'
      : input.error === 'expired_session'
        ? '<p class="error" role="alert">Please sign in to see this page.</p>'
        : '';
  const body = [
    '<h1>Sign in</h1>',
    error,
    '<p>Paste an access token issued for this service. Locally: <code>npm run token -- --sub YOUR_MEMBER_ID</code>.</p>',
    '<form method="post" action="/sign-in">',
    `<input type="hidden" name="next" value="${escapeHtml(input.next)}">`,
    '<label for="token">Access token</label>',
    '<textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea>',
    '<button type="submit">Sign in</button>',
    '</form>',
    '<p class="note">The token is kept in a cookie only this site can read, for as long as the token is valid.</p>',
  ].join('\n');
  return renderPage({ lang: LANG, referrer: 'same-origin', title: `Sign in · ${SERVICE}`, body: card(body), header: siteHeader(undefined) });
}

export interface MessagePageInput {
  title: string;
  message: string;
  signedInAs?: string | undefined;
  links?: { href: string; text: string }[];
}

/** A page with one message: errors such as "no profile" or "admins only". */
export function renderMessagePage(input: MessagePageInput): string {
  const links = (input.links ?? []).map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`).join('\n');
  const body = [`<h1>${escapeHtml(input.title)}</h1>`, `<p>${escapeHtml(input.message)}</p>`, links].join('\n');
  return renderPage({ lang: LANG, referrer: 'same-origin', title: `${input.title} · ${SERVICE}`, body: card(body), header: siteHeader(input.signedInAs) });
}

const CHOICE_WORDS: Record<Choice, string> = { granted: 'Turned on', denied: 'Turned off' };
const SOURCE_WORDS: Record<ChoiceSource, string> = {
  settings: 'On this page',
  email_link: 'From the link in our email',
  api: 'Through an app',
  import: 'Imported from earlier records',
  support: 'By our support team, at your request',
  gpc: 'Global Privacy Control signal from your browser',
};

/** The choice the toggle offers: the opposite of what applies now. */
export function nextChoice(entry: Pick<PurposeSettings, 'consent'>): Choice {
  if (entry.consent.choice !== null) return entry.consent.choice === 'granted' ? 'denied' : 'granted';
  return entry.consent.reason === 'no_consent' ? 'granted' : 'denied';
}

function gpcNote(entry: PurposeSettings): string {
  switch (entry.gpc) {
    case 'no_signal':
      return '';
    case 'not_honored_here':
      return '<p class="important" role="status">Your browser sends a Global Privacy Control (GPC) signal. The policy for your region does not treat it as turning this setting off, so it is unchanged; use the button below to turn it off.</p>';
    case 'record_denied':
      return '<p class="important" role="status">Your browser sends a Global Privacy Control (GPC) signal. In your region it counts as turning this setting off, so we recorded that. You can still turn it back on.</p>';
    case 'already_denied':
      return '<p class="important" role="status">Your browser sends a Global Privacy Control (GPC) signal. This setting is already off.</p>';
    case 'granted_after_gpc':
      return '<p class="important" role="status">Your browser sends a Global Privacy Control (GPC) signal. You turned this setting on after we recorded that signal, so your own choice stands.</p>';
  }
}

function historyTable(entry: PurposeSettings, id: string): string {
  if (entry.historyTotal === 0) return '<p class="note">You have not made a choice yet.</p>';
  const rows = [...entry.history]
    .reverse()
    .map((item) => `<tr><td>${escapeHtml(dateTime(item.at))}</td><td>${CHOICE_WORDS[item.choice]}</td><td>${escapeHtml(SOURCE_WORDS[item.source] ?? item.source)}</td></tr>`)
    .join('\n');
  return [
    `<table id="${id}-history">`,
    `<caption>${historyCaption(entry)}</caption>`,
    '<thead><tr><th scope="col">When</th><th scope="col">Choice</th><th scope="col">How</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    entry.olderBefore === undefined
      ? ''
      : `<p><a id="${id}-older" href="/settings?older=${encodeURIComponent(`${entry.olderBefore}.${entry.purpose}`)}#${id}-history">Show older choices</a></p>`,
  ].join('\n');
}

function historyCaption(entry: PurposeSettings): string {
  if (entry.history.length === entry.historyTotal) return `Your choices, newest first (${entry.history.length})`;
  return `Your choices, newest first: ${entry.history.length} of ${entry.historyTotal.toLocaleString('en-US')}`;
}

/** The signed receipt of the latest choice, however it was made: to keep as proof of it. */
function latestReceipt(entry: PurposeSettings, id: string): string {
  if (entry.latestReceipt === undefined) return '';
  return receiptDetails(
    'Receipt of your latest choice',
    'A signed statement of your latest choice: what you chose, when, how, and under which policy. Keep it if you want proof ' +
      'of it; anyone can check it against the keys this service publishes at /.well-known/jwks.json.',
    entry.latestReceipt,
    `${id}-receipt`,
  );
}

/** The training runs that used the member's data for this purpose, and that opting out does not undo them. */
function exposureSection(entry: PurposeSettings, id: string): string {
  const { items, more } = entry.exposure;
  const heading = `<h3 id="${id}-runs-title">Training runs that were allowed to use your data</h3>`;
  const notRetroactive = '<p class="note">Turning it off does not remove your data from runs that already used it; it keeps your data out of runs that start afterwards.</p>';
  if (items.length === 0) return [heading, `<p id="${id}-runs-none">None so far.</p>`, notRetroactive].join('\n');
  const rows = items
    .map(
      (run) =>
        `<tr><th scope="row">${escapeHtml(run.name)}</th><td>${escapeHtml(run.model ?? '—')}</td><td>${escapeHtml(run.dataset ?? '—')}</td><td>${escapeHtml(dateTime(run.snapshotAt))}</td></tr>`,
    )
    .join('\n');
  return [
    heading,
    `<table id="${id}-runs">`,
    `<caption>Newest first${more ? `: the latest ${items.length}` : ` (${items.length})`}</caption>`,
    '<thead><tr><th scope="col">Run</th><th scope="col">Model</th><th scope="col">Dataset</th><th scope="col">Data as of</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    notRetroactive,
  ].join('\n');
}

function purposeCard(entry: PurposeSettings, index: number, view: SettingsView): string {
  const id = `p${index}`;
  const offer = nextChoice(entry);
  const words = describeState(entry.state);
  const pill = words.on ? '<span class="pill on">On</span>' : '<span class="pill off">Off</span>';
  const policy = view.policy;
  const parts = [
    `<h2 id="${id}-title">${escapeHtml(entry.setting)}</h2>`,
    entry.description ? `<p class="note">${escapeHtml(entry.description)}.</p>` : '',
    gpcNote(entry),
    `<div class="toggle"><p id="${id}-state" class="state">${pill} ${escapeHtml(words.headline)}</p></div>`,
    words.detail ? `<p>${escapeHtml(words.detail)}</p>` : '',
    `<form method="post" action="/settings">`,
    `<input type="hidden" name="purpose" value="${escapeHtml(entry.purpose)}">`,
    `<input type="hidden" name="choice" value="${offer}">`,
    `<input type="hidden" name="etag" value="${escapeHtml(entry.etag)}">`,
    `<button type="submit" aria-describedby="${id}-title ${id}-state">${offer === 'denied' ? 'Turn off' : 'Turn on'}</button>`,
    '</form>',
    '<p class="important">Turning it off is not retroactive: from that moment your data is no longer used for this, but training that has already taken place is not undone.</p>',
    policy
      ? `<p class="note">Policy version ${escapeHtml(policy.id)}, in force since ${escapeHtml(shortDate(policy.effectiveAt))}${policy.summary ? `: ${escapeHtml(policy.summary)}` : '.'}</p>`
      : '',
    historyTable(entry, id),
    latestReceipt(entry, id),
    exposureSection(entry, id),
  ];
  return card(parts.filter((part) => part !== '').join('\n'), `${id}-title`);
}

/** "Download my record": the member's consent record as a file (GET /settings/record). */
function recordCard(view: SettingsView): string {
  const choices = view.purposes.reduce((sum, entry) => sum + entry.historyTotal, 0);
  return card(
    [
      '<h2 id="record-title">Your record</h2>',
      '<p>A copy of your consent record: every choice you made, when and how, and for each purpose the policy versions, legal basis and region it was used under, with where to change your mind. It is a JSON file in the shape of the ISO/IEC TS 27560 consent record.</p>',
      choices > RECORD_DOWNLOAD_MAX
        ? `<p class="note">You have made more than ${RECORD_DOWNLOAD_MAX.toLocaleString('en-US')} choices: the file holds the first ${RECORD_DOWNLOAD_MAX.toLocaleString('en-US')}, and its <code>next</code> value continues at <code>GET /v1/members/{memberId}/record?cursor=</code> in the API.</p>`
        : '',
      '<p><a id="record-download" href="/settings/record" download="consent-record.json">Download my record</a></p>',
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
  const banners = [
    input.saved ? `<p class="success" role="status">Saved: you turned it ${input.saved === 'granted' ? 'on' : 'off'}.</p>` : '',
    input.stale
      ? '<p class="error" role="alert">This setting was changed elsewhere (another tab or device) after this page was loaded, so nothing was saved. The page now shows the current state; choose again if you still want to change it.</p>'
      : '',
  ].filter((banner) => banner !== '');
  const purposes =
    view.purposes.length === 0
      ? card('<p>No policy in force asks for a choice right now.</p>')
      : view.purposes.map((entry, index) => purposeCard(entry, index, view)).join('\n');
  const body = ['<h1>Your data and AI training</h1>', ...banners, purposes, recordCard(view), eraseSection()].join('\n');
  return renderPage({
    lang: LANG,
    referrer: 'same-origin',
    title: `Your settings · ${SERVICE}`,
    body,
    header: siteHeader(view.memberId),
    ...(input.probeGpc ? { script: GPC_PROBE_SCRIPT } : {}),
  });
}

/** What erasing removes and keeps, in the words the settings and confirmation pages share. */
const ERASE_WHAT =
  'Erasing removes your email address, your language and your birth date from our records, everywhere we keep them. ' +
  'From then on your data is never used again, for anything, and we never email you again.';
const ERASE_KEPT =
  'We keep, without your email address, language or birth date, the record of what we were allowed to do with your data and when: where you lived, ' +
  'the choices you made, the notices we sent you, and the day you came of age instead of your birth date. The law requires ' +
  'us to be able to show this (GDPR Articles 7(1) and 17(3)(b)).';

/** The settings page's last section, set apart: a link to the confirmation page, which changes nothing. */
function eraseSection(): string {
  return [
    '<section class="card danger" aria-labelledby="erase-title">',
    '<h2 id="erase-title">Erase my data</h2>',
    `<p>${escapeHtml(ERASE_WHAT)}</p>`,
    '<p class="important">This cannot be undone. You will be asked to confirm on the next page.</p>',
    '<p><a class="button danger" href="/settings/erase">Erase my data…</a></p>',
    '</section>',
  ].join('\n');
}

export interface EraseConfirmInput {
  memberId: string;
  /** The form came back without ERASE typed in it. */
  notConfirmed?: boolean | undefined;
}

/** The confirmation step: what goes, what stays, and a form that needs the word ERASE typed. */
export function renderEraseConfirm(input: EraseConfirmInput): string {
  const body = [
    '<h1>Erase my data</h1>',
    input.notConfirmed ? '<p class="error" role="alert" id="confirm-error">To erase your data, type ERASE in the box. Nothing was erased.</p>' : '',
    `<p>${escapeHtml(ERASE_WHAT)}</p>`,
    `<p class="note">${escapeHtml(ERASE_KEPT)}</p>`,
    '<p class="important">This cannot be undone: the account cannot be used again, and you will be signed out.</p>',
    '<form method="post" action="/settings/erase">',
    '<label for="confirm">Type ERASE to confirm</label>',
    `<input type="text" id="confirm" name="confirm" required autocomplete="off" spellcheck="false"${input.notConfirmed ? ' aria-invalid="true" aria-describedby="confirm-error"' : ''}>`,
    '<button type="submit" class="danger">Erase my data</button>',
    '</form>',
    '<p><a href="/settings">Keep my data and go back to my settings</a></p>',
  ].filter((part) => part !== '').join('\n');
  return renderPage({ lang: LANG, referrer: 'same-origin', title: `Erase my data · ${SERVICE}`, body: card(body), header: siteHeader(input.memberId) });
}

/** After the erasure: done, when, and signed out (the header shows no one). */
export function renderErased(input: { erasedAt: string }): string {
  const body = [
    '<h1>Your data was erased</h1>',
    `<p class="success" role="status">We erased your email address, language and birth date on ${escapeHtml(dateTime(input.erasedAt))}. Your data is never used again, and we will not email you again.</p>`,
    `<p class="note">${escapeHtml(ERASE_KEPT)}</p>`,
    '<p>You are signed out.</p>',
  ].join('\n');
  return renderPage({ lang: LANG, referrer: 'same-origin', title: `Your data was erased · ${SERVICE}`, body: card(body), header: siteHeader(undefined) });
}

/** What a signed-in page shows an account whose data was erased (410). */
export function renderErasedAccount(signedInAs: string): string {
  return renderMessagePage({
    title: 'Your data was erased',
    message: 'The data of this account was erased, so there is nothing to show or set here. It is never used again, and we will not email you again.',
    signedInAs,
  });
}
