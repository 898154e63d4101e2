// Who the local identity provider is, and its keys: an RS256 key pair on disk and its JWKS (the
// provider, infra/local/identity-provider.ts, signs with them; the HTTP API emulator and the pages
// verify against them), and its identity (issuer, audience, the token names), which the stack
// writes beside the keys when it starts. `npm run token`, the tests, the demo and the benchmark read
// both to mint tokens the running stack accepts, as the provider would issue them, with no grant.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type JSONWebKeySet } from 'jose';
import { CONTRACT_TOKEN_NAMES, deployedScopes, type TokenNames } from '../../lib/web/api/auth.ts';

export const LOCAL_AUDIENCE = process.env.JWT_AUDIENCE ?? 'consent-ledger';
/** The provider's port when `npm start` is not told another (`--idp-port`, IDP_PORT). */
export const DEFAULT_IDP_PORT = 3001;
/** The provider's host: `localhost`, while the API is on 127.0.0.1, so the return trip is cross-site as in production. */
export const issuerAt = (port: number): string => `http://localhost:${port}`;
const KID = 'local-1';

export interface LocalIdentity {
  issuer: string;
  audience: string;
  tokenNames: TokenNames;
}

export interface LocalKeys {
  privateKeyPem: string;
  jwks: JSONWebKeySet;
  /** Who the stack that last started in this state folder says its provider is. */
  identity: LocalIdentity;
}

const identityPath = (stateDir: string) => join(stateDir, 'keys', 'identity.json');

/** Written by the stack once its provider listens. */
export function writeIdentity(stateDir: string, identity: LocalIdentity): void {
  mkdirSync(join(stateDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(identityPath(stateDir), JSON.stringify(identity, null, 2));
}

/** The identity the stack wrote, or the one `npm start` would have by default. */
export function readIdentity(stateDir: string): LocalIdentity {
  const path = identityPath(stateDir);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as LocalIdentity;
  return { issuer: issuerAt(DEFAULT_IDP_PORT), audience: LOCAL_AUDIENCE, tokenNames: CONTRACT_TOKEN_NAMES };
}

/** Loads the key pair from `stateDir/keys`, creating it on first use, with the identity it signs as. */
export async function ensureKeys(stateDir: string): Promise<LocalKeys> {
  const dir = join(stateDir, 'keys');
  const privatePath = join(dir, 'jwt-private.pem');
  const jwksPath = join(dir, 'jwks.json');
  if (!existsSync(privatePath) || !existsSync(jwksPath)) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(privatePath, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(jwksPath, JSON.stringify({ keys: [jwk] }, null, 2));
  }
  return {
    privateKeyPem: readFileSync(privatePath, 'utf8'),
    jwks: JSON.parse(readFileSync(jwksPath, 'utf8')) as JSONWebKeySet,
    identity: readIdentity(stateDir),
  };
}

/**
 * The `sub` a member's tokens carry. The member id itself when the member id claim is `sub`;
 * otherwise, as Cognito does, an opaque id of the provider's own (a UUID-shaped hash), so that
 * code reading `sub` where it should read the configured claim fails locally too.
 */
export function subjectOf(memberId: string, names: TokenNames): string {
  if (names.memberIdClaim === 'sub') return memberId;
  const hex = createHash('sha256').update(`local-subject:${memberId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface TokenRequest {
  /** The caller: a member id, or a service's client id. */
  sub: string;
  /** Space-separated; the contract's names are written as the deployment names them. */
  scope?: string | undefined;
  /** Seconds of validity; negative makes an expired token (for tests). */
  expiresInSeconds?: number;
  notBeforeSeconds?: number;
  issuer?: string;
  audience?: string;
}

export async function mintToken(keys: LocalKeys, request: TokenRequest): Promise<string> {
  const { issuer, audience, tokenNames } = keys.identity;
  const key = await importPKCS8(keys.privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {};
  const scopes = (request.scope ?? '').split(' ').filter((scope) => scope !== '');
  if (scopes.length > 0) claims.scope = deployedScopes(scopes, tokenNames).join(' ');
  if (tokenNames.memberIdClaim !== 'sub') claims[tokenNames.memberIdClaim] = request.sub;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setSubject(subjectOf(request.sub, tokenNames))
    .setIssuer(request.issuer ?? issuer)
    .setAudience(request.audience ?? audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.expiresInSeconds ?? 3600));
  if (request.notBeforeSeconds !== undefined) jwt.setNotBefore(now + request.notBeforeSeconds);
  return jwt.sign(key);
}
