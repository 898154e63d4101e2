// The stack's own identity provider, when asked for (-c cognito=true): an Amazon Cognito user pool
// with its hosted sign-in, the pages' app client, a resource server with the two scopes, and an
// admin group whose members get the admin scope. Cognito names things its own way: `sub` is its own
// UUID (the member id is the `username`, unless configured otherwise) and a resource server's scopes
// carry its identifier as a prefix (`ledger/consent:admin`); the service is configured with those
// names (lib/web/api/auth.ts TokenNames) rather than having a trigger rewrite them. Cognito cannot
// grant a scope per group by itself: a pre-token-generation trigger (event version 2, on the
// Essentials feature plan) adds the admin scope for the admin group's members, and takes it out for
// anyone else.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolOperation,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { SCOPES, type ScopeRole } from '../lib/web/api/auth.ts';

export interface MemberPoolProps {
  /** The hosted sign-in's domain prefix: https://PREFIX.auth.REGION.amazoncognito.com (unique in the region). */
  domainPrefix: string;
  /** The resource server's identifier: the prefix of its scopes' names. */
  resourceServerId: string;
  /** The group whose members are administrators. */
  adminGroup: string;
  /** The pages' redirect address (…/sign-in/callback) and where sign-out returns (…/signed-out). */
  callbackUrl: string;
  signedOutUrl: string;
  /** The pre-token-generation trigger (functions/admin-scope.ts). */
  adminScopeTrigger: IFunction;
}

/** The scope names a Cognito resource server gives the contract's scopes: `IDENTIFIER/consent:admin`. */
export const cognitoScopes = (resourceServerId: string): Record<ScopeRole, string> => ({
  admin: `${resourceServerId}/${SCOPES.admin}`,
  eligibilityRead: `${resourceServerId}/${SCOPES.eligibilityRead}`,
});

export class MemberPool extends Construct {
  readonly pool: UserPool;
  readonly pagesClient: UserPoolClient;
  /** The issuer of its tokens, as the JWT authorizer checks it. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Cognito's sign-out address (/logout), which its discovery document does not name. */
  readonly logoutUrl: string;
  readonly signInDomain: string;

  constructor(scope: Construct, id: string, props: MemberPoolProps) {
    super(scope, id);
    this.pool = new UserPool(this, 'Members', {
      // Members are the platform's: an operator creates each user with the member id as username.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      // Member ids are case-sensitive (DOMAIN.md section 2): `Alice` is not `alice`.
      signInCaseSensitive: true,
      // Access token customization (the admin scope by group) needs Essentials or Plus.
      featurePlan: FeaturePlan.ESSENTIALS,
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // The users are state, like the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.pool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is offered to every member (TOTP) but not required: members reach their own consent settings, and an operator can require it by changing the pool to Mfa.REQUIRED.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Essentials, not Plus: Essentials has the access token customization the admin scope by group needs; Plus adds threat protection at a higher price per monthly active user. Choose Plus to enforce it.',
      },
    );
    this.pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, props.adminScopeTrigger, LambdaVersion.V2_0);
    this.pool.addGroup('Admins', { groupName: props.adminGroup, description: 'Consent Ledger administrators: their access tokens carry the admin scope' });

    const server = this.pool.addResourceServer('Api', {
      identifier: props.resourceServerId,
      userPoolResourceServerName: 'Consent Ledger API',
      scopes: (Object.keys(SCOPES) as ScopeRole[]).map((role) => new ResourceServerScope({ scopeName: SCOPES[role], scopeDescription: `Consent Ledger: ${SCOPES[role]}` })),
    });
    const domain = this.pool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.pagesClient = this.pool.addClient('Pages', {
      userPoolClientName: 'consent-ledger-pages',
      // A public client: authorization code with PKCE, no secret to keep.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // openid only: the admin scope is the trigger's to add, never the client's to ask for.
        scopes: [OAuthScope.OPENID],
        callbackUrls: [props.callbackUrl],
        logoutUrls: [props.signedOutUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // A page session lasts as long as its access token; then sign-in again, silent while the hosted sign-in's own session lasts.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
    });
    this.pagesClient.node.addDependency(server);

    this.issuer = this.pool.userPoolProviderUrl;
    this.jwksUrl = `${this.pool.userPoolProviderUrl}/.well-known/jwks.json`;
    this.signInDomain = domain.baseUrl();
    this.logoutUrl = `${domain.baseUrl()}/logout`;
  }
}
