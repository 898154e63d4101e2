// The receipt signer of a container, built from its configuration: the local stack's key
// (RECEIPT_SIGNING_KEY), or the table's newest KMS data key pair, decrypted once here, at the cold
// start of each function that records choices.
import { receiptSigningConfig, tableConfig } from '../../config.ts';
import type { ReceiptSigner } from '../../app/ports/receipts.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoReceiptKeys } from '../dynamo/receipt-keys.ts';
import { createKmsClient, kmsReceiptSigner } from '../receipts/kms.ts';
import { localReceiptSigner } from '../receipts/signer.ts';

export async function createReceiptSigner(dynamo: DynamoDBDocumentClient): Promise<ReceiptSigner> {
  const config = receiptSigningConfig();
  if ('privateJwk' in config) return localReceiptSigner(config.privateJwk);
  const kms = createKmsClient();
  try {
    return await kmsReceiptSigner(kms, new DynamoReceiptKeys(dynamo, tableConfig().tableName), config.kmsKeyArn);
  } finally {
    // Its one request is made: no idle sockets kept for the container's lifetime.
    kms.destroy();
  }
}
