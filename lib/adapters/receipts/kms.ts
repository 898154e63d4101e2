// Receipt keys in AWS: P-256 data key pairs made by KMS under the stack's symmetric key. KMS signs
// a few hundred ECC requests a second at most, far below the 10,000 choice writes a second of the
// capacity plan, so KMS never signs a receipt: it makes the key pair once (npm run receipt:keys,
// which stores the public key and the encrypted private key in the table), and each container
// decrypts the newest private key once, at its cold start, then signs in-process.
import { DecryptCommand, GenerateDataKeyPairWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { clientCreated } from '../client-hooks.ts';
import type { DynamoReceiptKeys, StoredReceiptKey } from '../dynamo/receipt-keys.ts';
import { signingKeyOfPkcs8, verificationKeyOfSpki } from './keys.ts';
import { KeyReceiptSigner } from './signer.ts';

/**
 * Bound into every receipt key's ciphertext: Decrypt must name it, and the signers' grant allows
 * Decrypt only with it, so the grant decrypts receipt keys and nothing else under the same key.
 */
export const RECEIPT_KEY_CONTEXT = { use: 'consent-ledger-receipts' } as const;

/** Endpoint from the SDK's environment; the local stack has no KMS and never builds one. */
export function createKmsClient(): KMSClient {
  const client = new KMSClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
  return clientCreated({ service: 'KMS', client });
}

/**
 * A new receipt key: the pair made by KMS, the private key never leaving it in plaintext here
 * (GenerateDataKeyPairWithoutPlaintext: whoever provisions keys needs no Decrypt), ready to store.
 */
export async function generateReceiptKey(kms: KMSClient, kmsKeyId: string, now: Date): Promise<StoredReceiptKey> {
  const made = await kms.send(
    new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: kmsKeyId, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: RECEIPT_KEY_CONTEXT }),
  );
  if (!made.PublicKey || !made.PrivateKeyCiphertextBlob || !made.KeyId) throw new Error('KMS answered GenerateDataKeyPairWithoutPlaintext without a key pair');
  const publicKey = await verificationKeyOfSpki(made.PublicKey);
  return {
    kid: publicKey.kid,
    createdAt: now.toISOString(),
    publicKey,
    encryptedPrivateKey: Buffer.from(made.PrivateKeyCiphertextBlob).toString('base64'),
    kmsKeyArn: made.KeyId,
  };
}

/**
 * The container's signer: the newest key encrypted under `kmsKeyArn`, decrypted once (the only
 * KMS request a container makes). Keys made later are used by containers started later; the
 * JWKS publishes them all.
 */
export async function kmsReceiptSigner(kms: KMSClient, keys: Pick<DynamoReceiptKeys, 'list'>, kmsKeyArn: string): Promise<KeyReceiptSigner> {
  const newest = (await keys.list({ withPrivate: true })).filter((key) => key.kmsKeyArn === kmsKeyArn && key.encryptedPrivateKey !== undefined).at(-1);
  if (!newest) throw new Error(`no receipt-signing key encrypted under ${kmsKeyArn} in the table: make one with npm run receipt:keys`);
  const { Plaintext } = await kms.send(
    new DecryptCommand({ CiphertextBlob: Buffer.from(newest.encryptedPrivateKey!, 'base64'), KeyId: kmsKeyArn, EncryptionContext: RECEIPT_KEY_CONTEXT }),
  );
  if (!Plaintext) throw new Error(`KMS answered Decrypt of receipt key ${newest.kid} without a plaintext`);
  try {
    return await KeyReceiptSigner.of(await signingKeyOfPkcs8(Plaintext), newest.publicKey);
  } finally {
    // The imported key is not extractable; the bytes it came from need not stay in memory.
    Plaintext.fill(0);
  }
}
