// Sign-in, sign-out and the member's settings. Each route parses, calls one use case and renders;
// state-changing POSTs are checked for CSRF when the session came from the cookie.
import { NotFoundError } from '../../app/errors.ts';
import { loadSettings, saveChoice } from '../../app/settings.ts';
import type { RunDeps } from '../../app/training-runs.ts';
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { invalidField, problems } from '../api/problem.ts';
import { browserLanguage, PageRefusal, seeOther, type Session } from './framework.ts';
import { GPC_PROBE_SCRIPT, renderMessagePage, renderSettings, renderSignIn } from './member.ts';
import { safeNext } from './session.ts';
import { page, sameOriginOnly, signedInHtml, type SignIn } from './signed-in.ts';
import { wordsFor } from './words/words.ts';

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

/** `?older=<n>.<purpose>` from the page's own "Show older choices" link; anything else shows the latest. */
export function olderQuery(value: string | undefined): { purpose: string; position: number } | undefined {
  const match = /^([1-9][0-9]{0,14})\.(.+)$/.exec(value ?? '');
  return match ? { position: Number(match[1]), purpose: match[2]! } : undefined;
}

export function settingsRoutes(deps: RunDeps, { sessions, signInRequired, signInWith, signedInPage }: SignIn): Record<string, Route> {
  async function settingsPage(request: ApiRequest, caller: Session, extra: { saved?: 'granted' | 'denied'; stale?: boolean } = {}): Promise<ApiResult> {
    // Sec-GPC, or ?gpc=1 from the page's probe of navigator.globalPrivacyControl.
    const gpcSignal = request.header('sec-gpc') === '1' || request.query('gpc') === '1';
    const visit = { memberId: caller.sub, gpcSignal, acceptLanguage: request.header('accept-language'), requestId: request.requestId, olderThan: olderQuery(request.query('older')) };
    const view = await loadSettings(deps, visit).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      const detail = 'We have no member profile for the account you signed in with, so there is nothing to set here.';
      const language = browserLanguage(request);
      const words = wordsFor(language).messages;
      throw new PageRefusal(problems.notFound(detail), renderMessagePage({ language, title: words.noProfileTitle, message: words.noProfileBody, signedInAs: caller.sub }));
    });
    if (extra.stale) {
      const detail = 'The setting was changed elsewhere after the page was loaded (If-Match failed); nothing was saved. Reload and choose again.';
      throw new PageRefusal(problems.conflict(detail), renderSettings({ view, ...extra }));
    }
    return signedInHtml(200, renderSettings({ view, ...extra, probeGpc: !gpcSignal }), gpcSignal ? undefined : GPC_PROBE_SCRIPT);
  }

  return {
    'GET /sign-in': page(async (request) => {
      const next = safeNext(request.query('next'));
      const once = request.query('token');
      return once === undefined ? signedInHtml(200, renderSignIn({ language: browserLanguage(request), next })) : signInWith(request, once, next);
    }),

    'POST /sign-in': page(async (request) => {
      sameOriginOnly(request);
      const fields = form(request);
      return signInWith(request, (fields.get('token') ?? '').trim(), safeNext(fields.get('next')));
    }),

    'POST /sign-out': page(async (request) => {
      sameOriginOnly(request);
      return seeOther('/sign-in', [sessions.cleared(request)]);
    }),

    'GET /settings': signedInPage('/settings', async (request, caller) => {
      const saved = request.query('saved');
      return settingsPage(request, caller, saved === 'granted' || saved === 'denied' ? { saved } : {});
    }),

    'POST /settings': page(async (request) => {
      const { caller, viaCookie } = await sessions.read(request);
      if (!caller) throw signInRequired(request, '/settings', 'expired_session');
      if (viaCookie) sameOriginOnly(request);
      const fields = form(request);
      const choice = formField(fields, 'choice', /^(granted|denied)$/, 'enum', 'must be granted or denied') as 'granted' | 'denied';
      const purpose = formField(fields, 'purpose', /^[\w.:-]{1,128}$/, 'pattern', 'must name a purpose');
      const etag = formField(fields, 'etag', /^"\d+"$/, 'etag', 'must be the ETag the page was rendered with, e.g. "3"');
      const result = await saveChoice(deps, { memberId: caller.sub, purpose, choice, etag, requestId: request.requestId });
      // Post/redirect/get: a reload of the answer does not send the form again.
      return result.saved ? seeOther(`/settings?saved=${choice}`) : settingsPage(request, caller, { stale: true });
    }),
  };
}
