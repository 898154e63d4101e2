// The keys that verify choice receipts, as GET /.well-known/jwks.json publishes them: every key
// that ever signed one, newest first, so that a receipt stays verifiable after any rotation.
import type { ReceiptKeyring, VerificationKey } from './ports/receipts.ts';

/**
 * How long verifiers may keep the key set. A key added by a rotation signs only in containers
 * started after it is stored, and a verifier that meets an unknown kid fetches the set again (as
 * jose's remote key sets do), so a cached set never makes a good receipt fail for long.
 */
export const RECEIPT_KEYS_MAX_AGE_SECONDS = 300;

export async function receiptKeys(keyring: ReceiptKeyring): Promise<{ keys: VerificationKey[] }> {
  return { keys: await keyring.verificationKeys() };
}
