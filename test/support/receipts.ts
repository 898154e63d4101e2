// Receipts in tests: a signer on a key made for the test run (the local stack's adapter, with the
// same code as the KMS one once its key is decrypted), and the key set that verifies it.
import type { JSONWebKeySet, JWK } from 'jose';
import { generateLocalReceiptKey, verificationKeyOfJwk } from '../../lib/adapters/receipts/keys.ts';
import { localReceiptSigner, type KeyReceiptSigner } from '../../lib/adapters/receipts/signer.ts';

export interface TestReceipts {
  signer: KeyReceiptSigner;
  jwks: JSONWebKeySet;
}

let shared: Promise<TestReceipts> | undefined;

/** One key for the whole file: making a P-256 key is quick, but every test needs one. */
export function testReceipts(): Promise<TestReceipts> {
  shared ??= (async () => {
    const privateJwk = await generateLocalReceiptKey();
    return { signer: await localReceiptSigner(privateJwk), jwks: { keys: [(await verificationKeyOfJwk(privateJwk)) as JWK] } };
  })();
  return shared;
}
