// What the signed-in pages (settings, admin) share: how they answer errors, and the guards that
// send a visitor without a valid session through sign-in, back to the page asked for, or answer
// "administrators only" (403). Public at API Gateway (browsers send no Authorization header on
// navigation), so the session is verified here.
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { isAdmin } from '../api/auth.ts';
import { HttpProblem, problems } from '../api/problem.ts';
import { htmlPage, PageRefusal, pageRoute, requireSameOrigin, seeOther, wantsHtml, type PageFamily, type Session, type Sessions } from './framework.ts';
import { renderMessagePage } from './member.ts';
import { safeNext } from './session.ts';

const TITLES: Record<number, string> = { 404: 'Not found', 503: 'Please try again in a moment' };

/** HTML only to those who ask for it; any error without a page of its own gets the message page. */
export const SIGNED_IN_PAGES: PageFamily = {
  htmlFor: 'asked',
  referrer: 'same-origin',
  fallback: (problem) =>
    new PageRefusal(problem, renderMessagePage({
      title: TITLES[problem.status] ?? (problem.status >= 500 ? 'Something went wrong' : 'That request was not understood'),
      message: problem.message,
      links: [{ href: '/settings', text: 'Your settings' }],
    })),
};

export const page = (render: Route): Route => pageRoute(SIGNED_IN_PAGES, render);

/** A signed-in page's answer: its links and forms send the origin; `script` is allowed by its hash. */
export const signedInHtml = (statusCode: number, body: string, script?: string): ApiResult =>
  htmlPage(statusCode, body, { referrer: SIGNED_IN_PAGES.referrer, script });

/** The CSRF check of the signed-in pages' forms. */
export const sameOriginOnly = (request: ApiRequest): void =>
  requireSameOrigin(request, (detail) => renderMessagePage({ title: 'Request refused', message: detail, links: [{ href: '/settings', text: 'Back to your settings' }] }));

/** The page a request asked for, as sign-in may return to it (its path and query). */
export const pageAskedFor = (request: ApiRequest): string =>
  safeNext(`${request.event.rawPath}${request.event.rawQueryString ? `?${request.event.rawQueryString}` : ''}`);

export function createSignIn(sessions: Sessions) {
  /**
   * No valid session. A browser is sent through sign-in at the identity provider, and back to
   * `next`; any other client gets 401. A cookie that no longer verifies (expired) is removed.
   */
  function signInFirst(request: ApiRequest, next: string, hadToken: boolean): ApiResult {
    const cookies = hadToken ? [sessions.cleared(request)] : [];
    if (wantsHtml(request, SIGNED_IN_PAGES.htmlFor)) return seeOther(`/sign-in?next=${encodeURIComponent(next)}`, cookies);
    const detail = 'Sign in first: a valid session cookie or bearer token is required.';
    throw new PageRefusal(new HttpProblem(401, 'unauthorized', 'Unauthorized', detail), renderMessagePage({ title: 'Please sign in', message: detail, links: [{ href: `/sign-in?next=${encodeURIComponent(next)}`, text: 'Sign in' }] }), cookies);
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
        const detail = 'This page needs the consent:admin scope. Your own settings are on the settings page.';
        throw new PageRefusal(problems.forbidden(detail), renderMessagePage({ title: 'Administrators only', message: detail, signedInAs: caller.sub, links: [{ href: '/settings', text: 'Your settings' }] }));
      }
      return render(request, caller);
    });
  }

  return { sessions, signInFirst, signedInPage, adminOnly };
}

export type SignIn = ReturnType<typeof createSignIn>;
