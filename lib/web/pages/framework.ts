// The one way every page answers, on top of the API framework's routing: content negotiation
// (HTML for browsers, RFC 9457 problem+json for clients that do not ask for HTML), the page
// headers with the CSP of csp.ts (a page's inline script allowed by its hash), the session
// cookie, the CSRF origin check, and PageRefusal, a refusal that carries the page a browser sees.
import { memberLanguage, type Locale } from '../../email/messages.ts';
import { logger } from '../../log.ts';
import type { Caller } from '../api/auth.ts';
import { problemResponse, toProblem, type ApiRequest, type ApiResult, type Route } from '../api/framework.ts';
import { HttpProblem, problems } from '../api/problem.ts';
import { contentSecurityPolicy, HEADER_CSP } from './csp.ts';
import { clearedSessionCookie, cookieValue, isSameOrigin, looksLikeJwt, SESSION_COOKIE, sessionCookie, type TokenVerifier } from './session.ts';

/** A refusal with the page a browser should see instead of the problem details. */
export class PageRefusal extends HttpProblem {
  readonly page: string;
  readonly cookies: string[];

  constructor(problem: HttpProblem, page: string, cookies: string[] = []) {
    super(problem.status, problem.type.replace(/^urn:consent-ledger:problem:/, ''), problem.title, problem.message, {
      ...(problem.errors ? { errors: problem.errors } : {}),
      headers: problem.headers,
    });
    this.page = page;
    this.cookies = cookies;
  }
}

/**
 * Who is sent HTML.
 * - 'asked': the signed-in pages answer HTML only to a request that asks for text/html (browsers
 *   do on navigation and form posts; fetch() and curl ask for anything and get problem+json).
 * - 'unless-json-only': a link from an email opens wherever it is clicked, so it answers HTML
 *   unless the request asks for JSON and not HTML.
 */
export type HtmlFor = 'asked' | 'unless-json-only';

export function wantsHtml(request: ApiRequest, rule: HtmlFor): boolean {
  const accept = request.header('accept') ?? '';
  return rule === 'asked' ? /text\/html/i.test(accept) : !(/json/.test(accept) && !/html/.test(accept));
}

/**
 * 'no-referrer' for pages whose address carries a secret (opt-out links); 'same-origin' for
 * signed-in pages, whose links and forms must send the origin (see PageShell.referrer).
 */
export type Referrer = 'no-referrer' | 'same-origin';

/**
 * The language of a page shown before any member's profile is read (sign-in, errors, a link that
 * cannot be used): the one the browser asks for (Accept-Language), else en.
 */
export const browserLanguage = (request: ApiRequest): Locale => memberLanguage(undefined, request.header('accept-language')).language;

/** A page: never cached, never framed, never sniffed; `script`, its one inline script, allowed by hash. */
export function htmlPage(statusCode: number, body: string, options: { referrer?: Referrer | undefined; script?: string | undefined } = {}): ApiResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': options.referrer ?? 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': contentSecurityPolicy(options.script, HEADER_CSP),
    },
    body,
  };
}

/** 303 See Other: post/redirect/get, and after sign-in or sign-out. */
export function seeOther(location: string, cookies: string[] = []): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, cookies };
}

/** How a family of pages answers. */
export interface PageFamily {
  htmlFor: HtmlFor;
  referrer: Referrer;
  /**
   * The page shown for an error that is not a PageRefusal (in the language the request asks for);
   * undefined leaves the error to the API framework (problem+json to everyone).
   */
  fallback(problem: HttpProblem, request: ApiRequest): PageRefusal | undefined;
}

/** A refusal in the shape the caller reads: its page, or its problem details. */
export function refusalAnswer(request: ApiRequest, family: PageFamily, refusal: PageRefusal): ApiResult {
  const cookies = refusal.cookies.length ? { cookies: refusal.cookies } : {};
  if (!wantsHtml(request, family.htmlFor)) return { ...problemResponse(refusal), ...cookies };
  const answer = htmlPage(refusal.status, refusal.page, { referrer: family.referrer });
  return { ...answer, headers: { ...answer.headers, ...refusal.headers }, ...cookies };
}

/** Runs a page route: a refusal (or, through `fallback`, any error) is answered by refusalAnswer. */
export function pageRoute(family: PageFamily, render: Route): Route {
  return async (request) => {
    try {
      return await render(request);
    } catch (error) {
      const problem = toProblem(error);
      const refusal = error instanceof PageRefusal ? error : family.fallback(problem, request);
      if (refusal === undefined) throw error;
      if (problem.status >= 500) logger.error('page failed', { statusCode: problem.status, error: error as Error });
      else logger.info('page refused', { statusCode: problem.status, problemType: problem.type });
      return refusalAnswer(request, family, refusal);
    }
  };
}

/** Every route of a family run by pageRoute. */
export function pageRoutes(family: PageFamily, routes: Record<string, Route>): Record<string, Route> {
  return Object.fromEntries(Object.entries(routes).map(([key, route]) => [key, pageRoute(family, route)]));
}

export type Session = Caller & { expiresAt: number };

/** The session: from a bearer header (scripts, tests) or the session cookie (browsers). */
export function createSessions(verifier: TokenVerifier) {
  const verify = async (token: string) => (looksLikeJwt(token) ? verifier.verify(token) : undefined);
  return {
    verify,
    async read(request: ApiRequest): Promise<{ caller: Session | undefined; viaCookie: boolean; hadToken: boolean }> {
      const bearer = request.header('authorization')?.replace(/^Bearer\s+/i, '');
      const token = bearer || cookieValue(request.event.cookies, SESSION_COOKIE);
      if (!token) return { caller: undefined, viaCookie: false, hadToken: false };
      return { caller: await verify(token), viaCookie: !bearer, hadToken: true };
    },
    /** The cookie that keeps a verified token until it expires. */
    cookie: (request: ApiRequest, token: string, caller: Session): string =>
      sessionCookie(token, caller.expiresAt - Math.floor(Date.now() / 1000), request.header('host')),
    cleared: (request: ApiRequest): string => clearedSessionCookie(request.header('host')),
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** CSRF: a POST authenticated by the cookie must come from this site's own pages; `page` shows the refusal. */
export function requireSameOrigin(request: ApiRequest, page: (detail: string) => string): void {
  if (isSameOrigin(request.event.headers)) return;
  const detail = 'This form must be sent from this site\'s own pages (origin check failed). Nothing was changed.';
  throw new PageRefusal(problems.forbidden(detail), page(detail));
}
