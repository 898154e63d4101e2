// Makes the key that signs choice receipts, or a new one (rotation), for a deployed table:
//
//   npm run receipt:keys -- --table NAME --kms-key ARN [--rotate] [--region REGION] [--endpoint URL]
//
// KMS makes a P-256 data key pair under the stack's key (the ReceiptKeyArn output); the public key
// and the encrypted private key are stored in the table, and the private key never leaves KMS in
// plaintext here. Without --rotate it makes a key only when the table has none under that KMS key
// (run it after every deploy, like policies:load); with --rotate it always adds one. Containers
// started afterwards sign with the newest; every key stays published, so old receipts verify.
//
//   npm run receipt:keys -- --local [--state-dir DIR] [--rotate]
//
// does the same for the local stack: a key pair in the state folder, used from its next start.
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../lib/adapters/dynamo/client.ts';
import { DynamoReceiptKeys } from '../lib/adapters/dynamo/receipt-keys.ts';
import { createKmsClient, generateReceiptKey } from '../lib/adapters/receipts/kms.ts';
import { addLocalReceiptKey, ensureLocalReceiptKeys } from './local/receipt-keys.ts';
import { defaultStateDir } from './paths.ts';

const USAGE =
  'usage: npm run receipt:keys -- --table NAME --kms-key ARN [--rotate] [--region REGION] [--endpoint URL]\n' +
  '       npm run receipt:keys -- --local [--state-dir DIR] [--rotate]';

type Options = { table?: string; 'kms-key'?: string; rotate?: boolean; region?: string; endpoint?: string; local?: boolean; 'state-dir'?: string };

async function local(options: Options): Promise<number> {
  const stateDir = options['state-dir'] ?? defaultStateDir();
  const before = await ensureLocalReceiptKeys(stateDir);
  const made = options.rotate ? await addLocalReceiptKey(stateDir) : undefined;
  for (const key of before) console.log(`receipt key ${key.privateJwk.kid}: made ${key.createdAt}`);
  if (made) console.log(`receipt key ${made.privateJwk.kid}: made now; it signs from the local stack's next start`);
  return 0;
}

async function deployed(options: Options & { table: string; 'kms-key': string }): Promise<number> {
  // The adapters' clients read the SDK's standard environment; the flags only fill it in.
  if (options.endpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB = options.endpoint;
  if (options.region) process.env.AWS_REGION = options.region;
  const dynamo = createDocumentClient();
  const kms = createKmsClient();
  try {
    const keys = new DynamoReceiptKeys(dynamo, options.table);
    const existing = await keys.list({ withPrivate: true });
    for (const key of existing) console.log(`receipt key ${key.kid}: made ${key.createdAt}${key.kmsKeyArn ? ` under ${key.kmsKeyArn}` : ' (public key only)'}`);
    const signing = existing.filter((key) => key.encryptedPrivateKey !== undefined && key.kmsKeyArn !== undefined);
    if (!options.rotate && signing.length > 0) {
      console.log('a signing key exists: nothing made (--rotate adds a new one)');
      return 0;
    }
    const key = await generateReceiptKey(kms, options['kms-key'], new Date());
    await keys.put(key);
    console.log(`receipt key ${key.kid}: made under ${key.kmsKeyArn}; containers started from now on sign with it`);
    return 0;
  } catch (error) {
    console.error(`could not make a receipt key in ${options.table}: ${(error as Error).message}`);
    return 1;
  } finally {
    dynamo.destroy();
    kms.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        table: { type: 'string' },
        'kms-key': { type: 'string' },
        rotate: { type: 'boolean', default: false },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        local: { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.local) return local(options);
  const { table, 'kms-key': kmsKey } = options;
  if (!table || !kmsKey) {
    console.error(`--table and --kms-key are required (or --local)\n${USAGE}`);
    return 2;
  }
  return deployed({ ...options, table, 'kms-key': kmsKey });
}

process.exitCode = await main(process.argv.slice(2));
