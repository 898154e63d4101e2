// Dependencies of the public function: the receipt keys it publishes, read from the table on each
// call, so a key stored by a rotation is published at once. No KMS here: nothing is decrypted.
import { tableConfig } from '../../config.ts';
import type { ReceiptKeyring } from '../../app/ports/receipts.ts';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoReceiptKeys } from '../dynamo/receipt-keys.ts';

export function createReceiptKeyring(): ReceiptKeyring {
  return new DynamoReceiptKeys(createDocumentClient(), tableConfig().tableName);
}
