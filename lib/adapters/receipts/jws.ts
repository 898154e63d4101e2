// The receipt as it travels: a compact JWS (RFC 7515) over the claims as JSON, signed ES256, its
// header naming the key (kid) and the receipt's type. Signing and checking live together so the
// two cannot disagree; the signers, `npm run receipt:verify` and the tests all use this.
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type CryptoKey, type JSONWebKeySet } from 'jose';
import { CHOICE_SOURCES, CHOICES } from '../../domain/member.ts';
import type { ReceiptClaims } from '../../domain/receipts.ts';

export const RECEIPT_ALGORITHM = 'ES256';
/** Explicit typing (RFC 8725, 3.11): a receipt cannot pass for another kind of JWT, nor one for a receipt. */
export const RECEIPT_TYPE = 'consent-receipt+jwt';

export async function signReceipt(privateKey: CryptoKey, kid: string, claims: ReceiptClaims): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: RECEIPT_ALGORITHM, typ: RECEIPT_TYPE, kid })
    .sign(privateKey);
}

export type ReceiptCheck = { valid: true; claims: ReceiptClaims; kid: string } | { valid: false; reason: string };

const CLAIM_NAMES = ['receiptId', 'memberId', 'purpose', 'choice', 'at', 'source', 'policyVersion', 'jurisdiction'] as const;

function claimsProblem(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'the payload is not a JSON object';
  const claims = payload as Record<string, unknown>;
  const names = Object.keys(claims).sort();
  if (names.join() !== [...CLAIM_NAMES].sort().join()) return `the claims are not exactly ${CLAIM_NAMES.join(', ')}`;
  for (const name of ['receiptId', 'memberId', 'purpose', 'at'] as const) if (typeof claims[name] !== 'string') return `${name} is not a string`;
  for (const name of ['policyVersion', 'jurisdiction'] as const) if (claims[name] !== null && typeof claims[name] !== 'string') return `${name} is not a string or null`;
  if (!(CHOICES as readonly unknown[]).includes(claims.choice)) return 'choice is not granted or denied';
  if (!(CHOICE_SOURCES as readonly unknown[]).includes(claims.source)) return 'source is not a choice source';
  if (Number.isNaN(Date.parse(claims.at as string))) return 'at is not a time';
  return undefined;
}

/** Checks a receipt against a JWKS: signature by one of its keys, ES256, the receipt type, the claims' shape. */
export async function verifyReceipt(jws: string, jwks: JSONWebKeySet): Promise<ReceiptCheck> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.typ !== RECEIPT_TYPE) return { valid: false, reason: `the header's typ is not ${RECEIPT_TYPE}` };
    kid = header.kid;
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [RECEIPT_ALGORITHM] });
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    const problem = claimsProblem(claims);
    if (problem !== undefined) return { valid: false, reason: problem };
    return { valid: true, claims: claims as ReceiptClaims, kid: kid ?? '' };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return { valid: false, reason: `no published key matches kid ${kid ?? '(none)'}` };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { valid: false, reason: 'the signature does not verify' };
    return { valid: false, reason: `not a valid receipt (${error instanceof Error ? error.message : String(error)})` };
  }
}
