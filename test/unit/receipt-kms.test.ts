// The KMS side of receipts, on a mocked KMS client (there is no KMS emulator): a receipt key is
// a P-256 data key pair made under the stack's key with the receipts' encryption context; a
// container decrypts the newest one once and then signs in-process; the JWKS reads only the
// public halves from the table.
import { DecryptCommand, GenerateDataKeyPairWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { receiptClaims } from '../../lib/domain/receipts.ts';
import { DynamoReceiptKeys, PUBLIC_ATTRIBUTES, RECEIPT_KEY, type StoredReceiptKey } from '../../lib/adapters/dynamo/receipt-keys.ts';
import { verifyReceipt } from '../../lib/adapters/receipts/jws.ts';
import { generateReceiptKey, kmsReceiptSigner, RECEIPT_KEY_CONTEXT } from '../../lib/adapters/receipts/kms.ts';

const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);

/** A data key pair as KMS gives it: DER public key, and a "ciphertext" this test's Decrypt mock opens. */
function dataKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs8 = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const ciphertext = new Uint8Array(Buffer.concat([Buffer.from('sealed:'), Buffer.from(pkcs8)]));
  return { pkcs8, spki, ciphertext, jwk: publicKey.export({ format: 'jwk' }) as JWK };
}

/** Decrypt as KMS would: only ciphertexts of this key, under the receipts' context. */
function answerDecrypt(pairs: ReturnType<typeof dataKeyPair>[]) {
  kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; KeyId?: string; EncryptionContext?: Record<string, string> }) => {
    const pair = pairs.find((candidate) => Buffer.from(candidate.ciphertext).equals(Buffer.from(input.CiphertextBlob)));
    if (!pair || input.KeyId !== KMS_KEY || JSON.stringify(input.EncryptionContext) !== JSON.stringify(RECEIPT_KEY_CONTEXT)) {
      throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
    }
    return { KeyId: KMS_KEY, Plaintext: new Uint8Array(pair.pkcs8) };
  });
}

async function stored(pair: ReturnType<typeof dataKeyPair>, createdAt: string, kmsKeyArn = KMS_KEY): Promise<StoredReceiptKey> {
  kms.on(GenerateDataKeyPairWithoutPlaintextCommand).resolves({ KeyId: kmsKeyArn, KeyPairSpec: 'ECC_NIST_P256', PublicKey: pair.spki, PrivateKeyCiphertextBlob: pair.ciphertext });
  return generateReceiptKey(new KMSClient({}), kmsKeyArn, new Date(createdAt));
}

const claims = receiptClaims({
  memberId: 'alice', purpose: 'genai-training', sequence: 1, choice: 'denied', at: '2026-01-15T12:00:00.000Z', source: 'api', policyVersion: '2025-11-03',
  profiles: [{ from: '2024-01-01T00:00:00.000Z', country: 'FR' }],
});

beforeEach(() => kms.reset());

describe('generateReceiptKey', () => {
  it('asks KMS for a P-256 pair under the key, with the receipts\' encryption context, and no plaintext private key', async () => {
    const pair = dataKeyPair();
    const key = await stored(pair, '2026-01-01T00:00:00.000Z');
    const calls = kms.commandCalls(GenerateDataKeyPairWithoutPlaintextCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ KeyId: KMS_KEY, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: RECEIPT_KEY_CONTEXT });
    const thumbprint = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: pair.jwk.x!, y: pair.jwk.y! });
    expect(key).toEqual({
      kid: thumbprint,
      createdAt: '2026-01-01T00:00:00.000Z',
      publicKey: { kty: 'EC', crv: 'P-256', x: pair.jwk.x, y: pair.jwk.y, kid: thumbprint, alg: 'ES256', use: 'sig' },
      encryptedPrivateKey: Buffer.from(pair.ciphertext).toString('base64'),
      kmsKeyArn: KMS_KEY,
    });
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });
});

describe('kmsReceiptSigner', () => {
  it('decrypts the newest key of its KMS key once, with the context, and then signs without KMS', async () => {
    const [old, newest, foreign] = [dataKeyPair(), dataKeyPair(), dataKeyPair()];
    const keys = [
      await stored(old, '2026-01-01T00:00:00.000Z'),
      await stored(newest, '2026-02-01T00:00:00.000Z'),
      // Later, but under another KMS key (its ciphertext this container may not open), or with no private key stored.
      await stored(foreign, '2026-03-01T00:00:00.000Z', OTHER_KMS_KEY),
    ];
    const publicOnly = { ...keys[0]!, createdAt: '2026-04-01T00:00:00.000Z', encryptedPrivateKey: undefined, kmsKeyArn: undefined };
    answerDecrypt([old, newest]);
    const signer = await kmsReceiptSigner(new KMSClient({}), { list: async () => [...keys, publicOnly] }, KMS_KEY);
    expect(signer.kid).toBe(keys[1]!.kid);

    const receipts = await Promise.all(Array.from({ length: 100 }, () => signer.sign(claims)));
    const decrypts = kms.commandCalls(DecryptCommand);
    expect(decrypts).toHaveLength(1);
    const { CiphertextBlob, ...rest } = decrypts[0]!.args[0].input;
    expect(Buffer.from(CiphertextBlob!).equals(Buffer.from(newest.ciphertext))).toBe(true);
    expect(rest).toEqual({ KeyId: KMS_KEY, EncryptionContext: RECEIPT_KEY_CONTEXT });
    const jwks = { keys: keys.map((key) => key.publicKey as JWK) };
    for (const receipt of receipts.slice(0, 5)) expect(await verifyReceipt(receipt, jwks)).toEqual({ valid: true, claims, kid: keys[1]!.kid });
    // Every key stays in the set: a receipt of the older key still verifies.
    const older = await kmsReceiptSigner(new KMSClient({}), { list: async () => keys.slice(0, 1) }, KMS_KEY);
    expect(await verifyReceipt(await older.sign(claims), jwks)).toMatchObject({ valid: true, kid: keys[0]!.kid });
  });

  it('wipes the decrypted bytes it was given once the key is imported', async () => {
    const pair = dataKeyPair();
    const key = await stored(pair, '2026-01-01T00:00:00.000Z');
    let given: Uint8Array | undefined;
    kms.on(DecryptCommand).callsFake(() => ({ KeyId: KMS_KEY, Plaintext: (given = new Uint8Array(pair.pkcs8)) }));
    await kmsReceiptSigner(new KMSClient({}), { list: async () => [key] }, KMS_KEY);
    expect(given!.every((byte) => byte === 0)).toBe(true);
  });

  it('fails the cold start, naming the command to run, when no key was made under its KMS key', async () => {
    const foreign = await stored(dataKeyPair(), '2026-01-01T00:00:00.000Z', OTHER_KMS_KEY);
    await expect(kmsReceiptSigner(new KMSClient({}), { list: async () => [foreign] }, KMS_KEY)).rejects.toThrow(/no receipt-signing key encrypted under .* npm run receipt:keys/);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('fails the cold start when the stored public key is not the decrypted key\'s', async () => {
    const [pair, other] = [dataKeyPair(), dataKeyPair()];
    const key = { ...(await stored(pair, '2026-01-01T00:00:00.000Z')), publicKey: (await stored(other, '2026-01-01T00:00:00.000Z')).publicKey };
    answerDecrypt([pair]);
    await expect(kmsReceiptSigner(new KMSClient({}), { list: async () => [key] }, KMS_KEY)).rejects.toThrow(/does not match its public key/);
  });

  it('fails the cold start when KMS refuses (no grant, wrong context): nothing to sign with', async () => {
    const key = await stored(dataKeyPair(), '2026-01-01T00:00:00.000Z');
    kms.on(DecryptCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(kmsReceiptSigner(new KMSClient({}), { list: async () => [key] }, KMS_KEY)).rejects.toThrow('not allowed');
  });
});

describe('DynamoReceiptKeys', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  beforeEach(() => dynamo.reset());

  it('publishes only the public halves, newest first, and never asks for the encrypted private keys', async () => {
    const [a, b] = [await stored(dataKeyPair(), '2026-01-01T00:00:00.000Z'), await stored(dataKeyPair(), '2026-02-01T00:00:00.000Z')];
    const item = (key: StoredReceiptKey) => ({ pk: RECEIPT_KEY, sk: `${key.createdAt}#${key.kid}`, kid: key.kid, createdAt: key.createdAt, publicKey: key.publicKey });
    dynamo.on(QueryCommand).resolvesOnce({ Items: [item(a)], LastEvaluatedKey: { pk: RECEIPT_KEY, sk: 'x' } }).resolvesOnce({ Items: [item(b)] });
    const keys = new DynamoReceiptKeys(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'ledger');
    expect(await keys.verificationKeys()).toEqual([b.publicKey, a.publicKey]);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ TableName: 'ledger', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': RECEIPT_KEY } });
    expect(Object.values(queries[0]!.ExpressionAttributeNames!).sort()).toEqual([...PUBLIC_ATTRIBUTES].sort());
    expect(queries[1]!.ExclusiveStartKey).toEqual({ pk: RECEIPT_KEY, sk: 'x' });
  });
});
