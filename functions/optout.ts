// The pages behind the one-click opt-out link in notice emails. GET shows; POST records.
import { createApiHandler, html, problemResponse, toProblem, type ApiRequest, type ApiResult } from '../lib/web/api/framework.ts';
import { problems } from '../lib/web/api/problem.ts';
import { loadLinkKey } from '../lib/adapters/secrets.ts';
import { renderLinkError, renderOptOutDone, renderOptOutPage, type LinkErrorReason } from '../lib/web/pages/opt-out.ts';
import { createDeps } from '../lib/adapters/compose/consents.ts';
import { confirmOptOut, viewOptOut } from '../lib/app/opt-out.ts';

const deps = createDeps();
const linkKey = await loadLinkKey();
const FORM_ACTION = '/v1/opt-out';

const STATUS: Record<LinkErrorReason, number> = { invalid: 400, expired: 410, unknown_member: 404, unavailable: 503 };

/** Browsers get a page; a client that asks for JSON only gets RFC 9457 problem details. */
function linkError(request: ApiRequest, reason: LinkErrorReason): ApiResult {
  const accept = request.header('accept') ?? '';
  if (/json/.test(accept) && !/html/.test(accept)) {
    const status = STATUS[reason];
    const detail = `The opt-out link is ${reason.replace('_', ' ')}; nothing was changed.`;
    return problemResponse(status === 503 ? problems.serviceUnavailable(detail) : problems.linkRefused(status, reason, detail));
  }
  const page = html(STATUS[reason], renderLinkError({ reason }));
  return reason === 'unavailable' ? { ...page, headers: { ...page.headers, 'retry-after': '1' } } : page;
}

/** Storage trouble shows the friendly "try again" page instead of a bare 503. */
async function withPages(request: ApiRequest, render: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await render();
  } catch (error) {
    if (toProblem(error).status === 503) return linkError(request, 'unavailable');
    throw error;
  }
}

function tokenFromForm(request: ApiRequest): string | undefined {
  if (request.contentType !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(request.text()).get('token') ?? undefined;
}

export const handler = createApiHandler({
  'GET /v1/opt-out': (request) =>
    withPages(request, async () => {
      const token = request.query('token');
      if (!token) return linkError(request, 'invalid');
      const viewed = await viewOptOut(deps, linkKey, token);
      if (!viewed.ok) return linkError(request, viewed.problem);
      const view = viewed.value;
      return html(200, renderOptOutPage({
        locale: view.locale,
        setting: view.setting,
        purposeDescription: view.description,
        currentChoice: view.currentChoice,
        effectiveAt: view.effectiveAt,
        token,
        formAction: FORM_ACTION,
      }));
    }),

  'POST /v1/opt-out': (request) =>
    withPages(request, async () => {
      const token = tokenFromForm(request);
      if (!token) return linkError(request, 'invalid');
      const confirmed = await confirmOptOut(deps, linkKey, token, request.requestId);
      if (!confirmed.ok) return linkError(request, confirmed.problem);
      const { view, at, alreadyOff } = confirmed.value;
      return html(200, renderOptOutDone({ locale: view.locale, setting: view.setting, at, alreadyOff }));
    }),
});
