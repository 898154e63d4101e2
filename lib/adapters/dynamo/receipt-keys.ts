// The receipt-signing keys on the one table (layout in ./table.ts): RECEIPTKEY / <createdAt>#<kid>,
// one item per key ever made, never changed or removed, so that every receipt ever signed stays
// verifiable. Each holds the public key (the JWKS entry) and, for a KMS data key pair, its private
// key as KMS encrypted it; a local key's private half never leaves the local stack's state folder.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceiptKeyring, VerificationKey } from '../../app/ports/receipts.ts';
import { conditionally } from './errors.ts';
import { queryAll } from './query.ts';

export const RECEIPT_KEY = 'RECEIPTKEY';
/** What the JWKS reads of each key: never the encrypted private key. */
export const PUBLIC_ATTRIBUTES = ['pk', 'sk', 'kid', 'createdAt', 'publicKey'] as const;

export interface StoredReceiptKey {
  kid: string;
  createdAt: string;
  publicKey: VerificationKey;
  /** The private key (PKCS #8, DER) as KMS encrypted it, base64; absent for a local key. */
  encryptedPrivateKey?: string | undefined;
  /** The KMS key that encrypted it. */
  kmsKeyArn?: string | undefined;
}

const toKey = (item: Record<string, any>): StoredReceiptKey => ({
  kid: item.kid,
  createdAt: item.createdAt,
  publicKey: item.publicKey,
  encryptedPrivateKey: item.encryptedPrivateKey,
  kmsKeyArn: item.kmsKeyArn,
});

export class DynamoReceiptKeys implements ReceiptKeyring {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  /** Every key, oldest first (sort keys begin with the creation time); only the public parts unless asked. */
  async list(options: { withPrivate: boolean }): Promise<StoredReceiptKey[]> {
    const items = await queryAll(this.client, this.table, RECEIPT_KEY, undefined, options.withPrivate ? undefined : PUBLIC_ATTRIBUTES);
    return items.map(toKey);
  }

  /** Records a key once: 'exists' when that kid at that time is already there. */
  async put(key: StoredReceiptKey): Promise<'created' | 'exists'> {
    const written = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: RECEIPT_KEY, sk: `${key.createdAt}#${key.kid}`, ...key },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return written ? 'created' : 'exists';
  }

  async verificationKeys(): Promise<VerificationKey[]> {
    return (await this.list({ withPrivate: false })).reverse().map((key) => key.publicKey);
  }
}
