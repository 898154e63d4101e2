// The training pipeline's questions: may this member's data be used for this purpose at time T,
// or under a registered training run? And the runs themselves. And the same answers as content
// servers tell crawlers: the member's Content-Usage value.
import { createApiHandler, json } from '../lib/web/api/framework.ts';
import { atQuery, exclusiveRunId, idempotencyKeyHeader, knownAtValue, limitQuery, memberIdParam, purposeParam, runIdParam } from '../lib/web/api/params.ts';
import { batchBody, parseInstant, runBody } from '../lib/web/api/schemas.ts';
import { createDeps } from '../lib/adapters/compose/consents.ts';
import { checkEligibility, checkEligibilityBatch } from '../lib/app/eligibility.ts';
import { memberContentUsage } from '../lib/app/content-usage.ts';
import { checkEligibilityBatchForRun, checkEligibilityForRun, getRun, listRuns, registerRun, RUN_PAGE_MAX } from '../lib/app/training-runs.ts';

const deps = createDeps();

export const handler = createApiHandler({
  'GET /v1/eligibility/{purpose}/{memberId}': async (request) => {
    const purpose = request.path('purpose', purposeParam);
    const memberId = request.path('memberId', memberIdParam);
    const runId = request.query('runId');
    exclusiveRunId(runId, { at: request.query('at'), knownAt: request.query('knownAt') }, 'query.runId');
    if (runId !== undefined) return json(200, await checkEligibilityForRun(deps, purpose, memberId, runId));
    const knownAt = knownAtValue(request.query('knownAt'), deps.clock.now(), 'query.knownAt');
    return json(200, await checkEligibility(deps, purpose, memberId, { at: atQuery(request.query('at')), knownAt }));
  },

  'POST /v1/eligibility/{purpose}/batch': async (request) => {
    const purpose = request.path('purpose', purposeParam);
    const body = request.body(batchBody);
    exclusiveRunId(body.runId, body, 'body.runId');
    if (body.runId !== undefined) return json(200, await checkEligibilityBatchForRun(deps, purpose, body.memberIds, body.runId));
    const at = body.at === undefined ? undefined : parseInstant(body.at);
    const knownAt = knownAtValue(body.knownAt, deps.clock.now(), 'body.knownAt');
    return json(200, await checkEligibilityBatch(deps, purpose, body.memberIds, { at, knownAt }));
  },

  'POST /v1/training-runs': async (request) => {
    const idempotencyKey = idempotencyKeyHeader(request.header('idempotency-key'));
    const body = request.body(runBody);
    const command = { ...body, snapshotAt: parseInstant(body.snapshotAt)!, registeredBy: request.caller().sub, idempotencyKey };
    const { run, replayed } = await registerRun(deps, command);
    return json(201, run, { location: `/v1/training-runs/${run.runId}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
  },

  'GET /v1/training-runs': async (request) =>
    json(200, await listRuns(deps, { limit: limitQuery(request.query('limit'), RUN_PAGE_MAX), cursor: request.query('cursor') })),

  'GET /v1/training-runs/{runId}': async (request) => json(200, await getRun(deps, request.path('runId', runIdParam))),

  // An empty value is an empty Dictionary, which a field does not carry (RFC 9651 section 4.1).
  'GET /v1/members/{memberId}/content-usage': async (request) => {
    const answer = await memberContentUsage(deps, request.path('memberId', memberIdParam));
    return json(200, answer, answer.contentUsage === '' ? {} : { 'content-usage': answer.contentUsage });
  },
});
