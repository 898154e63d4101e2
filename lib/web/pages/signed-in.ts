// What the signed-in pages (settings, admin) share: how they answer errors, and the guards that
// send a visitor without a valid session through sign-in, back to the page asked for, or answer
// "administrators only" (403). Public at API Gateway (browsers send no Authorization header on
// navigation), so the session is verified here.
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { isAdmin } from '../api/auth.ts';
import { HttpProblem, problems } from '../api/problem.ts';
import type { Locale } from '../../email/messages.ts';
import { browserLanguage, htmlPage, PageRefusal, pageRoute, requireSameOrigin, seeOther, wantsHtml, type PageFamily, type Session, type Sessions } from './framework.ts';
import { renderMessagePage } from './member.ts';
import { safeNext } from './session.ts';
import { wordsFor } from './words/words.ts';

/**
 * The message page of an error without a page of its own, in the browser's language. A refused
 * request's own detail names the field and the rule in English: shown as technical details; a
 * server error's is not shown.
 */
function errorPage(problem: HttpProblem, language: Locale): string {
  const words = wordsFor(language).messages;
  const [title, message] =
    problem.status === 404
      ? [words.notFoundTitle, words.notFoundBody]
      : problem.status === 503
        ? [words.unavailableTitle, words.unavailableBody]
        : problem.status >= 500
          ? [words.failedTitle, words.failedBody]
          : [words.notUnderstoodTitle, words.notUnderstoodBody];
  return renderMessagePage({
    language,
    title,
    message,
    details: problem.status < 500 ? problem.message : undefined,
    links: [{ href: '/settings', text: words.yourSettings }],
  });
}

/** HTML only to those who ask for it; any error without a page of its own gets the message page. */
export const SIGNED_IN_PAGES: PageFamily = {
  htmlFor: 'asked',
  referrer: 'same-origin',
  fallback: (problem, request) => new PageRefusal(problem, errorPage(problem, browserLanguage(request))),
};

export const page = (render: Route): Route => pageRoute(SIGNED_IN_PAGES, render);

/** A signed-in page's answer: its links and forms send the origin; `script` is allowed by its hash. */
export const signedInHtml = (statusCode: number, body: string, script?: string): ApiResult =>
  htmlPage(statusCode, body, { referrer: SIGNED_IN_PAGES.referrer, script });

/** The CSRF check of the signed-in pages' forms; the page says it in the browser's language. */
export function sameOriginOnly(request: ApiRequest): void {
  const language = browserLanguage(request);
  const words = wordsFor(language).messages;
  requireSameOrigin(request, () =>
    renderMessagePage({ language, title: words.refusedTitle, message: words.refusedBody, links: [{ href: '/settings', text: words.backToSettings }] }),
  );
}

/** The page a request asked for, as sign-in may return to it (its path and query). */
const pageAskedFor = (request: ApiRequest): string =>
  safeNext(`${request.event.rawPath}${request.event.rawQueryString ? `?${request.event.rawQueryString}` : ''}`);

export function createSignIn(sessions: Sessions) {
  /**
   * No valid session. A browser is sent through sign-in at the identity provider, and back to
   * `next`; any other client gets 401 (its page in the browser's language). A cookie that no
   * longer verifies (expired) is removed.
   */
  function signInFirst(request: ApiRequest, next: string, hadToken: boolean): ApiResult {
    const cookies = hadToken ? [sessions.cleared(request)] : [];
    const signInAt = `/sign-in?next=${encodeURIComponent(next)}`;
    if (wantsHtml(request, SIGNED_IN_PAGES.htmlFor)) return seeOther(signInAt, cookies);
    const detail = 'Sign in first: a valid session cookie or bearer token is required.';
    const language = browserLanguage(request);
    const words = wordsFor(language).signIn;
    const page = renderMessagePage({ language, title: words.requiredTitle, message: words.requiredBody, links: [{ href: signInAt, text: words.signIn }] });
    throw new PageRefusal(new HttpProblem(401, 'unauthorized', 'Unauthorized', detail), page, cookies);
  }

  /** A signed-in page: a visitor without a valid session signs in first, and comes back here. */
  function signedInPage(render: (request: ApiRequest, caller: Session) => Promise<ApiResult>): Route {
    return page(async (request) => {
      const { caller, hadToken } = await sessions.read(request);
      if (!caller) return signInFirst(request, pageAskedFor(request), hadToken);
      return render(request, caller);
    });
  }

  function adminOnly(render: (request: ApiRequest, caller: Session) => Promise<ApiResult>): Route {
    return signedInPage(async (request, caller) => {
      if (!isAdmin(caller)) {
        // Seen by members who follow a link here: in their browser's language, unlike the admin pages.
        const language = browserLanguage(request);
        const words = wordsFor(language).messages;
        const detail = 'This page needs the consent:admin scope. Your own settings are on the settings page.';
        const page = renderMessagePage({ language, title: words.adminsOnlyTitle, message: words.adminsOnlyBody, signedInAs: caller.sub, links: [{ href: '/settings', text: words.yourSettings }] });
        throw new PageRefusal(problems.forbidden(detail), page);
      }
      return render(request, caller);
    });
  }

  return { sessions, signInFirst, signedInPage, adminOnly };
}

export type SignIn = ReturnType<typeof createSignIn>;
