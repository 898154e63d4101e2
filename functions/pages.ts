// The pages people look at: sign-in, the member's settings, the admin dashboard and a campaign's
// live view. Public at API Gateway (browsers send no Authorization header on navigation); the
// session is verified here, and state-changing POSTs are checked for CSRF. Each route parses,
// calls one use case and renders.
import { createApiHandler, html, toProblem, type ApiRequest, type ApiResult } from '../lib/http/api.ts';
import { isAdmin, type Caller } from '../lib/http/auth.ts';
import { atQuery, memberIdParam, policyIdParam } from '../lib/http/params.ts';
import {
  clearedSessionCookie,
  cookieValue,
  isSameOrigin,
  looksLikeJwt,
  safeNext,
  SESSION_COOKIE,
  sessionCookie,
  tokenVerifierFromEnv,
} from '../lib/http/page-session.ts';
import { invalidField } from '../lib/http/problem.ts';
import { parseOrThrow } from '../lib/http/schemas.ts';
import { logger } from '../lib/log.ts';
import { renderCampaign, renderDashboard } from '../lib/pages/admin-pages.ts';
import { renderMessagePage, renderSettings, renderSignIn } from '../lib/pages/member-pages.ts';
import { createPagesDeps } from '../lib/runtime-pages.ts';
import { campaignView, dashboard } from '../lib/services/dashboard.ts';
import { loadSettings, saveChoice } from '../lib/services/settings.ts';

const deps = createPagesDeps();
const verifier = tokenVerifierFromEnv();

type Session = Caller & { expiresAt: number };

function redirect(location: string, cookies: string[] = []): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, cookies };
}

const withCookies = (result: ApiResult, cookies: string[]): ApiResult => ({ ...result, cookies });

/** The caller, from a bearer header (scripts, tests) or the session cookie (browsers). */
async function session(request: ApiRequest): Promise<{ caller: Session | undefined; viaCookie: boolean; hadToken: boolean }> {
  const bearer = request.header('authorization')?.replace(/^Bearer\s+/i, '');
  const token = bearer || cookieValue(request.event.cookies, SESSION_COOKIE);
  if (!token) return { caller: undefined, viaCookie: false, hadToken: false };
  const caller = looksLikeJwt(token) ? await verifier.verify(token) : undefined;
  return { caller, viaCookie: !bearer, hadToken: true };
}

function signInPage(request: ApiRequest, next: string, error?: 'invalid' | 'expired_session'): ApiResult {
  const page = html(401, renderSignIn({ next, error }));
  // A cookie that no longer verifies is removed.
  return error === 'expired_session' ? withCookies(page, [clearedSessionCookie(request.header('host'))]) : page;
}

/** `?token=` once: verified, stored in the session cookie, and removed from the address at once. */
async function signInWith(request: ApiRequest, token: string, next: string): Promise<ApiResult> {
  const caller = looksLikeJwt(token) ? await verifier.verify(token) : undefined;
  if (!caller) return signInPage(request, next, 'invalid');
  const maxAge = caller.expiresAt - Math.floor(Date.now() / 1000);
  return redirect(next, [sessionCookie(token, maxAge, request.header('host'))]);
}

const forbiddenCrossSite = (): ApiResult =>
  html(403, renderMessagePage({ title: 'Request refused', message: 'This form must be sent from this site\'s own pages (origin check failed). Nothing was changed.', links: [{ href: '/settings', text: 'Back to your settings' }] }));

/** Runs a page route; errors become pages (never a bare 5xx body), naming the field and rule. */
function page(render: (request: ApiRequest) => Promise<ApiResult>) {
  return async (request: ApiRequest): Promise<ApiResult> => {
    try {
      return await render(request);
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) logger.error('page failed', { statusCode: problem.status, error: error as Error });
      const title = problem.status === 503 ? 'Please try again in a moment' : problem.status === 404 ? 'Not found' : problem.status >= 500 ? 'Something went wrong' : 'That request was not understood';
      const result = html(problem.status, renderMessagePage({ title, message: problem.message, links: [{ href: '/settings', text: 'Your settings' }] }));
      return { ...result, headers: { ...result.headers, ...problem.headers } };
    }
  };
}

/** A signed-in page: answers the sign-in form (401) to anyone without a valid session. */
function signedInPage(path: '/settings' | '/admin', render: (request: ApiRequest, caller: Session) => Promise<ApiResult>) {
  return page(async (request) => {
    const once = request.query('token');
    if (once !== undefined) return signInWith(request, once, path);
    const { caller, hadToken } = await session(request);
    if (!caller) return signInPage(request, path, hadToken ? 'expired_session' : undefined);
    return render(request, caller);
  });
}

function adminOnly(render: (request: ApiRequest, caller: Session) => Promise<ApiResult>) {
  return signedInPage('/admin', async (request, caller) => {
    if (!isAdmin(caller)) {
      return html(403, renderMessagePage({ title: 'Administrators only', message: 'This page needs the consent:admin scope. Your own settings are on the settings page.', signedInAs: caller.sub, links: [{ href: '/settings', text: 'Your settings' }] }));
    }
    return render(request, caller);
  });
}

function form(request: ApiRequest): URLSearchParams {
  if (request.contentType !== 'application/x-www-form-urlencoded') {
    throw invalidField('body', 'content_type', 'must be a form (application/x-www-form-urlencoded)');
  }
  return new URLSearchParams(request.text());
}

function formField(fields: URLSearchParams, name: string, pattern: RegExp, rule: string, detail: string): string {
  const value = fields.get(name);
  if (value === null || !pattern.test(value)) throw invalidField(`body.${name}`, rule, detail);
  return value;
}

/** A datetime-local value ("2026-01-01T10:00") is read as UTC; otherwise ISO 8601 as the API takes it. */
function atFromForm(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  return atQuery(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value}${value.length === 16 ? ':00' : ''}Z` : value);
}

async function settingsPage(request: ApiRequest, caller: Session, extra: { saved?: 'granted' | 'denied'; stale?: boolean } = {}): Promise<ApiResult> {
  const view = await loadSettings(deps, { memberId: caller.sub, gpcSignal: request.header('sec-gpc') === '1', requestId: request.requestId }).catch((error: unknown) => {
    if (toProblem(error).status === 404) return undefined;
    throw error;
  });
  if (!view) {
    return html(404, renderMessagePage({ title: 'No profile for this account', message: 'We have no member profile for the account you signed in with, so there is nothing to set here.', signedInAs: caller.sub }));
  }
  return html(extra.stale ? 409 : 200, renderSettings({ view, ...extra }));
}

export const handler = createApiHandler({
  'GET /sign-in': page(async (request) => {
    const next = safeNext(request.query('next'));
    const once = request.query('token');
    return once === undefined ? html(200, renderSignIn({ next })) : signInWith(request, once, next);
  }),

  'POST /sign-in': page(async (request) => {
    if (!isSameOrigin(request.event.headers)) return forbiddenCrossSite();
    const fields = form(request);
    return signInWith(request, (fields.get('token') ?? '').trim(), safeNext(fields.get('next')));
  }),

  'POST /sign-out': page(async (request) => {
    if (!isSameOrigin(request.event.headers)) return forbiddenCrossSite();
    return redirect('/sign-in', [clearedSessionCookie(request.header('host'))]);
  }),

  'GET /settings': signedInPage('/settings', async (request, caller) => {
    const saved = request.query('saved');
    return settingsPage(request, caller, saved === 'granted' || saved === 'denied' ? { saved } : {});
  }),

  'POST /settings': page(async (request) => {
    const { caller, viaCookie } = await session(request);
    if (!caller) return signInPage(request, '/settings', 'expired_session');
    if (viaCookie && !isSameOrigin(request.event.headers)) return forbiddenCrossSite();
    const fields = form(request);
    const choice = formField(fields, 'choice', /^(granted|denied)$/, 'enum', 'must be granted or denied') as 'granted' | 'denied';
    const purpose = formField(fields, 'purpose', /^[\w.:-]{1,128}$/, 'pattern', 'must name a purpose');
    const etag = formField(fields, 'etag', /^"\d+"$/, 'etag', 'must be the ETag the page was rendered with, e.g. "3"');
    const result = await saveChoice(deps, { memberId: caller.sub, purpose, choice, etag, requestId: request.requestId });
    // Post/redirect/get: a reload of the answer does not send the form again.
    return result.saved ? redirect(`/settings?saved=${choice}`) : settingsPage(request, caller, { stale: true });
  }),

  'GET /admin': adminOnly(async (request, caller) => {
    const memberQuery = request.query('member')?.trim() || undefined;
    const view = await dashboard(deps, {
      purpose: request.query('purpose'),
      at: atFromForm(request.query('at')),
      memberId: memberQuery === undefined ? undefined : parseOrThrow(memberIdParam, memberQuery, 'query.member'),
    });
    return html(200, renderDashboard({ adminSub: caller.sub, memberQuery, ...view }));
  }),

  'GET /admin/notices/{policyId}': adminOnly(async (request, caller) => {
    const policyId = request.path('policyId', policyIdParam);
    const { progress, deadLetters } = await campaignView(deps, policyId, request.query('campaignId'));
    return html(200, renderCampaign({ adminSub: caller.sub, progress, deadLetters }));
  }),
});
