// The member id claim and scope names a deployment configures (MEMBER_ID_CLAIM, ADMIN_SCOPE,
// ELIGIBILITY_SCOPE), translated to the contract's at the edge: how a caller is read from the
// JWT authorizer's claims, and which scopes the authorizer must require for a route.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { tokenNamesConfig } from '../../lib/config.ts';
import { adminScopeChanges, callerFrom, callerFromClaims, CONTRACT_TOKEN_NAMES, contractScopes, deployedScopes, type TokenNames } from '../../lib/web/api/auth.ts';
import { createApiHandler, json } from '../../lib/web/api/framework.ts';
import { logger } from '../../lib/log.ts';
import { ROUTES } from '../../lib/web/api/routes.ts';

const COGNITO: TokenNames = tokenNamesConfig({ MEMBER_ID_CLAIM: 'username', ADMIN_SCOPE: 'ledger/consent:admin', ELIGIBILITY_SCOPE: 'ledger/eligibility:read' });
const CUSTOM: TokenNames = { memberIdClaim: 'custom:member_id', scopes: { admin: 'ledger/consent:admin', eligibilityRead: 'ledger/eligibility:read' } };

describe('the names read from the environment', () => {
  it('are the contract\'s by default', () => {
    expect(tokenNamesConfig({})).toEqual(CONTRACT_TOKEN_NAMES);
    expect(tokenNamesConfig({ MEMBER_ID_CLAIM: '' })).toEqual(CONTRACT_TOKEN_NAMES);
  });

  it.each([
    [{ MEMBER_ID_CLAIM: 'member id' }, 'MEMBER_ID_CLAIM'],
    [{ ADMIN_SCOPE: 'a b' }, 'ADMIN_SCOPE'],
    [{ ELIGIBILITY_SCOPE: 'é' }, 'ELIGIBILITY_SCOPE'],
    [{ ADMIN_SCOPE: 'x', ELIGIBILITY_SCOPE: 'x' }, 'must differ'],
  ])('refuse %j', (env, named) => {
    expect(() => tokenNamesConfig(env)).toThrow(named);
  });
});

describe('a caller from a token\'s claims', () => {
  it.each([
    ['contract names', CONTRACT_TOKEN_NAMES, { sub: 'alice', scope: 'consent:admin' }, { sub: 'alice', scopes: ['consent:admin'] }],
    ['contract names, other scopes ignored', CONTRACT_TOKEN_NAMES, { sub: 'alice', scope: 'openid eligibility:read profile' }, { sub: 'alice', scopes: ['eligibility:read'] }],
    ['no scope claim', CONTRACT_TOKEN_NAMES, { sub: 'alice' }, { sub: 'alice', scopes: [] }],
    ['Cognito: username, prefixed scopes', COGNITO, { sub: '6f1c0e2a-uuid', username: 'alice', scope: 'openid ledger/consent:admin' }, { sub: 'alice', scopes: ['consent:admin'] }],
    ['Cognito: the contract\'s own name grants nothing', COGNITO, { sub: 'u', username: 'alice', scope: 'consent:admin eligibility:read' }, { sub: 'alice', scopes: [] }],
    ['Cognito: a service\'s client-credentials token, known by its sub', COGNITO, { sub: 'pipeline-client', scope: 'ledger/eligibility:read' }, { sub: 'pipeline-client', scopes: ['eligibility:read'] }],
    ['custom attribute claim', CUSTOM, { sub: 'u', 'custom:member_id': 'bruno', scope: 'ledger/eligibility:read ledger/consent:admin' }, { sub: 'bruno', scopes: ['consent:admin', 'eligibility:read'] }],
    ['custom claim empty: known by its sub', CUSTOM, { sub: 'u', 'custom:member_id': '' }, { sub: 'u', scopes: [] }],
  ])('%s', (_name, names, claims, expected) => {
    const caller = callerFromClaims(claims, names);
    expect({ sub: caller?.sub, scopes: [...(caller?.scopes ?? [])].sort() }).toEqual(expected);
  });

  it.each([
    ['no id at all', { scope: 'consent:admin' }],
    ['an empty sub', { sub: '' }],
    ['a non-string id', { sub: 42 }],
  ])('is none with %s', (_name, claims) => {
    expect(callerFromClaims(claims, CONTRACT_TOKEN_NAMES)).toBeUndefined();
  });

  it('maps granted scopes to the contract\'s, whatever order or extras', () => {
    expect([...contractScopes(['x', 'ledger/eligibility:read'], COGNITO)]).toEqual(['eligibility:read']);
  });
});

describe('the scopes the JWT authorizer requires', () => {
  it('are each route\'s contract scopes under the deployment\'s names', () => {
    expect(deployedScopes(['consent:admin'], CONTRACT_TOKEN_NAMES)).toEqual(['consent:admin']);
    expect(deployedScopes(['eligibility:read', 'consent:admin'], COGNITO)).toEqual(['ledger/eligibility:read', 'ledger/consent:admin']);
    const scoped = ROUTES.filter((route) => route.scopes);
    expect(scoped.length).toBeGreaterThan(0);
    for (const route of scoped) expect(deployedScopes(route.scopes!, COGNITO).every((scope) => scope.startsWith('ledger/'))).toBe(true);
  });
});

/** An event as API Gateway hands it on: claims flattened to strings, the route's scopes from the token. */
function authorized(routeKey: string, claims: Record<string, string>, scopes: string[] | null = null): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0', routeKey, rawPath: '/', rawQueryString: '', headers: {}, isBase64Encoded: false,
    requestContext: { requestId: 'r', routeKey, authorizer: { jwt: { claims, scopes } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
const context = { functionName: 'test', awsRequestId: 'r' } as Context;

describe('a handler under other names', () => {
  logger.setLogLevel('SILENT');
  const handler = createApiHandler(
    {
      'GET /v1/policies': async (request) => json(200, { caller: request.caller().sub, scopes: [...request.caller().scopes] }),
      'GET /v1/members/{memberId}': async (request) => json(200, { caller: request.caller().sub }),
    },
    CUSTOM,
  );

  it('reads the member id from the configured claim', async () => {
    const result = await handler(authorized('GET /v1/members/{memberId}', { sub: 'uuid-1', 'custom:member_id': 'alice' }), context);
    expect(JSON.parse(result.body!)).toEqual({ caller: 'alice' });
  });

  it('checks a route\'s scopes under the configured names: the renamed admin scope passes, the contract\'s own name does not', async () => {
    const admin = await handler(authorized('GET /v1/policies', { sub: 'u', 'custom:member_id': 'ops', scope: 'ledger/consent:admin' }, ['ledger/consent:admin']), context);
    expect(admin.statusCode).toBe(200);
    expect(JSON.parse(admin.body!)).toEqual({ caller: 'ops', scopes: ['consent:admin'] });
    const contractName = await handler(authorized('GET /v1/policies', { sub: 'u', 'custom:member_id': 'ops', scope: 'consent:admin' }, ['consent:admin']), context);
    expect(contractName.statusCode).toBe(403);
  });

  it('fails closed without claims', async () => {
    const event = authorized('GET /v1/members/{memberId}', {});
    delete (event.requestContext as { authorizer?: unknown }).authorizer;
    expect((await handler(event, context)).statusCode).toBe(401);
    expect(() => callerFrom(authorized('GET /x', { 'custom:member_id': '' }), CUSTOM)).toThrow();
  });
});

describe('the admin scope by group (the Cognito trigger\'s rule)', () => {
  const admin = { group: 'consent-ledger-admins', scope: 'ledger/consent:admin' };
  it.each([
    ['a member of the admin group', ['consent-ledger-admins'], { scopesToAdd: ['ledger/consent:admin'], scopesToSuppress: [] }],
    ['a member of it among others', ['readers', 'consent-ledger-admins'], { scopesToAdd: ['ledger/consent:admin'], scopesToSuppress: [] }],
    ['a member of no group (it is taken out even if asked for)', [], { scopesToAdd: [], scopesToSuppress: ['ledger/consent:admin'] }],
    ['a member of another group only', ['Consent-Ledger-Admins'], { scopesToAdd: [], scopesToSuppress: ['ledger/consent:admin'] }],
  ])('%s', (_name, groups, expected) => {
    expect(adminScopeChanges(groups, admin)).toEqual(expected);
  });

  it('is what the trigger answers Cognito (event version 2), for the group and scope its environment names', async () => {
    process.env.ADMIN_GROUP = 'consent-ledger-admins';
    process.env.ADMIN_SCOPE = 'ledger/consent:admin';
    const { handler } = await import('../../functions/admin-scope.ts');
    const event = (groups: string[]) => ({
      version: '2', triggerSource: 'TokenGeneration_HostedAuth', region: 'eu-west-1', userPoolId: 'eu-west-1_X', userName: 'alice',
      callerContext: { awsSdkVersion: 'x', clientId: 'pages' },
      request: { userAttributes: {}, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] }, scopes: ['openid'] },
      response: { claimsAndScopeOverrideDetails: {} },
    });
    const answer = (groups: string[]) => (handler as unknown as (e: unknown) => Promise<{ response: unknown }>)(event(groups)).then((result) => result.response);
    expect(await answer(['consent-ledger-admins'])).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ['ledger/consent:admin'], scopesToSuppress: [] } } });
    expect(await answer([])).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: [], scopesToSuppress: ['ledger/consent:admin'] } } });
    delete process.env.ADMIN_GROUP;
    delete process.env.ADMIN_SCOPE;
  });
});
