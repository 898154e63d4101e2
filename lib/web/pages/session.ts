// The pages' session. Browsers cannot send an Authorization header on navigation, and API
// Gateway's JWT authorizer reads only that header, so page routes are public at the gateway and
// the pages handler verifies the same JWT itself (same issuer, audience and keys as the
// authorizer), from the session cookie (the access token sign-in obtained, ./sign-in-routes.ts)
// or a bearer header. CSRF: the cookie is SameSite=Strict, and every state-changing POST must
// come from this origin (Origin, and Sec-Fetch-Site when sent).
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { sessionConfig, type SessionConfig } from '../../config.ts';
import { callerFromClaims, type Caller } from '../api/auth.ts';

export const SESSION_COOKIE = 'cl_session';

export interface TokenVerifier {
  /** The verified caller with the token's expiry (epoch seconds), or undefined for any bad token. */
  verify(token: string): Promise<(Caller & { expiresAt: number }) | undefined>;
}

/**
 * The audience check of API Gateway's JWT authorizer: `aud` must name the audience; a token
 * without `aud` (a Cognito access token) must carry it as `client_id`.
 */
export function audienceMatches(payload: JWTPayload, audience: string): boolean {
  if (payload.aud !== undefined) return [payload.aud].flat().includes(audience);
  return payload.client_id === audience;
}

/**
 * JWT_ISSUER and JWT_AUDIENCE as the authorizer's; the keys from JWT_JWKS (a JWKS document,
 * locally) or JWT_JWKS_URL (the identity provider's JWKS endpoint, fetched and cached by jose);
 * the member id claim and scope names the deployment configures (lib/web/api/auth.ts).
 */
export function createTokenVerifier(config: SessionConfig = sessionConfig()): TokenVerifier {
  const { issuer, audience, tokenNames } = config;
  const keys: JWTVerifyGetKey = 'jwks' in config.keys ? createLocalJWKSet(config.keys.jwks) : createRemoteJWKSet(config.keys.jwksUrl);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] });
        if (!audienceMatches(payload, audience)) return undefined;
        const caller = callerFromClaims(payload, tokenNames);
        return caller && { ...caller, expiresAt: payload.exp ?? 0 };
      } catch {
        return undefined;
      }
    },
  };
}

/** The value of cookie `name` from payload 2.0 `cookies` ("a=b" each). */
export function cookieValue(cookies: readonly string[] | undefined, name: string): string | undefined {
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0 && cookie.slice(0, eq).trim() === name) return cookie.slice(eq + 1).trim();
  }
  return undefined;
}

/** A JWT is three base64url parts; anything else is not worth verifying (nor storing in a cookie). */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) && token.length <= 8192;

/** Loopback hosts are served over plain http locally, where a Secure cookie would not be kept. */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

export function sessionCookie(token: string, maxAgeSeconds: number, host: string | undefined): string {
  const secure = isLoopbackHost(host) ? '' : '; Secure';
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

export const clearedSessionCookie = (host: string | undefined): string => sessionCookie('', 0, host);

/**
 * CSRF check for a POST: the browser's Origin names this host, and Sec-Fetch-Site (when the
 * browser sends it) says same-origin. A missing Origin fails: every current browser sends it on POST.
 */
export function isSameOrigin(headers: Readonly<Record<string, string | undefined>>): boolean {
  const origin = headers.origin;
  const host = headers.host;
  if (!origin || !host || origin === 'null') return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const fetchSite = headers['sec-fetch-site'];
  return originHost === host.toLowerCase() && (fetchSite === undefined || fetchSite === 'same-origin');
}

/**
 * The pages sign-in may land on: a signed-in page of ours (its path, and a query of its own),
 * never another site, nor anything a header or an attribute would read otherwise. Not the record's
 * download (a file, not a page to land on): the settings page, where its link is.
 */
const PAGE = /^(?:\/settings|\/settings\/erase|\/admin|\/admin\/notices\/[\w.:%-]{1,200})(?:\?[\w.:%=&+*~!$'(),;@/?-]{0,1000})?$/;

/** Where sign-in may send the member afterwards: the page asked for if it is one of ours, else the settings. */
export function safeNext(next: string | null | undefined): string {
  return next && PAGE.test(next) ? next : '/settings';
}
