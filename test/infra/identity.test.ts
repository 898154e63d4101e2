// Who signs people in, in the synthesized template: an existing issuer given as parameters, under
// the contract's token names or other ones (-c memberIdClaim, adminScope, eligibilityScope), or the
// stack's own Cognito user pool (-c cognito=true) with its hosted sign-in, the pages' client, the
// resource server's scopes and the trigger that grants the admin scope to the admin group. The
// JWT authorizer's route scopes and the handlers' names agree in each. Bundling is skipped: the
// main stack test bundles every function already.
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app.ts';
import { ROUTES } from '../../lib/web/api/routes.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

function synth(context: Record<string, unknown>) {
  const { app, stack } = createApp(mkdtempSync(join(tmpdir(), 'cdk-identity-')), { 'aws:cdk:bundling-stacks': [], ...context });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const parameters = Object.keys(template.toJSON().Parameters ?? {});
  const one = (type: string, prefix: string): [string, Resource] => {
    const found = Object.entries(resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
    expect(found, `${type} ${prefix}`).toHaveLength(1);
    return found[0]!;
  };
  const env = (fn: string) => one('AWS::Lambda::Function', `${fn}Function`)[1].Properties.Environment.Variables as Record<string, unknown>;
  const routeScopes = (method: string, path: string) =>
    Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `${method} ${path}`)!.Properties.AuthorizationScopes;
  return { app, template, resources, parameters, one, env, routeScopes };
}

describe('an existing issuer, its tokens naming the member id claim and the scopes otherwise', () => {
  const { env, routeScopes, parameters, app } = synth({ memberIdClaim: 'custom:member_id', adminScope: 'ledger/consent:admin', eligibilityScope: 'ledger/eligibility:read' });

  it('requires the route scopes under those names at the JWT authorizer', () => {
    for (const route of ROUTES.filter((candidate) => candidate.scopes)) {
      const expected = route.scopes!.map((scope) => `ledger/${scope}`);
      expect(routeScopes(route.method, route.path), `${route.method} ${route.path}`).toEqual(expected);
    }
  });

  it('tells every function that reads callers the same names', () => {
    for (const fn of ['Admin', 'Consents', 'Eligibility', 'Pages']) {
      expect(env(fn), fn).toMatchObject({ MEMBER_ID_CLAIM: 'custom:member_id', ADMIN_SCOPE: 'ledger/consent:admin', ELIGIBILITY_SCOPE: 'ledger/eligibility:read' });
    }
  });

  it('takes the issuer and the pages\' client as parameters, and signs out at the provider only where its discovery document says how', () => {
    expect(parameters).toEqual(expect.arrayContaining(['JwtIssuer', 'JwtAudience', 'JwtJwksUrl', 'OidcClientId', 'OidcScope']));
    expect(env('Pages')).toMatchObject({
      JWT_ISSUER: { Ref: 'JwtIssuer' },
      OIDC_CLIENT_ID: { Ref: 'OidcClientId' },
      OIDC_SCOPE: { Ref: 'OidcScope' },
      OIDC_REDIRECT_URI: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] }, '/sign-in/callback']] },
      OIDC_LOGOUT_URL: '',
    });
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
  });
});

describe('the stack\'s own Cognito user pool (-c cognito=true)', () => {
  const { one, env, routeScopes, parameters, resources, app } = synth({ cognito: 'true', cognitoDomainPrefix: 'consent-ledger-example' });
  const [poolId, pool] = one('AWS::Cognito::UserPool', 'SignInMembers');
  const [clientId, client] = one('AWS::Cognito::UserPoolClient', 'SignInMembersPages');
  const [triggerId] = one('AWS::Lambda::Function', 'AdminScopeFunction');

  it('is a pool an operator fills (member id as username, case-sensitive), on Essentials for the trigger, kept when the stack goes', () => {
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: true },
      UserPoolTier: 'ESSENTIALS',
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
    expect(pool.DeletionPolicy).toBe('Retain');
    one('AWS::Cognito::UserPoolDomain', 'SignInMembersSignIn');
    expect(one('AWS::Cognito::UserPoolDomain', 'SignInMembersSignIn')[1].Properties.Domain).toBe('consent-ledger-example');
  });

  it('has the pages\' client: public (no secret), code flow only, openid only, back to the API\'s callback and signed-out page', () => {
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] }, '/sign-in/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] }, '/signed-out']] }],
    });
  });

  it('has a resource server with the contract\'s scopes, and the admin group', () => {
    expect(one('AWS::Cognito::UserPoolResourceServer', 'SignInMembersApi')[1].Properties).toMatchObject({
      Identifier: 'ledger',
      Scopes: [{ ScopeName: 'consent:admin' }, { ScopeName: 'eligibility:read' }].map((scope) => expect.objectContaining(scope)),
    });
    expect(one('AWS::Cognito::UserPoolGroup', 'SignInMembersAdmins')[1].Properties.GroupName).toBe('consent-ledger-admins');
  });

  it('grants the admin scope by group through a version 2 pre-token-generation trigger, which may do nothing else', () => {
    expect(pool.Properties.LambdaConfig.PreTokenGenerationConfig).toEqual({ LambdaArn: { 'Fn::GetAtt': [triggerId, 'Arn'] }, LambdaVersion: 'V2_0' });
    expect(env('AdminScope')).toEqual({ ADMIN_GROUP: 'consent-ledger-admins', ADMIN_SCOPE: 'ledger/consent:admin' });
    const [roleId] = one('AWS::IAM::Role', 'AdminScopeRole');
    const actions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    const invoke = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'cognito-idp.amazonaws.com')!;
    expect(invoke.Properties).toMatchObject({ FunctionName: { 'Fn::GetAtt': [triggerId, 'Arn'] }, SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] } });
    one('AWS::CloudWatch::Alarm', 'AdminScopeErrorsAlarm');
  });

  it('makes the JWT authorizer trust the pool (the pages\' client as audience: Cognito\'s client_id) and require its prefixed scopes', () => {
    const [, authorizer] = one('AWS::ApiGatewayV2::Authorizer', 'ApiJwtAuthorizer');
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      Audience: [{ Ref: clientId }],
    });
    expect(routeScopes('PUT', '/v1/policies/{policyId}')).toEqual(['ledger/consent:admin']);
    expect(routeScopes('GET', '/v1/eligibility/{purpose}/{memberId}')).toEqual(['ledger/eligibility:read', 'ledger/consent:admin']);
    expect(parameters.filter((name) => /^(Jwt|Oidc)/.test(name))).toEqual([]);
  });

  it('tells the handlers Cognito\'s names, and the pages the pool, the client and Cognito\'s /logout', () => {
    for (const fn of ['Admin', 'Consents', 'Eligibility', 'Pages']) {
      expect(env(fn), fn).toMatchObject({ MEMBER_ID_CLAIM: 'username', ADMIN_SCOPE: 'ledger/consent:admin', ELIGIBILITY_SCOPE: 'ledger/eligibility:read' });
    }
    expect(env('Pages')).toMatchObject({
      JWT_ISSUER: { 'Fn::GetAtt': [poolId, 'ProviderURL'] },
      JWT_AUDIENCE: { Ref: clientId },
      OIDC_CLIENT_ID: { Ref: clientId },
      OIDC_SCOPE: 'openid',
      OIDC_LOGOUT_URL: { 'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^SignInMembersSignIn/) }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com/logout']] },
    });
  });

  it('passes the cdk-nag AwsSolutions checks, MFA and the Plus plan acknowledged with their reasons', () => {
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
    const acknowledged = JSON.stringify(app.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledged).toContain('AwsSolutions-COG2');
    expect(acknowledged).toContain('AwsSolutions-COG8');
  });

  it('refuses scope names of its own (the resource server names them), and a pool without a sign-in domain', () => {
    expect(() => synth({ cognito: 'true', cognitoDomainPrefix: 'x', adminScope: 'admin' })).toThrow('leave adminScope and eligibilityScope unset');
    expect(() => synth({ cognito: 'true' })).toThrow('cognitoDomainPrefix');
  });
});
