// P-256 key material for receipts, whichever way it arrives: a local private JWK, or the DER a KMS
// data key pair comes in (SubjectPublicKeyInfo for the public key, PKCS #8 for the private one).
// A key's kid is its JWK thumbprint (RFC 7638): derived from the key, so it can never name another.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { VerificationKey } from '../../app/ports/receipts.ts';

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** The JWKS entry of a key's public half (a private JWK holds it too). */
export async function verificationKeyOfJwk(jwk: Pick<JWK, 'kty' | 'crv' | 'x' | 'y'>): Promise<VerificationKey> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError('a receipt key must be an EC P-256 key');
  }
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as const;
  return { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'ES256', use: 'sig' };
}

/** The JWKS entry of a public key given as DER SubjectPublicKeyInfo (as KMS returns it). */
export async function verificationKeyOfSpki(spki: Uint8Array): Promise<VerificationKey> {
  const key = await crypto.subtle.importKey('spki', spki, P256, true, ['verify']);
  return verificationKeyOfJwk((await crypto.subtle.exportKey('jwk', key)) as JWK);
}

/** A signing key from PKCS #8 DER (a decrypted KMS data key pair), not extractable once imported. */
export function signingKeyOfPkcs8(pkcs8: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, P256, false, ['sign']);
}

/** A signing key from a private JWK (the local stack's), not extractable once imported. */
export function signingKeyOfJwk(jwk: JWK): Promise<CryptoKey> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new TypeError('a receipt signing key must be a private EC P-256 JWK');
  const { kty, crv, x, y, d } = jwk;
  return crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, P256, false, ['sign']);
}

/** A new key pair for the local stack: the private JWK, its kid set. */
export async function generateLocalReceiptKey(): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const { kid } = await verificationKeyOfJwk(jwk);
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, d: jwk.d!, kid };
}
