// Who is calling, as the HTTP API JWT authorizer verified it, and what they may do. The contract
// names the member id claim `sub` and the scopes `consent:admin` and `eligibility:read`; an
// identity provider may name them otherwise (Cognito: its own UUID in `sub`, scopes prefixed with
// the resource server's identifier), so a deployment configures the names its tokens use
// (TokenNames, from lib/config.ts) and they are translated here, at the edge: everything past a
// Caller speaks the contract's names.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { problems } from './problem.ts';

/** The contract's scopes, by role. */
export const SCOPES = {
  admin: 'consent:admin',
  eligibilityRead: 'eligibility:read',
} as const;

export type ScopeRole = keyof typeof SCOPES;

/** The names a deployment's tokens use for what the contract calls `sub` and its scopes. */
export interface TokenNames {
  /** The claim holding the member id (default `sub`; e.g. `username`, `custom:member_id`). */
  memberIdClaim: string;
  /** The scope each role is granted by (default the contract's own names). */
  scopes: Readonly<Record<ScopeRole, string>>;
}

export const CONTRACT_TOKEN_NAMES: TokenNames = { memberIdClaim: 'sub', scopes: SCOPES };

export interface Caller {
  /** The caller's id: the member id for a member (from the configured claim). */
  sub: string;
  /** The contract's scope names this caller holds. */
  scopes: ReadonlySet<string>;
}

/** The scope names a deployment's tokens carry for the contract's `scopes` (as its authorizer must require them). */
export function deployedScopes(scopes: readonly string[], names: TokenNames): string[] {
  return scopes.map((scope) => {
    const role = (Object.keys(SCOPES) as ScopeRole[]).find((candidate) => SCOPES[candidate] === scope);
    return role === undefined ? scope : names.scopes[role];
  });
}

/**
 * The contract's scopes a token's granted scopes amount to. Any other scope (openid, another
 * service's, even the contract's own name when the deployment renamed it) grants nothing here.
 */
export function contractScopes(granted: Iterable<string>, names: TokenNames): Set<string> {
  const held = new Set(granted);
  return new Set((Object.keys(SCOPES) as ScopeRole[]).filter((role) => held.has(names.scopes[role])).map((role) => SCOPES[role]));
}

/**
 * The caller a token's claims describe, or undefined without an id. A token without the member id
 * claim (a service's client-credentials token has no `username`) is known by its `sub`.
 */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>, names: TokenNames): Caller | undefined {
  const named = claims[names.memberIdClaim];
  const id = typeof named === 'string' && named !== '' ? named : claims.sub;
  if (typeof id !== 'string' || id === '') return undefined;
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  return { sub: id, scopes: contractScopes(scope, names) };
}

/** Reads the verified claims; no claims means no authorizer ran, and we fail closed with 401. */
export function callerFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer, names: TokenNames = CONTRACT_TOKEN_NAMES): Caller {
  const jwt = event.requestContext?.authorizer?.jwt;
  const claims = jwt?.claims;
  if (!claims) throw problems.unauthorized();
  // The authorizer passes scopes only for routes that require some; the claim is always there.
  const scope = [...(jwt.scopes ?? []), ...(typeof claims.scope === 'string' ? claims.scope.split(' ') : [])].join(' ');
  const caller = callerFromClaims({ ...claims, scope }, names);
  if (!caller) throw problems.unauthorized();
  return caller;
}

export const isAdmin = (caller: Caller): boolean => caller.scopes.has(SCOPES.admin);

/** A member may read and change only their own records; an admin may do anything. */
export function requireSelfOrAdmin(caller: Caller, memberId: string): void {
  if (caller.sub !== memberId && !isAdmin(caller)) {
    throw problems.forbidden('A member may only read and change their own records; other members need scope consent:admin.');
  }
}

export function requireAnyScope(caller: Caller, ...scopes: string[]): void {
  if (!scopes.some((scope) => caller.scopes.has(scope))) {
    throw problems.forbidden(`This route needs one of the scopes: ${scopes.join(', ')}.`);
  }
}

/** What an Amazon Cognito pre-token-generation trigger changes in an access token's scopes. */
export interface ScopeChanges {
  scopesToAdd: string[];
  scopesToSuppress: string[];
}

/**
 * The admin scope through group membership (Cognito cannot grant a scope per group itself): a
 * member of the admin group gets it; anyone else has it taken out, even if their client asked.
 */
export function adminScopeChanges(groups: readonly string[], admin: { group: string; scope: string }): ScopeChanges {
  return groups.includes(admin.group) ? { scopesToAdd: [admin.scope], scopesToSuppress: [] } : { scopesToAdd: [], scopesToSuppress: [admin.scope] };
}
