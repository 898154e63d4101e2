// ConsentStore on one DynamoDB table (layout in ./table.ts).
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { MemberTimeline } from '../domain/member.ts';
import { mapLimit } from '../concurrency.ts';
import { StorageUnavailableError } from '../errors.ts';
import type {
  ChoiceEvent,
  ConsentStore,
  IdempotencyRecord,
  MemberRecord,
  MemberWrite,
  StoredPolicy,
  WriteOutcome,
} from './store.ts';

const BATCH_GET_LIMIT = 100;
const BATCH_GET_PARALLELISM = 10;
const UNPROCESSED_RETRIES = 8;

export const memberKey = (memberId: string) => `M#${memberId}`;
export const STATE = 'STATE';
const versionKey = (version: number) => String(version).padStart(10, '0');
const choiceEventKey = (purpose: string, version: number) => `C#${purpose}#${versionKey(version)}`;
const profileEventKey = (version: number) => `P#${versionKey(version)}`;
const idempotencyKey = (key: string) => `I#${key}`;
const POLICY = 'POLICY';

const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * True when the failure is the storage's (retry later), not the caller's or ours: throttling,
 * server faults, and anything without a service answer at all (refused, reset, timed out).
 */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const fault = (error as Error & { $fault?: string }).$fault;
  return RETRYABLE_ERRORS.has(error.name) || fault !== 'client';
}

export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailable(error)) {
      throw new StorageUnavailableError(`storage unavailable: ${(error as Error).name}`, { cause: error });
    }
    throw error;
  }
}

/** Every item of one partition (optionally one sort-key prefix), page by page, strongly consistent. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  table: string,
  pk: string,
  skPrefix?: string,
): Promise<Record<string, any>[]> {
  // `any`: items of several shapes come back; each caller reads the fields of its own.
  const items: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guarded(() =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: skPrefix === undefined ? { ':pk': pk } : { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.random() * Math.min(1_000, 25 * 2 ** attempt);

/** The item a member's state is stored as. */
export const stateItem = (record: MemberRecord) => ({ pk: memberKey(record.memberId), sk: STATE, ...record });

function toTimeline(item: Record<string, unknown>): MemberTimeline {
  return {
    profiles: (item.profiles as MemberTimeline['profiles']) ?? [],
    choices: (item.choices as MemberTimeline['choices']) ?? {},
    notices: (item.notices as MemberTimeline['notices']) ?? {},
  };
}

export function toMemberRecord(item: Record<string, unknown>): MemberRecord {
  return {
    ...toTimeline(item),
    memberId: item.memberId as string,
    email: item.email as string,
    locale: item.locale as string | undefined,
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

export class DynamoStore implements ConsentStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async getMember(memberId: string, options: { consistent: boolean }): Promise<MemberRecord | undefined> {
    const { Item } = await guarded(() =>
      this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: memberKey(memberId), sk: STATE },
          ConsistentRead: options.consistent,
        }),
      ),
    );
    return Item ? toMemberRecord(Item) : undefined;
  }

  async getTimelines(
    memberIds: readonly string[],
    options: { consistent: boolean },
  ): Promise<Map<string, MemberTimeline>> {
    const unique = [...new Set(memberIds)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));
    const found = new Map<string, MemberTimeline>();
    await mapLimit(chunks, BATCH_GET_PARALLELISM, (chunk) => this.batchGetTimelines(chunk, options.consistent, found));
    return found;
  }

  private async batchGetTimelines(
    memberIds: string[],
    consistent: boolean,
    found: Map<string, MemberTimeline>,
  ): Promise<void> {
    let keys: Record<string, unknown>[] = memberIds.map((id) => ({ pk: memberKey(id), sk: STATE }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) {
        throw new StorageUnavailableError(`storage throttled: ${keys.length} keys left unprocessed`);
      }
      if (attempt > 0) await sleep(backoff(attempt));
      const response = await guarded(() =>
        this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ConsistentRead: consistent,
                ProjectionExpression: 'memberId, #profiles, #choices, #notices',
                ExpressionAttributeNames: { '#profiles': 'profiles', '#choices': 'choices', '#notices': 'notices' },
              },
            },
          }),
        ),
      );
      for (const item of response.Responses?.[this.table] ?? []) {
        found.set(item.memberId as string, toTimeline(item));
      }
      keys = (response.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }

  async writeMember(write: MemberWrite): Promise<WriteOutcome> {
    const { record, expectedVersion, event, idempotency } = write;
    const pk = memberKey(record.memberId);
    const eventKey = event.kind === 'choice' ? choiceEventKey(event.purpose, record.version) : profileEventKey(record.version);
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.table,
          Item: stateItem(record),
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
          ...(expectedVersion === 0
            ? {}
            : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { pk, sk: eventKey, memberId: record.memberId, version: record.version, ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.table,
          Item: {
            pk,
            sk: idempotencyKey(idempotency.key),
            ...idempotency,
            ttl: Math.ceil(Date.parse(idempotency.expiresAt) / 1000),
          },
          // An expired record TTL has not yet deleted may be replaced.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': record.updatedAt },
        },
      });
    }
    try {
      await guarded(() => this.client.send(new TransactWriteCommand({ TransactItems: items })));
      return 'written';
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons[2]?.Code === 'ConditionalCheckFailed') return 'idempotency_conflict';
        if (reasons.some((reason) => reason.Code === 'ThrottlingError')) {
          throw new StorageUnavailableError('storage throttled the write', { cause: error });
        }
        // A changed version, or a concurrent transaction on the same item: re-read and retry.
        return 'version_conflict';
      }
      throw error;
    }
  }

  async listChoiceEvents(memberId: string, purpose: string): Promise<ChoiceEvent[]> {
    return (await queryAll(this.client, this.table, memberKey(memberId), `C#${purpose}#`)) as ChoiceEvent[];
  }

  async getIdempotencyRecord(memberId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await guarded(() =>
      this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: memberKey(memberId), sk: idempotencyKey(key) },
          ConsistentRead: true,
        }),
      ),
    );
    return Item as IdempotencyRecord | undefined;
  }

  async putPolicy(stored: StoredPolicy): Promise<'created' | 'exists'> {
    try {
      await guarded(() =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: POLICY, sk: stored.policy.id, ...stored },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'exists';
      throw error;
    }
  }

  async getPolicy(policyId: string): Promise<StoredPolicy | undefined> {
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: POLICY, sk: policyId }, ConsistentRead: true })),
    );
    return Item ? { policy: Item.policy, recordedAt: Item.recordedAt, recordedBy: Item.recordedBy } : undefined;
  }

  async listPolicies(): Promise<StoredPolicy[]> {
    const items = await queryAll(this.client, this.table, POLICY);
    return items.map((item) => ({ policy: item.policy, recordedAt: item.recordedAt, recordedBy: item.recordedBy }));
  }
}
