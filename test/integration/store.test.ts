// The DynamoDB adapter against DynamoDB Local: the hot path costs what the design promises.
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import { StorageUnavailableError } from '../../lib/app/errors.ts';
import { toProblem } from '../../lib/web/api/framework.ts';
import { checkEligibility, checkEligibilityBatch } from '../../lib/app/eligibility.ts';
import { getHistory, requestRef, setChoice } from '../../lib/app/consents.ts';
import { putMember } from '../../lib/app/members.ts';
import { PolicyCatalog } from '../../lib/app/policy-catalog.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { AwsUsage, instrument } from '../../infra/local/instrumentation/aws-usage.ts';
import { createDocumentClient } from '../../lib/adapters/dynamo/client.ts';
import { createServer, type AddressInfo } from 'node:net';
import { testReceipts } from '../support/receipts.ts';

const TABLE = 'consent-ledger';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const { signer } = await testReceipts();

function localDeps(endpoint = inject('dynamoDbEndpoint')) {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 2 });
  const usage = new AwsUsage();
  instrument(client, 'DynamoDB', usage);
  const counts = { clear: () => usage.reset(), get: (operation: string) => usage.operations('DynamoDB')[operation], all: () => usage.operations('DynamoDB'), readUnits: () => usage.readUnits, writeUnits: () => usage.writeUnits };
  const store = new DynamoStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), TABLE);
  const clock = fixedClock(new Date('2026-01-15T12:00:00Z'));
  const deps: ChoiceDeps = { store, clock, policies: new PolicyCatalog(store, clock, 60_000), receipts: signer };
  return { client, counts, deps };
}

const ids = Array.from({ length: 250 }, (_, i) => `store-${process.pid}-${i}`);

beforeAll(async () => {
  const { deps } = localDeps();
  for (const [i, id] of ids.entries()) {
    await putMember(deps, id, { email: `${i}@example.com`, country: i % 2 ? 'US' : 'FR' }, 'test', 'req');
  }
}, 60_000);

describe('read cost', () => {
  it('answers one member with one GetItem, whatever the time asked', async () => {
    const { deps, counts } = localDeps();
    await deps.policies.all();
    counts.clear();
    await checkEligibility(deps, 'genai-training', ids[0]!, new Date('2025-01-01T00:00:00Z'));
    await checkEligibility(deps, 'genai-training', ids[1]!, undefined);
    expect(counts.all()).toEqual({ GetItem: 2 });
  });

  it('answers 100 members with one BatchGetItem and 250 with three', async () => {
    const { deps, counts } = localDeps();
    await deps.policies.all();
    counts.clear();
    const hundred = await checkEligibilityBatch(deps, 'genai-training', ids.slice(0, 100), new Date('2025-01-01T00:00:00Z'));
    expect(counts.all()).toEqual({ BatchGetItem: 1 });
    // Eventually consistent reads of items under 4 KB: half a unit each.
    expect(counts.readUnits()).toBe(50);
    expect(hundred.results.map((r) => r.memberId)).toEqual(ids.slice(0, 100));
    counts.clear();
    const all = await checkEligibilityBatch(deps, 'genai-training', [...ids, 'nobody', ids[0]!], undefined);
    expect(counts.all()).toEqual({ BatchGetItem: 3 });
    expect(all.results).toHaveLength(252);
    expect(all.results.at(-2)).toMatchObject({ memberId: 'nobody', reason: 'unknown_member' });
    expect(all.results.at(-1)).toEqual(all.results[0]);
  });

  it('retries UnprocessedKeys until every member is answered', async () => {
    const { client, deps, counts } = localDeps();
    let throttledOnce = false;
    // DynamoDB Local never leaves keys unprocessed, so this middleware does it to a real answer.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName !== 'BatchGetItemCommand' || throttledOnce) return result;
        throttledOnce = true;
        const output = result.output as { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys: unknown[] }> };
        const items = output.Responses?.[TABLE] ?? [];
        const kept = items.slice(0, 10);
        // The projection holds memberId only, so rebuild each key from it.
        const dropped = items.slice(10).map((item) => ({ pk: `M#${item.memberId as string}`, sk: 'STATE' }));
        output.Responses = { [TABLE]: kept };
        output.UnprocessedKeys = { [TABLE]: { Keys: dropped } };
        return result;
      },
      { step: 'initialize', name: 'leaveKeysUnprocessed' },
    );
    await deps.policies.all();
    counts.clear();
    const answer = await checkEligibilityBatch(deps, 'genai-training', ids.slice(0, 100), new Date('2025-01-01T00:00:00Z'));
    expect(throttledOnce).toBe(true);
    expect(counts.get('BatchGetItem')).toBe(2);
    expect(answer.results.filter((r) => r.reason === 'unknown_member')).toEqual([]);
  });
});

describe('write cost', () => {
  it('records a choice with one UpdateItem and no read: the history is in the state item', async () => {
    const { deps, counts } = localDeps();
    await deps.policies.all();
    counts.clear();
    await setChoice(deps, { memberId: ids[2]!, purpose: 'genai-training', choice: 'denied', source: 'api', actor: 't', requestId: 'r' });
    expect(counts.all()).toEqual({ UpdateItem: 1 });
    // One item of under 1 KB, written outside a transaction: one unit, in AWS too.
    expect(counts.writeUnits()).toBe(1);
  });

  it('records a keyed choice in one transaction with its key, then reads and stores the answer; a replay is one refused transaction', async () => {
    const { deps, counts } = localDeps();
    await deps.policies.all();
    const command = { memberId: ids[2]!, purpose: 'genai-training', choice: 'granted', source: 'api', actor: 't', idempotencyKey: 'k' } as const;
    counts.clear();
    const first = await setChoice(deps, { ...command, requestId: 'r1' });
    // The key is an item of its own, so any number of live keys leave the hot item's size alone.
    expect(counts.all()).toEqual({ TransactWriteItems: 1, GetItem: 1, UpdateItem: 1 });
    counts.clear();
    const replay = await setChoice(deps, { ...command, requestId: 'r2' });
    expect(counts.all()).toEqual({ TransactWriteItems: 1 });
    expect(replay).toEqual({ ...first, replayed: true });
  });
});

describe('fail closed', () => {
  it('never answers when storage is unreachable: a 503 problem with Retry-After', async () => {
    const { deps } = localDeps('http://127.0.0.1:9');
    const attempt = checkEligibility(deps, 'genai-training', ids[0]!, undefined);
    await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
    const problem = toProblem(await attempt.catch((error: unknown) => error));
    expect(problem.status).toBe(503);
    expect(problem.headers['retry-after']).toBe('1');
  });

  it('gives up on storage that takes a request and never answers, instead of waiting for it', async () => {
    // Accepts connections, reads requests, answers nothing: a storage that hangs.
    const silent = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    try {
      // The runtime's own client, with its timeouts (the SDK only warns unless told to throw).
      const store = new DynamoStore(createDocumentClient(), TABLE);
      const error = await store.getMember('anyone', { consistent: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(((error as Error).cause as Error).name).toBe('TimeoutError');
    } finally {
      process.env = saved;
      silent.close();
    }
  }, 30_000);
});

describe('choice writes whose answer is lost', () => {
  /**
   * Lets the first UpdateItem reach DynamoDB, then (after another writer's write lands, if given)
   * loses its answer: the SDK retries the same request.
   */
  function loseFirstAnswer(client: DynamoDBClient, meanwhile?: () => Promise<unknown>): { lost: () => number } {
    let lost = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        // A plain choice is an UpdateItem; a keyed one a transaction with its key.
        if ((context.commandName === 'UpdateItemCommand' || context.commandName === 'TransactWriteItemsCommand') && lost === 0) {
          lost += 1;
          await meanwhile?.();
          throw Object.assign(new Error('socket timed out after the write (injected)'), { name: 'TimeoutError' });
        }
        return result;
      },
      { step: 'finalizeRequest', priority: 'low', name: 'loseFirstAnswer' },
    );
    return { lost: () => lost };
  }

  it.each([
    { name: 'a plain write', idempotencyKey: undefined, interleaved: false },
    { name: 'a keyed write', idempotencyKey: 'lost-answer', interleaved: false },
    { name: 'a plain write, another write landing before the retry', idempotencyKey: undefined, interleaved: true },
    { name: 'a keyed write, another write landing before the retry', idempotencyKey: 'lost-answer', interleaved: true },
  ])('$name: recorded once, answered as written (not as a replay)', async ({ idempotencyKey, interleaved }) => {
    const { client, deps, counts } = localDeps();
    const other = localDeps().deps;
    const memberId = `${ids[3]!}-${idempotencyKey ?? 'plain'}-${interleaved}`;
    await putMember(deps, memberId, { email: 'lost@example.com', country: 'US' }, 'test', 'req');
    await deps.policies.all();
    const otherWrite = () => setChoice(other, { memberId, purpose: 'genai-training', choice: 'granted', source: 'api', actor: 'u', requestId: 'other' });
    const fault = loseFirstAnswer(client, interleaved ? otherWrite : undefined);
    counts.clear();
    const answer = await setChoice(deps, { memberId, purpose: 'genai-training', choice: 'denied', source: 'api', actor: 't', requestId: 'once', idempotencyKey });
    expect(fault.lost()).toBe(1);
    // The write, and the SDK's retry that found it done (a keyed write then stores its answer).
    if (idempotencyKey) expect(counts.get('TransactWriteItems')).toBe(2);
    else expect(counts.get('UpdateItem')).toBe(2);
    expect(answer).toMatchObject({ replayed: false, etag: '"1"', consent: { choice: 'denied', reason: 'opted_out' } });
    const history = await getHistory(deps, memberId, 'genai-training');
    expect(history.items.map((item) => item.choice)).toEqual(interleaved ? ['denied', 'granted'] : ['denied']);
  });
});

describe('an Idempotency-Key\'s stored answer', () => {
  it('is written once: the first answer stands, and a later store of another one answers it; a mark of another request or none answers nothing', async () => {
    const { deps } = localDeps();
    const memberId = `${ids[5]!}-answer`;
    await putMember(deps, memberId, { email: 'answer@example.com', country: 'US' }, 'test', 'req');
    const first = await setChoice(deps, { memberId, purpose: 'genai-training', choice: 'denied', source: 'api', actor: 't', requestId: 'stored', idempotencyKey: 'k' });
    const { Items } = await localDeps().client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :marks)',
        ExpressionAttributeValues: { ':pk': { S: `M#${memberId}` }, ':marks': { S: 'I#' } },
        ConsistentRead: true,
      }),
    );
    const keyId = Items![0]!.sk!.S!.slice(2);
    const stored = { consent: first.consent, etag: first.etag, receipt: first.receipt };
    const other = { ...stored, receipt: 'another.signature.entirely' };
    expect(await deps.store.getIdempotencyMark(memberId, keyId)).toMatchObject({ requestId: requestRef('stored'), answer: stored });
    expect(await deps.store.answerIdempotencyKey(memberId, keyId, requestRef('stored'), other)).toEqual(stored);
    expect(await deps.store.answerIdempotencyKey(memberId, keyId, requestRef('someone-else'), other)).toBeUndefined();
    expect(await deps.store.answerIdempotencyKey(memberId, 'no-such-key', requestRef('stored'), other)).toBeUndefined();
    expect(await deps.store.getIdempotencyMark(memberId, 'no-such-key')).toBeUndefined();
    expect((await deps.store.getIdempotencyMark(memberId, keyId))?.answer).toEqual(stored);
  });
});

describe('idempotency keys expire', () => {
  it("after 24 h a key records a new choice; marks are items that DynamoDB's TTL deletes", async () => {
    const { deps: first } = localDeps();
    const memberId = `${ids[4]!}-expiry`;
    await putMember(first, memberId, { email: 'expiry@example.com', country: 'US' }, 'test', 'req');
    const command = { memberId, purpose: 'genai-training', choice: 'denied', source: 'api', actor: 't', idempotencyKey: 'day' } as const;
    await setChoice(first, { ...command, requestId: 'day-1' });
    await setChoice(first, { ...command, idempotencyKey: 'other', requestId: 'day-1b' });

    const later = localDeps();
    later.deps.clock = fixedClock(new Date(Date.parse('2026-01-15T12:00:00Z') + 24 * 3_600_000 + 1));
    const again = await setChoice(later.deps, { ...command, requestId: 'day-2' });
    expect(again).toMatchObject({ replayed: false, etag: '"3"' });
    const { Items } = await later.client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :marks)',
        ExpressionAttributeValues: { ':pk': { S: `M#${memberId}` }, ':marks': { S: 'I#' } },
        ConsistentRead: true,
      }),
    );
    // The renewed key holds the new request; each mark expires through the table's TTL.
    expect(Items).toHaveLength(2);
    for (const item of Items ?? []) expect(Number(item.ttl?.N)).toBeGreaterThan(Date.parse('2026-01-16T12:00:00Z') / 1000);
    expect(Items?.map((item) => item.requestId?.S)).toContain(requestRef('day-2'));
  });
});
