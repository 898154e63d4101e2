// ConsentStore on one DynamoDB table (layout in ./table.ts).
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { MemberTimeline } from '../domain/member.ts';
import { mapLimit } from '../concurrency.ts';
import { StorageUnavailableError } from '../errors.ts';
import type {
  AppendOutcome,
  ChoiceAppend,
  ConsentStore,
  IdempotencyMark,
  MemberRecord,
  ProfileWrite,
  StoredPolicy,
  WriteOutcome,
} from './store.ts';

const BATCH_GET_LIMIT = 100;
const BATCH_GET_PARALLELISM = 10;
const UNPROCESSED_RETRIES = 8;

export const memberKey = (memberId: string) => `M#${memberId}`;
export const STATE = 'STATE';
const versionKey = (version: number) => String(version).padStart(10, '0');
const profileEventKey = (version: number) => `P#${versionKey(version)}`;
/** Idempotency marks are top-level attributes of the state item, so setting one never needs a parent map. */
const IDEMPOTENCY_PREFIX = 'I#';
const TRANSACTION_CONFLICT_RETRIES = 6;
/**
 * Appends to one member's item are applied one after another; when many writers hit one member,
 * each waits its turn. Reads keep the client's short timeout (fail closed fast); a write may wait
 * longer, and a retry after a timeout is recognised, never recorded twice.
 */
const APPEND_TIMEOUT_MS = 5_000;
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

/** The error to throw for a failed storage call: StorageUnavailableError when it is the storage's fault. */
function storageError(error: unknown): unknown {
  return isUnavailable(error)
    ? new StorageUnavailableError(`storage unavailable: ${(error as Error).name}`, { cause: error })
    : error;
}

export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storageError(error);
  }
}

type Reasons = { CancellationReasons?: { Code?: string }[] };
const reasonsOf = (error: Error) => ((error as Error & Reasons).CancellationReasons ?? []).map((reason) => reason.Code);

/** A condition that did not hold, as opposed to a conflict with a concurrent transaction. */
function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  const reasons = reasonsOf(error);
  return error.name === 'TransactionCanceledException' && reasons.includes('ConditionalCheckFailed') && !reasons.includes('TransactionConflict');
}

const isTransactionConflict = (error: unknown) =>
  error instanceof Error && error.name === 'TransactionCanceledException' && reasonsOf(error).includes('TransactionConflict');

/**
 * Runs a conditional write: true when applied, false when its condition did not hold. A
 * transaction that collided with another one on the same item is tried again.
 */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await guarded(write);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      if (!isTransactionConflict(error) || attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
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
export function stateItem(record: MemberRecord): Record<string, unknown> {
  const { idempotency, recentRequests, ...fields } = record;
  const item: Record<string, unknown> = { pk: memberKey(record.memberId), sk: STATE, ...fields };
  // An empty set cannot be stored: absent means none.
  if (recentRequests.length > 0) item.recentRequests = new Set(recentRequests);
  for (const [keyId, mark] of Object.entries(idempotency)) item[IDEMPOTENCY_PREFIX + keyId] = mark;
  return item;
}

function toTimeline(item: Record<string, unknown>): MemberTimeline {
  return {
    profiles: (item.profiles as MemberTimeline['profiles']) ?? [],
    choices: (item.choices as MemberTimeline['choices']) ?? {},
    notices: (item.notices as MemberTimeline['notices']) ?? {},
  };
}

export function toMemberRecord(item: Record<string, unknown>): MemberRecord {
  const idempotency: Record<string, IdempotencyMark> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(IDEMPOTENCY_PREFIX)) idempotency[name.slice(IDEMPOTENCY_PREFIX.length)] = value as IdempotencyMark;
  }
  return {
    ...toTimeline(item),
    choices: (item.choices as MemberRecord['choices']) ?? {},
    idempotency,
    recentRequests: [...((item.recentRequests as Set<string> | undefined) ?? [])],
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

  async writeProfile(write: ProfileWrite): Promise<WriteOutcome> {
    const { record, expectedVersion, event } = write;
    const pk = memberKey(record.memberId);
    // A new member is put whole. An existing one gets only its profile fields set, so choices,
    // notices and idempotency marks written meanwhile (which bump the version too) are kept.
    const state: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number] =
      expectedVersion === 0
        ? { Put: { TableName: this.table, Item: stateItem(record), ConditionExpression: 'attribute_not_exists(pk)' } }
        : {
            Update: {
              TableName: this.table,
              Key: { pk, sk: STATE },
              UpdateExpression:
                'SET email = :email, profiles = :profiles, updatedAt = :updatedAt, #version = :version' +
                (record.locale === undefined ? ' REMOVE locale' : ', locale = :locale'),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: {
                ':email': record.email,
                ':profiles': record.profiles,
                ':updatedAt': record.updatedAt,
                ':version': record.version,
                ':expected': expectedVersion,
                ...(record.locale === undefined ? {} : { ':locale': record.locale }),
              },
            },
          };
    const items = [
      state,
      {
        Put: {
          TableName: this.table,
          Item: { pk, sk: profileEventKey(record.version), memberId: record.memberId, version: record.version, ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    try {
      await guarded(() => this.client.send(new TransactWriteCommand({ TransactItems: items })));
      return 'written';
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons.some((reason) => reason.Code === 'ThrottlingError')) {
          throw new StorageUnavailableError('storage throttled the write', { cause: error });
        }
        // A changed version, or a concurrent transaction on the same item: re-read and retry.
        return 'version_conflict';
      }
      throw error;
    }
  }

  async appendChoice(append: ChoiceAppend): Promise<AppendOutcome> {
    const { memberId, purpose, entry, expectedCounts, idempotency } = append;
    const names: Record<string, string> = {
      '#choices': 'choices',
      '#purpose': purpose,
      '#version': 'version',
      '#requests': 'recentRequests',
    };
    const values: Record<string, unknown> = {
      ':entry': [entry],
      ':empty': [],
      ':one': 1,
      ':rid': entry.requestId,
      ':ridSet': new Set([entry.requestId]),
      ':at': entry.at,
    };
    const updates = [
      '#choices.#purpose = list_append(if_not_exists(#choices.#purpose, :empty), :entry)',
      '#version = #version + :one',
      'updatedAt = :at',
    ];
    // The request id condition recognises a retry of a write that landed but whose answer was
    // lost (the SDK retries timeouts), however many other writes landed in between.
    const conditions = ['attribute_exists(pk)', 'NOT contains(#requests, :rid)'];
    if (expectedCounts !== undefined) {
      const alternatives = expectedCounts.map((count, index) => {
        if (count === 0) return 'attribute_not_exists(#choices.#purpose)';
        values[`:count${index}`] = count;
        return `size(#choices.#purpose) = :count${index}`;
      });
      conditions.push(alternatives.length > 0 ? `(${alternatives.join(' OR ')})` : 'attribute_not_exists(pk)');
    }
    if (idempotency) {
      names['#key'] = IDEMPOTENCY_PREFIX + idempotency.keyId;
      values[':mark'] = idempotency.mark;
      updates.push('#key = :mark');
      conditions.push('(attribute_not_exists(#key) OR #key.expiresAt < :at)');
    }
    const command = new UpdateCommand({
      TableName: this.table,
      Key: { pk: memberKey(memberId), sk: STATE },
      UpdateExpression: `SET ${updates.join(', ')} ADD #requests :ridSet`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const { Attributes } = await this.client.send(command, { requestTimeout: APPEND_TIMEOUT_MS });
        return { outcome: 'appended', record: toMemberRecord(Attributes ?? {}) };
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ConditionalCheckFailedException') {
          // The document client leaves the error's item in wire format.
          const item = (error as Error & { Item?: Parameters<typeof unmarshall>[0] }).Item;
          return { outcome: 'refused', record: item ? toMemberRecord(unmarshall(item)) : undefined };
        }
        // A notice delivery's transaction holds the item for a moment: wait for it, not re-read.
        if (name === 'TransactionConflictException' && attempt < TRANSACTION_CONFLICT_RETRIES) {
          await sleep(backoff(attempt));
          continue;
        }
        throw storageError(error);
      }
    }
  }

  async tidyMember(memberId: string, tidy: { expiredKeys: readonly string[]; oldRequests: readonly string[] }, now: string): Promise<void> {
    const { expiredKeys, oldRequests } = tidy;
    if (expiredKeys.length === 0 && oldRequests.length === 0) return;
    const keyNames = Object.fromEntries(expiredKeys.map((keyId, index) => [`#k${index}`, IDEMPOTENCY_PREFIX + keyId]));
    const clauses = [
      ...(expiredKeys.length > 0 ? [`REMOVE ${Object.keys(keyNames).join(', ')}`] : []),
      ...(oldRequests.length > 0 ? ['DELETE #requests :old'] : []),
    ];
    // Only marks still expired go: a key claimed again meanwhile keeps its new mark.
    const conditions = ['attribute_exists(pk)', ...Object.keys(keyNames).map((name) => `${name}.expiresAt < :now`)];
    // Housekeeping only: when the condition fails, the next write tries again.
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: memberKey(memberId), sk: STATE },
          UpdateExpression: clauses.join(' '),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { ...keyNames, ...(oldRequests.length > 0 ? { '#requests': 'recentRequests' } : {}) },
          ExpressionAttributeValues: {
            ':now': now,
            ...(oldRequests.length > 0 ? { ':old': new Set(oldRequests) } : {}),
          },
        }),
      ),
    );
  }

  async putPolicy(stored: StoredPolicy): Promise<'created' | 'exists'> {
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: POLICY, sk: stored.policy.id, ...stored },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return created ? 'created' : 'exists';
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
