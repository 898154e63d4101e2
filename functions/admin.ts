// Administration: member profiles (and their erasure) and policy versions.
import { createApiHandler, json } from '../lib/web/api/framework.ts';
import { requireSelfOrAdmin } from '../lib/web/api/auth.ts';
import { languageTagParam, memberIdParam, policyIdParam } from '../lib/web/api/params.ts';
import { announceBody, memberProfileSchema, policyBody, policyTranslationBody, toPolicyVersion } from '../lib/web/api/schemas.ts';
import { createAdminDeps } from '../lib/adapters/compose/notices.ts';
import { eraseMember } from '../lib/app/erasure.ts';
import { getMember, putMember } from '../lib/app/members.ts';
import { startCampaign } from '../lib/app/notices/campaign.ts';
import { campaignProgress } from '../lib/app/notices/progress.ts';
import { getPolicy, listPolicies, putPolicy, putPolicyTranslation } from '../lib/app/policies.ts';

const deps = createAdminDeps();
/** Checked by the service's clock: a birth date after today is refused. */
const memberProfileBody = memberProfileSchema(deps.clock);

export const handler = createApiHandler({
  'PUT /v1/members/{memberId}': async (request) => {
    const caller = request.caller();
    const memberId = request.path('memberId', memberIdParam);
    const profile = request.body(memberProfileBody);
    const { created, member } = await putMember(deps, memberId, profile, caller.sub, request.requestId);
    return json(created ? 201 : 200, member);
  },

  'GET /v1/members/{memberId}': async (request) => {
    const caller = request.caller();
    const memberId = request.path('memberId', memberIdParam);
    requireSelfOrAdmin(caller, memberId);
    return json(200, await getMember(deps, memberId));
  },

  'DELETE /v1/members/{memberId}': async (request) => {
    const caller = request.caller();
    const memberId = request.path('memberId', memberIdParam);
    requireSelfOrAdmin(caller, memberId);
    return json(200, await eraseMember(deps, memberId, caller.sub));
  },

  'PUT /v1/policies/{policyId}': async (request) => {
    const caller = request.caller();
    const policyId = request.path('policyId', policyIdParam);
    const policy = toPolicyVersion(policyId, request.body(policyBody));
    const { created, policy: view } = await putPolicy(deps, policy, caller.sub);
    return json(created ? 201 : 200, view);
  },

  'PUT /v1/policies/{policyId}/texts/{locale}': async (request) => {
    const caller = request.caller();
    const policyId = request.path('policyId', policyIdParam);
    const locale = request.path('locale', languageTagParam);
    const { created, translation } = await putPolicyTranslation(deps, policyId, locale, request.body(policyTranslationBody), caller.sub);
    return json(created ? 201 : 200, translation);
  },

  'GET /v1/policies': async () => json(200, await listPolicies(deps)),

  'GET /v1/policies/{policyId}': async (request) => json(200, await getPolicy(deps, request.path('policyId', policyIdParam))),

  'POST /v1/policies/{policyId}/notices': async (request) => {
    const caller = request.caller();
    const policyId = request.path('policyId', policyIdParam);
    if (request.event.body) request.body(announceBody);
    const campaign = await startCampaign(deps, policyId, caller.sub);
    return json(202, { campaignId: campaign.campaignId, policyId, status: 'running', startedAt: campaign.startedAt }, {
      location: `/v1/policies/${encodeURIComponent(policyId)}/notices?campaignId=${campaign.campaignId}`,
    });
  },

  'GET /v1/policies/{policyId}/notices': async (request) => {
    const policyId = request.path('policyId', policyIdParam);
    return json(200, await campaignProgress(deps, policyId, request.query('campaignId')));
  },
});
