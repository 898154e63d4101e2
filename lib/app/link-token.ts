// One-click opt-out links: a signed token bound to member, purpose and policy version, with an
// expiry. HS256 JWTs: standard, inspectable, verified with the key that signed them.
import { errors, jwtVerify, SignJWT } from 'jose';

const AUDIENCE = 'consent-ledger:opt-out-link';

export interface LinkClaims {
  memberId: string;
  purpose: string;
  policyVersion: string;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

export async function signLinkToken(key: Uint8Array, claims: LinkClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ pur: claims.purpose, pv: claims.policyVersion })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.memberId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

export async function verifyLinkToken(key: Uint8Array, token: string, now: Date): Promise<LinkCheck> {
  try {
    const { payload } = await jwtVerify(token, key, {
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.pur !== 'string' || typeof payload.pv !== 'string') {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, claims: { memberId: payload.sub, purpose: payload.pur, policyVersion: payload.pv } };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
