// The local stack's receipt keys, in place of KMS data key pairs: P-256 key pairs generated into
// the state folder (keys/receipt-keys.json, newest last), the newest given to the signing
// functions as RECEIPT_SIGNING_KEY, and every public half stored in the table as the deployed
// keys are, so the JWKS route reads them the same way. A restart keeps them; a rotation adds one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { DynamoReceiptKeys } from '../../lib/adapters/dynamo/receipt-keys.ts';
import { generateLocalReceiptKey, verificationKeyOfJwk } from '../../lib/adapters/receipts/keys.ts';

export interface LocalReceiptKey {
  createdAt: string;
  privateJwk: JWK & { kid: string };
}

const keysFile = (stateDir: string) => join(stateDir, 'keys', 'receipt-keys.json');

function readKeys(stateDir: string): LocalReceiptKey[] {
  const file = keysFile(stateDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { keys: LocalReceiptKey[] }).keys : [];
}

/** Adds a new key, which signs from the next start on; the older ones stay published. */
export async function addLocalReceiptKey(stateDir: string, now = new Date()): Promise<LocalReceiptKey> {
  const keys = readKeys(stateDir);
  const key = { createdAt: now.toISOString(), privateJwk: await generateLocalReceiptKey() };
  mkdirSync(join(stateDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(keysFile(stateDir), JSON.stringify({ keys: [...keys, key] }, null, 2), { mode: 0o600 });
  return key;
}

/** The state folder's keys, oldest first, the first one made on first use. */
export async function ensureLocalReceiptKeys(stateDir: string): Promise<LocalReceiptKey[]> {
  if (readKeys(stateDir).length === 0) await addLocalReceiptKey(stateDir);
  return readKeys(stateDir);
}

/** Stores each key's public half in the table (those already there are left as they are). */
export async function publishLocalReceiptKeys(keys: readonly LocalReceiptKey[], store: Pick<DynamoReceiptKeys, 'put'>): Promise<void> {
  for (const key of keys) {
    const publicKey = await verificationKeyOfJwk(key.privateJwk);
    await store.put({ kid: publicKey.kid, createdAt: key.createdAt, publicKey });
  }
}
