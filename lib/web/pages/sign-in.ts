// The pages of signing in and out: the step that continues to the page asked for once signed in,
// the refusals of a return trip that failed its checks, and "signed out". Every value is escaped.
// Pure.
import { card, escapeHtml, renderPage } from './layout.ts';
import { siteHeader } from './member.ts';

const LANG = 'en';
const SERVICE = 'Consent Ledger';

const page = (title: string, body: string, script?: string): string =>
  renderPage({ lang: LANG, referrer: 'same-origin', title: `${title} · ${SERVICE}`, body: card(`<h1>${escapeHtml(title)}</h1>\n${body}`), header: siteHeader(undefined), ...(script ? { script } : {}) });

/**
 * Goes on at once to the link's address. The session cookie is SameSite=Strict, and the redirect
 * back from the provider was a cross-site navigation: a redirect onwards would still be part of
 * it, and arrive without the cookie. A navigation this page starts is same-site.
 */
export const CONTINUE_SCRIPT = "location.replace(document.getElementById('continue').href);";

/** Signed in: on to the page asked for (by script; a link without it). */
export function renderContinue(next: string): string {
  return page('Signed in', `<p><a id="continue" href="${escapeHtml(next)}">Continue</a></p>`, CONTINUE_SCRIPT);
}

/** The return trip from the provider was refused: why, and a way to start again. */
export function renderSignInFailed(detail: string, next: string): string {
  return page(
    'Sign-in did not complete',
    `<p class="error" role="alert">${escapeHtml(detail)}</p>\n<p>Nothing was signed in. <a href="/sign-in?next=${escapeHtml(encodeURIComponent(next))}">Sign in again</a></p>`,
  );
}

export function renderSignedOut(): string {
  return page('Signed out', '<p>You are signed out of Consent Ledger on this browser.</p>\n<p><a href="/sign-in?next=%2Fsettings">Sign in again</a></p>');
}
