// Amazon Cognito's pre-token-generation trigger (event version 2, which may change access tokens),
// deployed only with the stack's own user pool (-c cognito=true): members of the admin group get
// the admin scope in their access token, and anyone else has it taken out, whatever they asked for.
// Cognito cannot grant a scope per group by itself.
import type { PreTokenGenerationV2TriggerHandler } from 'aws-lambda';
import { adminGroupConfig } from '../lib/config.ts';
import { adminScopeChanges } from '../lib/web/api/auth.ts';

const admin = adminGroupConfig();

export const handler: PreTokenGenerationV2TriggerHandler = async (event) => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: adminScopeChanges(groups, admin) } };
  return event;
};
