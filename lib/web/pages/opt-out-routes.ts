// The pages behind the one-click opt-out link in notice emails: GET shows, POST records. A link
// opens wherever it is clicked, so these answer HTML unless the client asks for JSON only; a link
// that cannot be used, or storage trouble, gets the friendly page (or its problem details).
import type { ChoiceDeps } from '../../app/deps.ts';
import { confirmOptOut, viewOptOut } from '../../app/opt-out.ts';
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { problems } from '../api/problem.ts';
import { htmlPage, PageRefusal, pageRoutes, refusalAnswer, type PageFamily } from './framework.ts';
import { renderLinkError, renderOptOutDone, renderOptOutPage, type LinkErrorReason } from './opt-out.ts';

export const FORM_ACTION = '/v1/opt-out';

const STATUS: Record<LinkErrorReason, number> = { invalid: 400, expired: 410, unknown_member: 404, erased: 410, unavailable: 503 };

const DETAIL: Partial<Record<LinkErrorReason, string>> = { erased: 'The account of this opt-out link was erased; there is nothing to change.' };

/**
 * `locale`: the browser's Accept-Language. The page of an erased account has no member locale to
 * go by any more, and no other link error knows the member either.
 */
function linkRefusal(reason: LinkErrorReason, locale?: string): PageRefusal {
  const status = STATUS[reason];
  const detail = DETAIL[reason] ?? `The opt-out link is ${reason.replace('_', ' ')}; nothing was changed.`;
  const problem = status === 503 ? problems.serviceUnavailable(detail) : problems.linkRefused(status, reason, detail);
  return new PageRefusal(problem, renderLinkError({ reason, ...(locale === undefined ? {} : { locale }) }));
}

/** Storage trouble shows the friendly "try again" page; any other error is the API's problem+json. */
const LINK_PAGES: PageFamily = {
  htmlFor: 'unless-json-only',
  referrer: 'no-referrer',
  fallback: (problem) => (problem.status === 503 ? linkRefusal('unavailable') : undefined),
};

const linkError = (request: ApiRequest, reason: LinkErrorReason): ApiResult =>
  refusalAnswer(request, LINK_PAGES, linkRefusal(reason, request.header('accept-language')));

function tokenFromForm(request: ApiRequest): string | undefined {
  if (request.contentType !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(request.text()).get('token') ?? undefined;
}

export function optOutRoutes(deps: ChoiceDeps, linkKey: Uint8Array): Record<string, Route> {
  return pageRoutes(LINK_PAGES, {
    'GET /v1/opt-out': async (request) => {
      const token = request.query('token');
      if (!token) return linkError(request, 'invalid');
      const viewed = await viewOptOut(deps, linkKey, token);
      if (!viewed.ok) return linkError(request, viewed.problem);
      const view = viewed.value;
      return htmlPage(200, renderOptOutPage({
        locale: view.locale,
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
      const confirmed = await confirmOptOut(deps, linkKey, token, request.requestId);
      if (!confirmed.ok) return linkError(request, confirmed.problem);
      const { view, at, alreadyOff, receipt } = confirmed.value;
      return htmlPage(200, renderOptOutDone({ locale: view.locale, setting: view.setting, at, alreadyOff, receipt }));
    },
  });
}
