// How the pages answer: HTML to browsers, RFC 9457 problem+json to any client that does not ask
// for HTML (scripts, the fuzzer), so a refusal always names its rule in the shape the caller reads.
import { logger } from '../../log.ts';
import { contentSecurityPolicy } from './layout.ts';
import { html, PAGE_CSP, problemResponse, toProblem, type ApiRequest, type ApiResult } from '../api/framework.ts';
import { HttpProblem } from '../api/problem.ts';

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
 * A signed-in page: its links and forms may send the origin (see PageShell.referrer). A page with
 * an inline script names it, so the CSP header allows that script (by hash) and nothing else.
 */
export function page(statusCode: number, body: string, script?: string): ApiResult {
  const result = html(statusCode, body);
  return {
    ...result,
    headers: { ...result.headers, 'referrer-policy': 'same-origin', 'content-security-policy': contentSecurityPolicy(script, PAGE_CSP) },
  };
}

/** Browsers ask for text/html on navigation and form posts; fetch() and curl ask for anything. */
export const wantsHtml = (request: ApiRequest): boolean => /text\/html/i.test(request.header('accept') ?? '');

/**
 * Runs a page route. A PageRefusal becomes its page for a browser; any other error becomes the
 * generic message page `fallback` renders; a client that does not ask for HTML gets problem+json.
 */
export function pageRoute(render: (request: ApiRequest) => Promise<ApiResult>, fallback: (problem: HttpProblem) => string) {
  return async (request: ApiRequest): Promise<ApiResult> => {
    try {
      return await render(request);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) logger.error('page failed', { statusCode: problem.status, error: error as Error });
      else logger.info('page refused', { statusCode: problem.status, problemType: problem.type });
      const cookies = error instanceof PageRefusal ? error.cookies : [];
      if (!wantsHtml(request)) return { ...problemResponse(problem), ...(cookies.length ? { cookies } : {}) };
      const answer = page(problem.status, error instanceof PageRefusal ? error.page : fallback(problem));
      return { ...answer, headers: { ...answer.headers, ...problem.headers }, ...(cookies.length ? { cookies } : {}) };
    }
  };
}
