// The pages people look at: sign-in, the member's settings, the admin dashboard and a campaign's
// live view. Public at API Gateway (browsers send no Authorization header on navigation); the
// session is verified here, and state-changing POSTs are checked for CSRF. Each route parses,
// calls one use case and renders.
import { NotFoundError } from '../lib/app/errors.ts';
import { createApiHandler, type ApiRequest, type ApiResult } from '../lib/web/api/framework.ts';
import { page as htmlPage, PageRefusal, pageRoute } from '../lib/web/pages/answers.ts';
import { isAdmin, type Caller } from '../lib/web/api/auth.ts';
import { atQuery, memberIdParam, policyIdParam } from '../lib/web/api/params.ts';
import {
  clearedSessionCookie,
  cookieValue,
  isSameOrigin,
  looksLikeJwt,
  safeNext,
  SESSION_COOKIE,
  sessionCookie,
  createTokenVerifier,
} from '../lib/web/pages/session.ts';
import { HttpProblem, invalidField, problems } from '../lib/web/api/problem.ts';
import { parseOrThrow } from '../lib/web/api/schemas.ts';
import { LIVE_SCRIPT, renderCampaign, renderDashboard } from '../lib/web/pages/admin.ts';
import { GPC_PROBE_SCRIPT, renderMessagePage, renderSettings, renderSignIn } from '../lib/web/pages/member.ts';
import { createPagesDeps } from '../lib/adapters/compose/pages.ts';
import { campaignView, dashboard } from '../lib/app/dashboard.ts';
import { loadSettings, saveChoice } from '../lib/app/settings.ts';

const deps = createPagesDeps();
const verifier = createTokenVerifier();

type Session = Caller & { expiresAt: number };

function redirect(location: string, cookies: string[] = []): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, cookies };
}

/** The caller, from a bearer header (scripts, tests) or the session cookie (browsers). */
async function session(request: ApiRequest): Promise<{ caller: Session | undefined; viaCookie: boolean; hadToken: boolean }> {
  const bearer = request.header('authorization')?.replace(/^Bearer\s+/i, '');
  const token = bearer || cookieValue(request.event.cookies, SESSION_COOKIE);
  if (!token) return { caller: undefined, viaCookie: false, hadToken: false };
  const caller = looksLikeJwt(token) ? await verifier.verify(token) : undefined;
  return { caller, viaCookie: !bearer, hadToken: true };
}

/** Sign in first: the form (401), and a cookie that no longer verifies is removed. */
function signInRequired(request: ApiRequest, next: string, error?: 'invalid' | 'expired_session'): PageRefusal {
  const problem = new HttpProblem(401, 'unauthorized', 'Unauthorized', error === 'invalid' ? 'The token was not accepted.' : 'Sign in with a valid token (session cookie or bearer header).');
  return new PageRefusal(problem, renderSignIn({ next, error }), error === 'expired_session' ? [clearedSessionCookie(request.header('host'))] : []);
}

/** `?token=` once: verified, stored in the session cookie, and removed from the address at once. */
async function signInWith(request: ApiRequest, token: string, next: string): Promise<ApiResult> {
  const caller = looksLikeJwt(token) ? await verifier.verify(token) : undefined;
  if (!caller) throw signInRequired(request, next, 'invalid');
  const maxAge = caller.expiresAt - Math.floor(Date.now() / 1000);
  return redirect(next, [sessionCookie(token, maxAge, request.header('host'))]);
}

/** CSRF: a POST authenticated by the cookie must come from this site's own pages. */
function requireSameOrigin(request: ApiRequest): void {
  if (isSameOrigin(request.event.headers)) return;
  const detail = 'This form must be sent from this site\'s own pages (origin check failed). Nothing was changed.';
  throw new PageRefusal(problems.forbidden(detail), renderMessagePage({ title: 'Request refused', message: detail, links: [{ href: '/settings', text: 'Back to your settings' }] }));
}

const TITLES: Record<number, string> = { 404: 'Not found', 503: 'Please try again in a moment' };
const page = (render: (request: ApiRequest) => Promise<ApiResult>) =>
  pageRoute(render, (problem) =>
    renderMessagePage({
      title: TITLES[problem.status] ?? (problem.status >= 500 ? 'Something went wrong' : 'That request was not understood'),
      message: problem.message,
      links: [{ href: '/settings', text: 'Your settings' }],
    }),
  );

/** A signed-in page: answers the sign-in form (401) to anyone without a valid session. */
function signedInPage(path: '/settings' | '/admin', render: (request: ApiRequest, caller: Session) => Promise<ApiResult>) {
  return page(async (request) => {
    const once = request.query('token');
    if (once !== undefined) return signInWith(request, once, path);
    const { caller, hadToken } = await session(request);
    if (!caller) throw signInRequired(request, path, hadToken ? 'expired_session' : undefined);
    return render(request, caller);
  });
}

function adminOnly(render: (request: ApiRequest, caller: Session) => Promise<ApiResult>) {
  return signedInPage('/admin', async (request, caller) => {
    if (!isAdmin(caller)) {
      const detail = 'This page needs the consent:admin scope. Your own settings are on the settings page.';
      throw new PageRefusal(problems.forbidden(detail), renderMessagePage({ title: 'Administrators only', message: detail, signedInAs: caller.sub, links: [{ href: '/settings', text: 'Your settings' }] }));
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

/** `?older=<n>.<purpose>` from the page's own "Show older choices" link; anything else shows the latest. */
function olderQuery(value: string | undefined): { purpose: string; position: number } | undefined {
  const match = /^([1-9][0-9]{0,14})\.(.+)$/.exec(value ?? '');
  return match ? { position: Number(match[1]), purpose: match[2]! } : undefined;
}

async function settingsPage(request: ApiRequest, caller: Session, extra: { saved?: 'granted' | 'denied'; stale?: boolean } = {}): Promise<ApiResult> {
  // Sec-GPC, or ?gpc=1 from the page's probe of navigator.globalPrivacyControl.
  const gpcSignal = request.header('sec-gpc') === '1' || request.query('gpc') === '1';
  const view = await loadSettings(deps, { memberId: caller.sub, gpcSignal, requestId: request.requestId, olderThan: olderQuery(request.query('older')) }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
    const detail = 'We have no member profile for the account you signed in with, so there is nothing to set here.';
    throw new PageRefusal(problems.notFound(detail), renderMessagePage({ title: 'No profile for this account', message: detail, signedInAs: caller.sub }));
  });
  if (extra.stale) {
    const detail = 'The setting was changed elsewhere after the page was loaded (If-Match failed); nothing was saved. Reload and choose again.';
    throw new PageRefusal(problems.conflict(detail), renderSettings({ view, ...extra }));
  }
  return htmlPage(200, renderSettings({ view, ...extra, probeGpc: !gpcSignal }), gpcSignal ? undefined : GPC_PROBE_SCRIPT);
}

export const handler = createApiHandler({
  'GET /sign-in': page(async (request) => {
    const next = safeNext(request.query('next'));
    const once = request.query('token');
    return once === undefined ? htmlPage(200, renderSignIn({ next })) : signInWith(request, once, next);
  }),

  'POST /sign-in': page(async (request) => {
    requireSameOrigin(request);
    const fields = form(request);
    return signInWith(request, (fields.get('token') ?? '').trim(), safeNext(fields.get('next')));
  }),

  'POST /sign-out': page(async (request) => {
    requireSameOrigin(request);
    return redirect('/sign-in', [clearedSessionCookie(request.header('host'))]);
  }),

  'GET /settings': signedInPage('/settings', async (request, caller) => {
    const saved = request.query('saved');
    return settingsPage(request, caller, saved === 'granted' || saved === 'denied' ? { saved } : {});
  }),

  'POST /settings': page(async (request) => {
    const { caller, viaCookie } = await session(request);
    if (!caller) throw signInRequired(request, '/settings', 'expired_session');
    if (viaCookie) requireSameOrigin(request);
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
    return htmlPage(200, renderDashboard({ adminSub: caller.sub, memberQuery, ...view }));
  }),

  'GET /admin/notices/{policyId}': adminOnly(async (request, caller) => {
    const policyId = request.path('policyId', policyIdParam);
    const { progress, deadLetters } = await campaignView(deps, policyId, request.query('campaignId'));
    return htmlPage(200, renderCampaign({ adminSub: caller.sub, progress, deadLetters }), progress.status === 'running' ? LIVE_SCRIPT : undefined);
  }),
});
