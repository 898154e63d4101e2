// Who is calling, as the HTTP API JWT authorizer verified it, and what they may do.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { problems } from './problem.ts';

export const SCOPES = {
  admin: 'consent:admin',
  eligibilityRead: 'eligibility:read',
} as const;

export interface Caller {
  sub: string;
  scopes: ReadonlySet<string>;
}

/** Reads the verified claims; no claims means no authorizer ran, and we fail closed with 401. */
export function callerFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const jwt = event.requestContext?.authorizer?.jwt;
  const sub = jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw problems.unauthorized();
  // The authorizer passes scopes only for routes that require some; the claim is always there.
  const scopeClaim = jwt.claims.scope;
  const scopes = [...(jwt.scopes ?? []), ...(typeof scopeClaim === 'string' ? scopeClaim.split(' ') : [])];
  return { sub, scopes: new Set(scopes.filter((scope) => scope !== '')) };
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
