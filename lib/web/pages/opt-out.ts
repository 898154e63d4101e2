// Server-rendered pages of the one-click opt-out flow: the page a link opens (GET, changes
// nothing), the confirmation after the POST, and link errors. No JavaScript; every value escaped.

import { formatDate, formatDateTime, interpolate } from '../../email/format.ts';
import { inSentence, messagesFor, type LinkErrorReason, type Locale } from '../../email/messages.ts';
import { escapeHtml, receiptDetails, renderPage } from './layout.ts';

export { escapeHtml };

/**
 * Fills a translated template for HTML: the template's own text and every value are escaped;
 * `wrap` may then decorate an (escaped) value, e.g. put the setting name in <strong>.
 */
export function fillHtml(
  template: string,
  values: Readonly<Record<string, string>>,
  wrap: Readonly<Record<string, (escaped: string) => string>> = {},
): string {
  return interpolate(
    template,
    values,
    (name, value) => {
      const escaped = escapeHtml(value);
      const decorate = wrap[name];
      return decorate === undefined ? escaped : decorate(escaped);
    },
    escapeHtml,
  );
}

/** An absolute http(s) URL, or throws: a `javascript:` link must never reach a member. */
export function assertHttpUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${what} is not an absolute URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`${what} must be an http(s) URL: ${url}`);
  }
  return url;
}

/** A form action: an absolute http(s) URL or a path on this site ("/opt-out"), or throws. */
function assertFormAction(action: string): string {
  if (action.startsWith('/') && !action.startsWith('//') && !action.startsWith('/\\')) return action;
  return assertHttpUrl(action, 'formAction');
}

function page(locale: Locale, title: string, body: string): string {
  return renderPage({ lang: locale, title, body: `<div class="card">\n${body}\n</div>` });
}

function p(html: string, className?: string): string {
  return className === undefined ? `<p>${html}</p>` : `<p class="${className}">${html}</p>`;
}

const strong = (escaped: string): string => `<strong>${escaped}</strong>`;

export interface OptOutPageInput {
  locale?: string;
  setting: string;
  purposeDescription?: string;
  currentChoice: 'granted' | 'denied' | null;
  effectiveAt: string;
  token: string;
  formAction: string;
}

/**
 * The page a one-click link opens. GET-safe: it only shows the current state and, unless the
 * setting is already off, a form whose button POSTs `token` to `formAction`.
 */
export function renderOptOutPage(input: OptOutPageInput): string {
  const { locale, messages } = messagesFor(input.locale);
  const m = messages.pages;
  const setting = messages.quote(input.setting);
  const alreadyOff = input.currentChoice === 'denied';
  const title = interpolate(alreadyOff ? m.alreadyOffTitle : m.optOutTitle, { setting });
  const state =
    input.currentChoice === null ? m.stateDefault : input.currentChoice === 'granted' ? m.stateGranted : m.stateDenied;

  const parts: string[] = [
    `<h1 id="title">${fillHtml(alreadyOff ? m.alreadyOffTitle : m.optOutTitle, { setting })}</h1>`,
  ];
  if (input.purposeDescription !== undefined && input.purposeDescription.trim() !== '') {
    parts.push(p(fillHtml(m.purposeLine, { description: inSentence(input.purposeDescription, messages) })));
  }
  parts.push(
    p(fillHtml(m.currentState, { state }, { state: (s) => `<span class="state">${s}</span>` })),
    p(fillHtml(m.effectiveLine, { date: formatDate(input.effectiveAt, locale) })),
  );
  if (alreadyOff) {
    parts.push(p(fillHtml(m.alreadyOffBody, {})), p(fillHtml(m.notRetroactive, {}), 'note'));
  } else {
    parts.push(
      p(fillHtml(m.notRetroactive, {}), 'important'),
      [
        `<form method="post" action="${escapeHtml(assertFormAction(input.formAction))}">`,
        `<input type="hidden" name="token" value="${escapeHtml(input.token)}">`,
        `<button type="submit" aria-describedby="title">${fillHtml(m.button, {})}</button>`,
        '</form>',
      ].join('\n'),
      p(fillHtml(m.nothingUntilPress, {}), 'note'),
    );
  }
  parts.push(p(fillHtml(m.changeLater, {}), 'note'));
  return page(locale, title, parts.join('\n'));
}

export interface OptOutDoneInput {
  locale?: string;
  setting: string;
  /** When the opt-out took effect (or, when alreadyOff, when this request was handled). */
  at: string;
  alreadyOff: boolean;
  /** The opt-out's signed receipt, when this request recorded it. */
  receipt?: string | undefined;
}

/** The confirmation after the POST: off since when, not retroactive; or "was already off". */
export function renderOptOutDone(input: OptOutDoneInput): string {
  const { locale, messages } = messagesFor(input.locale);
  const m = messages.pages;
  const setting = messages.quote(input.setting);
  const titleTemplate = input.alreadyOff ? m.doneAlreadyTitle : m.doneTitle;
  const parts: string[] = [`<h1>${fillHtml(titleTemplate, { setting })}</h1>`];
  // A clear success state: the outcome in a green-edged box screen readers announce.
  if (input.alreadyOff) {
    parts.push(`<p class="success" role="status">${fillHtml(m.doneAlreadyBody, { setting }, { setting: strong })}</p>`);
  } else {
    parts.push(
      `<p class="success" role="status">${fillHtml(m.doneBody, { setting, datetime: formatDateTime(input.at, locale) }, { setting: strong })}</p>`,
      p(fillHtml(m.doneNotRetroactive, {}), 'important'),
    );
    if (input.receipt !== undefined) parts.push(receiptDetails(fillHtml(m.receiptTitle, {}), fillHtml(m.receiptBody, {}), input.receipt, 'receipt'));
  }
  parts.push(p(fillHtml(m.changeLater, {}), 'note'));
  return page(locale, interpolate(titleTemplate, { setting }), parts.join('\n'));
}

export interface LinkErrorInput {
  locale?: string;
  reason: LinkErrorReason;
}

/** A friendly error for a link that cannot be used; in every case nothing was changed. */
export function renderLinkError(input: LinkErrorInput): string {
  const { locale, messages } = messagesFor(input.locale);
  const m = messages.pages;
  const text = Object.hasOwn(m.errors, input.reason) ? m.errors[input.reason] : m.errors.invalid;
  const body = [
    `<h1>${fillHtml(text.title, {})}</h1>`,
    `<p class="error" role="alert">${fillHtml(text.body, {})}</p>`,
    p(`<strong>${fillHtml(m.nothingChanged, {})}</strong>`),
  ].join('\n');
  return page(locale, text.title, body);
}

export type { LinkErrorReason };
