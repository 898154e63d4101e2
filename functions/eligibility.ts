// The training pipeline's question: may this member's data be used for this purpose at time T?
import { createApiHandler, json } from '../lib/web/api/framework.ts';
import { atQuery, knownAtValue, memberIdParam, purposeParam } from '../lib/web/api/params.ts';
import { batchBody, parseInstant } from '../lib/web/api/schemas.ts';
import { createDeps } from '../lib/adapters/compose/consents.ts';
import { checkEligibility, checkEligibilityBatch } from '../lib/app/eligibility.ts';

const deps = createDeps();

export const handler = createApiHandler({
  'GET /v1/eligibility/{purpose}/{memberId}': async (request) => {
    const purpose = request.path('purpose', purposeParam);
    const memberId = request.path('memberId', memberIdParam);
    const knownAt = knownAtValue(request.query('knownAt'), deps.clock.now(), 'query.knownAt');
    return json(200, await checkEligibility(deps, purpose, memberId, { at: atQuery(request.query('at')), knownAt }));
  },

  'POST /v1/eligibility/{purpose}/batch': async (request) => {
    const purpose = request.path('purpose', purposeParam);
    const body = request.body(batchBody);
    const at = body.at === undefined ? undefined : parseInstant(body.at);
    const knownAt = knownAtValue(body.knownAt, deps.clock.now(), 'body.knownAt');
    return json(200, await checkEligibilityBatch(deps, purpose, body.memberIds, { at, knownAt }));
  },
});
