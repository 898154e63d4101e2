// What the signed-in pages (sign-in, settings, admin) share: how they answer errors, sign-in with
// a token, and the guards that answer the sign-in form (401) or "administrators only" (403).
// Public at API Gateway (browsers send no Authorization header on navigation), so the session
// is verified here.
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { isAdmin } from '../api/auth.ts';
import { HttpProblem, problems } from '../api/problem.ts';
import type { Locale } from '../../email/messages.ts';
import { browserLanguage, htmlPage, PageRefusal, pageRoute, requireSameOrigin, seeOther, type PageFamily, type Session, type Sessions } from './framework.ts';
import { renderMessagePage, renderSignIn } from './member.ts';
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

export function createSignIn(sessions: Sessions) {
  /** Sign in first: the form (401), and a cookie that no longer verifies is removed. */
  function signInRequired(request: ApiRequest, next: string, error?: 'invalid' | 'expired_session'): PageRefusal {
    const problem = new HttpProblem(401, 'unauthorized', 'Unauthorized', error === 'invalid' ? 'The token was not accepted.' : 'Sign in with a valid token (session cookie or bearer header).');
    return new PageRefusal(problem, renderSignIn({ language: browserLanguage(request), next, error }), error === 'expired_session' ? [sessions.cleared(request)] : []);
  }

  /** `?token=` once: verified, stored in the session cookie, and removed from the address at once. */
  async function signInWith(request: ApiRequest, token: string, next: string): Promise<ApiResult> {
    const caller = await sessions.verify(token);
    if (!caller) throw signInRequired(request, next, 'invalid');
    return seeOther(next, [sessions.cookie(request, token, caller)]);
  }

  /** A signed-in page: answers the sign-in form (401) to anyone without a valid session. */
  function signedInPage(path: '/settings' | '/admin', render: (request: ApiRequest, caller: Session) => Promise<ApiResult>): Route {
    return page(async (request) => {
      const once = request.query('token');
      if (once !== undefined) return signInWith(request, once, path);
      const { caller, hadToken } = await sessions.read(request);
      if (!caller) throw signInRequired(request, path, hadToken ? 'expired_session' : undefined);
      return render(request, caller);
    });
  }

  function adminOnly(render: (request: ApiRequest, caller: Session) => Promise<ApiResult>): Route {
    return signedInPage('/admin', async (request, caller) => {
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

  return { sessions, signInRequired, signInWith, signedInPage, adminOnly };
}

export type SignIn = ReturnType<typeof createSignIn>;
