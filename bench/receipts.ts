// What signing a receipt adds to a choice write, measured in one run. Counts come from the local
// stack's instrumentation: DynamoDB and KMS requests per write (signing is in-process; in AWS the
// key is decrypted once per container, never per write). Times: one sign() with the same adapter
// code and key type, in this process, against the p50 of a choice write through the API. Sizes:
// what the receipt adds to the answer, and to an Idempotency-Key's mark, which keeps it.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { JSONWebKeySet } from 'jose';
import { itemBytes, memberKey } from '../lib/adapters/dynamo/member-item.ts';
import { verifyReceipt } from '../lib/adapters/receipts/jws.ts';
import { generateLocalReceiptKey } from '../lib/adapters/receipts/keys.ts';
import { localReceiptSigner } from '../lib/adapters/receipts/signer.ts';
import { receiptClaims } from '../lib/domain/receipts.ts';
import { benchMemberId } from './population.ts';
import { localDynamo, percentile, round, sum, usage, type BenchContext } from './scenarios.ts';


async function put(ctx: BenchContext, memberId: string, choice: 'granted' | 'denied', key?: string) {
  const started = performance.now();
  const response = await fetch(`${ctx.baseUrl}/v1/members/${memberId}/consents/genai-training`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await ctx.tokens.member(memberId)}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ choice }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`PUT choice of ${memberId}: ${response.status} ${text.slice(0, 300)}`);
  return { ms: performance.now() - started, text, body: JSON.parse(text) as { receipt: string } };
}

/** `sign()` alone, as the functions run it (local key, same code as a decrypted KMS key): µs at p50 and p99. */
async function signTimes(samples: number): Promise<{ p50Us: number; p99Us: number }> {
  const signer = await localReceiptSigner(await generateLocalReceiptKey());
  const claims = receiptClaims({
    memberId: benchMemberId(1), purpose: 'genai-training', sequence: 12, choice: 'denied', at: new Date().toISOString(), source: 'api', policyVersion: '2025-11-03',
    profiles: [{ from: new Date(0).toISOString(), country: 'US', subdivision: 'US-CA' }],
  });
  for (let i = 0; i < 200; i++) await signer.sign(claims);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await signer.sign(claims);
    times.push((performance.now() - started) * 1000);
  }
  return { p50Us: round(percentile(times, 50), 1), p99Us: round(percentile(times, 99), 1) };
}

export async function receiptCost(ctx: BenchContext, writes: number, clients = 8) {
  const keyed = Math.max(1, Math.round(writes / 5));
  const members = (offset: number, count: number) => Array.from({ length: count }, (_, i) => benchMemberId((offset + i * 7) % ctx.members));
  const plainMembers = members(2_000, writes);
  const keyedMembers = members(3_000, keyed);
  // Warm: each function's container and its connections, so the times below are a warm write's.
  for (const memberId of members(4_000, clients)) await put(ctx, memberId, 'denied');

  await usage(ctx, true);
  const latencies: number[] = [];
  const answers: { text: string; receipt: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < writes) {
        const i = next++;
        const { ms, text, body } = await put(ctx, plainMembers[i]!, i % 2 ? 'granted' : 'denied');
        latencies.push(ms);
        answers.push({ text, receipt: body.receipt });
      }
    }),
  );
  const plain = await usage(ctx);

  await usage(ctx, true);
  const keyedReceipts: string[] = [];
  for (const [i, memberId] of keyedMembers.entries()) keyedReceipts.push((await put(ctx, memberId, 'denied', `bench-receipt-${i}`)).body.receipt);
  const keyedUsage = await usage(ctx);
  // A replay answers the stored receipt: check one, byte for byte.
  const replayed = await put(ctx, keyedMembers[0]!, 'denied', 'bench-receipt-0');

  // Every receipt verifies against the keys the stack publishes.
  const jwks = (await (await fetch(`${ctx.baseUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  const invalid = (await Promise.all(answers.map(({ receipt }) => verifyReceipt(receipt, jwks)))).filter((check) => !check.valid).length;

  const markBytes = await idempotencyMarkBytes(ctx, keyedMembers[0]!);
  const answerBytes = answers.map(({ text }) => Buffer.byteLength(text));
  const receiptBytes = answers.map(({ receipt }) => Buffer.byteLength(JSON.stringify({ receipt })) - 1);
  const signing = await signTimes(2_000);
  const writeP50Ms = round(percentile(latencies, 50));
  return {
    writes,
    keyedWrites: keyed,
    invalidReceipts: invalid,
    replayIdentical: keyedReceipts[0] === replayed.body.receipt,
    dynamoRequestsPerWrite: round(sum(plain, 'DynamoDB') / writes),
    kmsRequestsPerWrite: round(sum(plain, 'KMS') / writes),
    dynamoRequestsPerKeyedWrite: round(sum(keyedUsage, 'DynamoDB') / keyed),
    writeUnitsPerKeyedWrite: round(keyedUsage.writeUnits / keyed),
    writeP50Ms,
    writeP99Ms: round(percentile(latencies, 99)),
    sign: signing,
    signShareOfWriteP50: round(signing.p50Us / 1000 / writeP50Ms, 4),
    answerBytes: Math.round(percentile(answerBytes, 50)),
    receiptBytes: Math.round(percentile(receiptBytes, 50)),
    markBytes,
  };
}

/** The size of a member's Idempotency-Key mark with its stored answer and receipt, as DynamoDB weighs it. */
async function idempotencyMarkBytes(ctx: BenchContext, memberId: string): Promise<number> {
  const client = localDynamo(ctx);
  try {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mark)',
        ExpressionAttributeValues: { ':pk': { S: memberKey(memberId) }, ':mark': { S: 'I#' } },
      }),
    );
    return Math.max(0, ...(Items ?? []).map((item) => itemBytes(unmarshall(item))));
  } finally {
    client.destroy();
  }
}
