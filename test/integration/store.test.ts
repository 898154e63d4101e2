// The DynamoDB adapter against DynamoDB Local: the hot path costs what the design promises.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { fixedClock } from '../../lib/clock.ts';
import { StorageUnavailableError } from '../../lib/errors.ts';
import { toProblem } from '../../lib/http/api.ts';
import { checkEligibility, checkEligibilityBatch } from '../../lib/services/eligibility.ts';
import { setChoice } from '../../lib/services/consents.ts';
import { putMember } from '../../lib/services/members.ts';
import { PolicyCatalog } from '../../lib/services/policy-catalog.ts';
import type { Deps } from '../../lib/services/deps.ts';
import { DynamoStore } from '../../lib/store/dynamo-store.ts';
import { AwsUsage, instrument } from '../../lib/aws-usage.ts';

const TABLE = 'consent-ledger';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function localDeps(endpoint = inject('dynamoDbEndpoint')) {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 2 });
  const usage = new AwsUsage();
  instrument(client, 'DynamoDB', usage);
  const counts = { clear: () => usage.reset(), get: (operation: string) => usage.operations('DynamoDB')[operation], all: () => usage.operations('DynamoDB'), readUnits: () => usage.readUnits, writeUnits: () => usage.writeUnits };
  const store = new DynamoStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), TABLE);
  const clock = fixedClock(new Date('2026-01-15T12:00:00Z'));
  const deps: Deps = { store, clock, policies: new PolicyCatalog(store, clock, 60_000) };
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
  it('records a choice with one TransactWriteItems (state + audit event)', async () => {
    const { deps, counts } = localDeps();
    await deps.policies.all();
    counts.clear();
    await setChoice(deps, { memberId: ids[2]!, purpose: 'genai-training', choice: 'denied', source: 'api', actor: 't', requestId: 'r' });
    expect(counts.all()).toEqual({ GetItem: 1, TransactWriteItems: 1 });
    // Two items of under 1 KB. DynamoDB Local reports 1 unit each; AWS bills transactional
    // writes double (2 x 2 = 4), which the benchmark states as such.
    expect(counts.writeUnits()).toBe(2);
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
});
