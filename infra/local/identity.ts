// The local identity provider: an RS256 key pair on disk, its JWKS, and tokens signed with it.
// The HTTP API emulator verifies tokens against this JWKS exactly as the JWT authorizer would.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type JSONWebKeySet } from 'jose';

export const LOCAL_ISSUER = process.env.JWT_ISSUER ?? 'https://idp.consent-ledger.local/';
export const LOCAL_AUDIENCE = process.env.JWT_AUDIENCE ?? 'consent-ledger';
const KID = 'local-1';

export interface LocalKeys {
  privateKeyPem: string;
  jwks: JSONWebKeySet;
}

/** Loads the key pair from `stateDir/keys`, creating it on first use. */
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
  };
}

export interface TokenRequest {
  sub: string;
  scope?: string | undefined;
  /** Seconds of validity; negative makes an expired token (for tests). */
  expiresInSeconds?: number;
  notBeforeSeconds?: number;
  issuer?: string;
  audience?: string;
}

export async function mintToken(keys: LocalKeys, request: TokenRequest): Promise<string> {
  const key = await importPKCS8(keys.privateKeyPem, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {};
  if (request.scope !== undefined && request.scope !== '') claims.scope = request.scope;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(request.issuer ?? LOCAL_ISSUER)
    .setAudience(request.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.expiresInSeconds ?? 3600));
  if (request.notBeforeSeconds !== undefined) jwt.setNotBefore(now + request.notBeforeSeconds);
  return jwt.sign(key);
}
