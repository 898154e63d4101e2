// The pages of signing in and out: the step that continues to the page asked for once signed in,
// the refusals of a return trip that failed its checks, and "signed out", in the member's language
// (./words/). Every value is escaped. Pure.
import type { Locale } from '../../email/messages.ts';
import { card, escapeHtml, renderPage } from './layout.ts';
import { siteHeader } from './member.ts';
import { wordsFor, type SignInRefusal } from './words/words.ts';

const SERVICE = 'Consent Ledger';

const page = (language: Locale, title: string, body: string, options: { script?: string; referrer?: 'same-origin' | 'no-referrer' } = {}): string =>
  renderPage({
    lang: language,
    referrer: options.referrer ?? 'same-origin',
    title: `${title} · ${SERVICE}`,
    body: card(`<h1>${escapeHtml(title)}</h1>\n${body}`),
    header: siteHeader(undefined, language),
    ...(options.script ? { script: options.script } : {}),
  });

/**
 * Goes on at once to the address of the page's `#continue` link: a navigation this page starts,
 * where a redirect would not do (see renderContinue, renderSigningOut). Without script, the link.
 */
export const CONTINUE_SCRIPT = "location.replace(document.getElementById('continue').href);";

/** A page that goes on to `href` at once; no referrer, as the address it was reached by may carry a code. */
const onward = (language: Locale, title: string, lead: string, href: string, link: string): string =>
  page(language, title, `${lead}<p><a id="continue" href="${escapeHtml(href)}">${escapeHtml(link)}</a></p>`, { script: CONTINUE_SCRIPT, referrer: 'no-referrer' });

/**
 * Signed in: on to the page asked for. The session cookie is SameSite=Strict, and the redirect back
 * from the provider was a cross-site navigation: a redirect onwards would still be part of it, and
 * arrive without the cookie. A navigation this page starts is same-site.
 */
export function renderContinue(next: string, language: Locale): string {
  const words = wordsFor(language).signIn;
  return onward(language, words.signedInTitle, '', next, words.continue);
}

/**
 * Signed out here: on to the provider's sign-out. A redirect answering the sign-out form would be a
 * form submission to the provider's site, which the pages' CSP (`form-action 'self'`) refuses.
 */
export function renderSigningOut(atProvider: string, language: Locale): string {
  const words = wordsFor(language).signIn;
  return onward(language, words.signingOutTitle, `<p>${escapeHtml(words.signingOutBody)}</p>`, atProvider, words.continueSignOut);
}

export interface SignInFailedInput {
  language: Locale;
  /** Which check failed: what the member is told. */
  reason: SignInRefusal;
  /** The refusal's own detail (in English, naming the check), shown as technical details; none for a provider that failed. */
  details?: string | undefined;
  /** The page asked for, which signing in again returns to. */
  next: string;
}

/** The return trip from the provider was refused: why, and a way to start again. */
export function renderSignInFailed(input: SignInFailedInput): string {
  const words = wordsFor(input.language);
  const details =
    input.details === undefined ? '' : `<p class="note">${escapeHtml(words.messages.technicalDetails)}: <span lang="en">${escapeHtml(input.details)}</span></p>\n`;
  return page(
    input.language,
    words.signIn.failedTitle,
    `<p class="error" role="alert">${escapeHtml(words.signIn.failed[input.reason])}</p>\n${details}` +
      `<p>${escapeHtml(words.signIn.nothingSignedIn)} <a href="/sign-in?next=${escapeHtml(encodeURIComponent(input.next))}">${escapeHtml(words.signIn.signInAgain)}</a></p>`,
  );
}

export function renderSignedOut(language: Locale): string {
  const words = wordsFor(language).signIn;
  return page(language, words.signedOutTitle, `<p>${escapeHtml(words.signedOutBody)}</p>\n<p><a href="/sign-in?next=%2Fsettings">${escapeHtml(words.signInAgain)}</a></p>`);
}
