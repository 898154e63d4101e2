// The pages of signing in and out: the step that continues to the page asked for once signed in,
// the refusals of a return trip that failed its checks, and "signed out". Every value is escaped.
// Pure.
import { card, escapeHtml, renderPage } from './layout.ts';
import { siteHeader } from './member.ts';

const LANG = 'en';
const SERVICE = 'Consent Ledger';

const page = (title: string, body: string, options: { script?: string; referrer?: 'same-origin' | 'no-referrer' } = {}): string =>
  renderPage({
    lang: LANG,
    referrer: options.referrer ?? 'same-origin',
    title: `${title} · ${SERVICE}`,
    body: card(`<h1>${escapeHtml(title)}</h1>\n${body}`),
    header: siteHeader(undefined),
    ...(options.script ? { script: options.script } : {}),
  });

/**
 * Goes on at once to the address of the page's `#continue` link: a navigation this page starts,
 * where a redirect would not do (see renderContinue, renderSigningOut). Without script, the link.
 */
export const CONTINUE_SCRIPT = "location.replace(document.getElementById('continue').href);";

/** A page that goes on to `href` at once; no referrer, as the address it was reached by may carry a code. */
const onward = (title: string, lead: string, href: string, link: string): string =>
  page(title, `${lead}<p><a id="continue" href="${escapeHtml(href)}">${escapeHtml(link)}</a></p>`, { script: CONTINUE_SCRIPT, referrer: 'no-referrer' });

/**
 * Signed in: on to the page asked for. The session cookie is SameSite=Strict, and the redirect back
 * from the provider was a cross-site navigation: a redirect onwards would still be part of it, and
 * arrive without the cookie. A navigation this page starts is same-site.
 */
export const renderContinue = (next: string): string => onward('Signed in', '', next, 'Continue');

/**
 * Signed out here: on to the provider's sign-out. A redirect answering the sign-out form would be a
 * form submission to the provider's site, which the pages' CSP (`form-action 'self'`) refuses.
 */
export const renderSigningOut = (atProvider: string): string =>
  onward('Signing out', '<p>You are signed out of Consent Ledger on this browser. Now signing out at your identity provider.</p>', atProvider, 'Continue to sign out there');

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
