// The receipt seams. One signer port hides where the private key lives (a key generated into the
// local stack's state folder, or a KMS data key pair decrypted once per container); one keyring
// port publishes the public keys that verify what any signer ever signed.
import type { ReceiptClaims } from '../../domain/receipts.ts';

export interface ReceiptSigner {
  /** A compact JWS (ES256) over the claims, its header naming the key (kid). */
  sign(claims: ReceiptClaims): Promise<string>;
}

/** A public key as a JWKS publishes it (RFC 7517): P-256, for ES256 signatures. */
export interface VerificationKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface ReceiptKeyring {
  /** Every key that ever signed receipts, newest first: rotation adds a key and removes none. */
  verificationKeys(): Promise<VerificationKey[]>;
}
