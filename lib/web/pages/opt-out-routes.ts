// The pages behind the one-click opt-out link in notice emails: GET shows, POST records. A link
// opens wherever it is clicked, so these answer HTML unless the client asks for JSON only; a link
// that cannot be used, or storage trouble, gets the friendly page (or its problem details). Pages
// speak the member's language: their profile's, else the browser's (Accept-Language).
import type { ChoiceDeps } from '../../app/deps.ts';
import { confirmOptOut, viewOptOut } from '../../app/opt-out.ts';
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { problems } from '../api/problem.ts';
import { browserLanguage, htmlPage, PageRefusal, pageRoutes, refusalAnswer, type PageFamily } from './framework.ts';
import { renderLinkError, renderOptOutDone, renderOptOutPage, type LinkErrorReason } from './opt-out.ts';

export const FORM_ACTION = '/v1/opt-out';

const STATUS: Record<LinkErrorReason, number> = { invalid: 400, expired: 410, unknown_member: 404, erased: 410, unavailable: 503 };

const DETAIL: Partial<Record<LinkErrorReason, string>> = { erased: 'The account of this opt-out link was erased; there is nothing to change.' };

function linkRefusal(request: ApiRequest, reason: LinkErrorReason): PageRefusal {
  const status = STATUS[reason];
  const detail = DETAIL[reason] ?? `The opt-out link is ${reason.replace('_', ' ')}; nothing was changed.`;
  const problem = status === 503 ? problems.serviceUnavailable(detail) : problems.linkRefused(status, reason, detail);
  // A link that cannot be used names no member whose profile could choose the language, and an
  // erased account has no locale any more: the browser's Accept-Language decides.
  return new PageRefusal(problem, renderLinkError({ locale: browserLanguage(request), reason }));
}

/** Storage trouble shows the friendly "try again" page; any other error is the API's problem+json. */
const LINK_PAGES: PageFamily = {
  htmlFor: 'unless-json-only',
  referrer: 'no-referrer',
  fallback: (problem, request) => (problem.status === 503 ? linkRefusal(request, 'unavailable') : undefined),
};

const linkError = (request: ApiRequest, reason: LinkErrorReason): ApiResult => refusalAnswer(request, LINK_PAGES, linkRefusal(request, reason));

function tokenFromForm(request: ApiRequest): string | undefined {
  if (request.contentType !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(request.text()).get('token') ?? undefined;
}

export function optOutRoutes(deps: ChoiceDeps, linkKey: Uint8Array): Record<string, Route> {
  return pageRoutes(LINK_PAGES, {
    'GET /v1/opt-out': async (request) => {
      const token = request.query('token');
      if (!token) return linkError(request, 'invalid');
      const viewed = await viewOptOut(deps, linkKey, token, request.header('accept-language'));
      if (!viewed.ok) return linkError(request, viewed.problem);
      const view = viewed.value;
      return htmlPage(200, renderOptOutPage({
        locale: view.language,
        setting: view.setting,
        purposeDescription: view.description,
        currentChoice: view.currentChoice,
        effectiveAt: view.effectiveAt,
        token,
        formAction: FORM_ACTION,
      }));
    },

    'POST /v1/opt-out': async (request) => {
      const token = tokenFromForm(request);
      if (!token) return linkError(request, 'invalid');
      const confirmed = await confirmOptOut(deps, linkKey, token, request.requestId, request.header('accept-language'));
      if (!confirmed.ok) return linkError(request, confirmed.problem);
      const { view, at, alreadyOff, receipt } = confirmed.value;
      return htmlPage(200, renderOptOutDone({ locale: view.language, setting: view.setting, at, alreadyOff, receipt }));
    },
  });
}
