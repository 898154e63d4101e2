// Members' own consent records: read, change, history, the whole record (ISO/IEC TS 27560 shape).
import { createApiHandler, json, type ApiRequest } from '../lib/web/api/framework.ts';
import { isAdmin, requireSelfOrAdmin } from '../lib/web/api/auth.ts';
import { idempotencyKeyHeader, limitQuery, memberIdParam, purposeParam } from '../lib/web/api/params.ts';
import { choiceBody } from '../lib/web/api/schemas.ts';
import { settingsPageUrl } from '../lib/web/api/routes.ts';
import { createChoiceDeps } from '../lib/adapters/compose/consents.ts';
import { publicBaseUrlConfig } from '../lib/config.ts';
import { getConsentRecord } from '../lib/app/consent-record.ts';
import { getConsent, getHistory, HISTORY_PAGE_MAX, listConsents, setChoice } from '../lib/app/consents.ts';
import { memberExposure, RUN_PAGE_MAX } from '../lib/app/training-runs.ts';

const deps = await createChoiceDeps();
/** The consent record's withdrawal method: the settings page, where any choice can be changed. */
const withdrawalMethod = settingsPageUrl(publicBaseUrlConfig().publicBaseUrl);

function member(request: ApiRequest): string {
  const caller = request.caller();
  const memberId = request.path('memberId', memberIdParam);
  requireSelfOrAdmin(caller, memberId);
  return memberId;
}

export const handler = createApiHandler({
  'GET /v1/members/{memberId}/consents': async (request) => json(200, await listConsents(deps, member(request))),

  'GET /v1/members/{memberId}/consents/{purpose}': async (request) => {
    const memberId = member(request);
    const { consent, etag } = await getConsent(deps, memberId, request.path('purpose', purposeParam));
    return json(200, consent, { etag });
  },

  'PUT /v1/members/{memberId}/consents/{purpose}': async (request) => {
    const memberId = member(request);
    const purpose = request.path('purpose', purposeParam);
    const idempotencyKey = idempotencyKeyHeader(request.header('idempotency-key'));
    const { choice } = request.body(choiceBody);
    const caller = request.caller();
    const result = await setChoice(deps, {
      memberId,
      purpose,
      choice,
      // A member acting for themselves uses the API; an admin changing a member's choice is support.
      source: caller.sub === memberId || !isAdmin(caller) ? 'api' : 'support',
      actor: caller.sub,
      requestId: request.requestId,
      ifMatch: request.header('if-match'),
      idempotencyKey,
    });
    return json(200, { ...result.consent, receipt: result.receipt }, { etag: result.etag, ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) });
  },

  'GET /v1/members/{memberId}/consents/{purpose}/history': async (request) => {
    const memberId = member(request);
    const page = { limit: limitQuery(request.query('limit'), HISTORY_PAGE_MAX), cursor: request.query('cursor') };
    return json(200, await getHistory(deps, memberId, request.path('purpose', purposeParam), page));
  },

  'GET /v1/members/{memberId}/record': async (request) => {
    const memberId = member(request);
    const page = { withdrawalMethod, limit: limitQuery(request.query('limit'), HISTORY_PAGE_MAX), cursor: request.query('cursor') };
    return json(200, await getConsentRecord(deps, memberId, page));
  },

  'GET /v1/members/{memberId}/exposure': async (request) => {
    const memberId = member(request);
    const options = { purpose: request.query('purpose'), limit: limitQuery(request.query('limit'), RUN_PAGE_MAX), cursor: request.query('cursor') };
    return json(200, await memberExposure(deps, memberId, options));
  },
});
