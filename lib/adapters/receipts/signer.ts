// A receipt signer holding its key in memory: the same code signs with a local key and with a
// decrypted KMS data key pair. Built once per container; each signature is in-process ECDSA, no
// request to anything, so signing adds no AWS request to a choice write.
import type { CryptoKey, JWK } from 'jose';
import type { ReceiptClaims } from '../../domain/receipts.ts';
import type { ReceiptSigner, VerificationKey } from '../../app/ports/receipts.ts';
import { signReceipt, verifyReceipt } from './jws.ts';
import { signingKeyOfJwk, verificationKeyOfJwk } from './keys.ts';

export class KeyReceiptSigner implements ReceiptSigner {
  readonly kid: string;
  private readonly key: CryptoKey;

  private constructor(key: CryptoKey, kid: string) {
    this.key = key;
    this.kid = kid;
  }

  /**
   * A signer for `key`, after proving that `publicKey` verifies what it signs: a key item whose
   * halves do not belong together fails the cold start, rather than every receipt later.
   */
  static async of(key: CryptoKey, publicKey: VerificationKey): Promise<KeyReceiptSigner> {
    const signer = new KeyReceiptSigner(key, publicKey.kid);
    const probe = await signer.sign({
      receiptId: '00000000-0000-8000-8000-000000000000',
      memberId: 'probe',
      purpose: 'probe',
      choice: 'denied',
      at: new Date(0).toISOString(),
      source: 'api',
      policyVersion: null,
      jurisdiction: null,
    });
    const check = await verifyReceipt(probe, { keys: [publicKey as JWK] });
    if (!check.valid) throw new Error(`receipt key ${publicKey.kid}: its private key does not match its public key (${check.reason})`);
    return signer;
  }

  sign(claims: ReceiptClaims): Promise<string> {
    return signReceipt(this.key, this.kid, claims);
  }
}

/** The local stack's signer: the private JWK generated into its state folder. */
export async function localReceiptSigner(privateJwk: JWK): Promise<KeyReceiptSigner> {
  return KeyReceiptSigner.of(await signingKeyOfJwk(privateJwk), await verificationKeyOfJwk(privateJwk));
}
