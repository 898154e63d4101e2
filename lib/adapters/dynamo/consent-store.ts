// ConsentStore on one DynamoDB table (layout in ./table.ts).
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ContactProfile } from '../../domain/erasure.ts';
import type { MemberTimeline, ProfileVersion } from '../../domain/member.ts';
import { mapLimit } from '../../app/concurrency.ts';
import { StorageUnavailableError } from '../../app/errors.ts';
import { CONTENTION, PARTIAL_BATCH, retry } from '../../app/retry.ts';
import {
  archivedEntries,
  archiveKey,
  archivePrefix,
  encodeChoice,
  idempotencyKey,
  memberKey,
  NOTICE_PREFIX,
  PROFILE_PREFIX,
  profileEventKey,
  profileFacts,
  STATE,
  stateItem,
  TIMELINE_ATTRIBUTES,
  toMemberRecord,
  toTimeline,
} from './member-item.ts';
import { conditionally, guarded, isHeldByTransaction, isTransactionConflict, reasonsOf, storageError, UnprocessedKeysError } from './errors.ts';
import { queryAll } from './query.ts';
import type {
  AppendOutcome,
  ArchivedPage,
  ChoiceAppend,
  ChoiceArchiving,
  ConsentStore,
  IdempotencyMark,
  MemberErasure,
  MemberRecord,
  NumberedChoice,
  ProfileWrite,
  StoredAnswer,
  StoredPolicy,
  StoredTranslation,
  WriteOutcome,
} from '../../app/ports/consent-store.ts';
import { WRITE_DEADLINE_MS } from '../../app/ports/consent-store.ts';

const BATCH_GET_LIMIT = 100;
const BATCH_GET_PARALLELISM = 10;
/** An erasure's rewrites in flight at once, and the items it examines per page of its query. */
const SCRUB_PARALLELISM = 10;
const SCRUB_PAGE_ITEMS = 100;
/**
 * Appends to one member's item are applied one after another; when many writers hit one member,
 * each waits its turn. Reads keep the client's short timeout (fail closed fast); a write may wait
 * longer, and a retry after a timeout is recognised, never recorded twice.
 */
const APPEND_TIMEOUT_MS = WRITE_DEADLINE_MS;
export const POLICY = 'POLICY';
/** The partition of translations added to policy versions: one item per version and locale. */
export const POLICY_TEXT = 'POLICYTEXT';
/** A translation's sort key; policy ids hold no '#', so the version's own translations share a prefix. */
export const policyTextKey = (policyId: string, locale: string): string => `${policyId}#${locale}`;

function toTranslation(item: Record<string, unknown>): StoredTranslation {
  return {
    policyId: item.policyId as string,
    locale: item.locale as string,
    texts: item.texts as StoredTranslation['texts'],
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
  };
}

function toMark(item: Record<string, unknown>): IdempotencyMark {
  return {
    requestId: item.requestId as string,
    requestHash: item.requestHash as string,
    expiresAt: item.expiresAt as string,
    answer: item.answer as IdempotencyMark['answer'],
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
    if (keys.length === 0) return;
    await retry(async () => {
      const response = await guarded(() =>
        this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: keys,
                ConsistentRead: consistent,
                ProjectionExpression: TIMELINE_ATTRIBUTES.map((name) => `#${name}`).join(', '),
                ExpressionAttributeNames: Object.fromEntries(TIMELINE_ATTRIBUTES.map((name) => [`#${name}`, name])),
              },
            },
          }),
        ),
      );
      for (const item of response.Responses?.[this.table] ?? []) {
        found.set(item.memberId as string, toTimeline(item));
      }
      keys = (response.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) throw new UnprocessedKeysError(`storage throttled: ${keys.length} keys left unprocessed`);
    }, { ...PARTIAL_BATCH, retryable: (error) => error instanceof UnprocessedKeysError });
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
                'SET email = :email, profiles = :profiles, profilesTrimmed = :trimmed, updatedAt = :updatedAt, #version = :version' +
                (record.locale === undefined ? ' REMOVE locale' : ', locale = :locale'),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: {
                ':email': record.email,
                ':profiles': record.profiles,
                ':trimmed': record.profilesTrimmed,
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
          Item: { pk, sk: profileEventKey(event.effectiveAt, record.version), memberId: record.memberId, version: record.version, ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    try {
      await guarded(() => this.client.send(new TransactWriteCommand({ TransactItems: items })));
      return 'written';
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        if (reasonsOf(error).includes('ThrottlingError')) {
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
      '#counts': 'counts',
      '#purpose': purpose,
      '#version': 'version',
      '#requests': 'recentRequests',
    };
    const values: Record<string, unknown> = {
      ':entry': [encodeChoice(entry)],
      ':empty': [],
      ':zero': 0,
      ':one': 1,
      ':rid': entry.requestId,
      ':ridSet': new Set([entry.requestId]),
      ':at': entry.at,
    };
    const updates = [
      '#choices.#purpose = list_append(if_not_exists(#choices.#purpose, :empty), :entry)',
      '#counts.#purpose = if_not_exists(#counts.#purpose, :zero) + :one',
      '#version = #version + :one',
      'updatedAt = :at',
    ];
    // The request fingerprint condition recognises a retry of a write that landed but whose
    // answer was lost (the SDK retries timeouts), however many other writes landed in between.
    // Nothing is recorded of an erased member.
    const conditions = ['attribute_exists(pk)', 'attribute_not_exists(erasedAt)', 'NOT contains(#requests, :rid)'];
    if (expectedCounts !== undefined) {
      const alternatives = expectedCounts.map((count, index) => {
        if (count === 0) return 'attribute_not_exists(#counts.#purpose)';
        values[`:count${index}`] = count;
        return `#counts.#purpose = :count${index}`;
      });
      conditions.push(alternatives.length > 0 ? `(${alternatives.join(' OR ')})` : 'attribute_not_exists(pk)');
    }
    const hotUpdate = {
      TableName: this.table,
      Key: { pk: memberKey(memberId), sk: STATE },
      UpdateExpression: `SET ${updates.join(', ')} ADD #requests :ridSet`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    if (idempotency) return this.appendWithKey(memberId, hotUpdate, idempotency, entry.at);
    const command = new UpdateCommand({ ...hotUpdate, ReturnValues: 'ALL_NEW' });
    try {
      // A notice delivery's or an archiving transaction holds the item for a moment: wait for it, not re-read.
      const { Attributes } = await retry(() => this.client.send(command, { requestTimeout: APPEND_TIMEOUT_MS }), {
        ...CONTENTION,
        retryable: isHeldByTransaction,
      });
      return { outcome: 'appended', record: toMemberRecord(Attributes ?? {}) };
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        // The document client leaves the error's item in wire format.
        const item = (error as Error & { Item?: Parameters<typeof unmarshall>[0] }).Item;
        return { outcome: 'refused', record: item ? toMemberRecord(unmarshall(item)) : undefined };
      }
      throw storageError(error);
    }
  }

  /**
   * The append and the key's mark in one transaction. Plain appends stay single writes: in AWS,
   * concurrent transactions on one item conflict, and only keyed writes need the atomicity.
   */
  private async appendWithKey(
    memberId: string,
    hotUpdate: NonNullable<NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number]['Update']>,
    idempotency: NonNullable<ChoiceAppend['idempotency']>,
    now: string,
  ): Promise<AppendOutcome> {
    const { keyId, mark } = idempotency;
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            // TTL lets DynamoDB delete the mark some time after it expired; the condition does not wait for that.
            Item: { pk: memberKey(memberId), sk: idempotencyKey(keyId), ...mark, ttl: Math.ceil(Date.parse(mark.expiresAt) / 1000) + 3_600 },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': now },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Update: hotUpdate },
      ],
    });
    try {
      await retry(() => this.client.send(command, { requestTimeout: APPEND_TIMEOUT_MS }), { ...CONTENTION, retryable: isTransactionConflict });
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw storageError(error);
      type Reason = { Code?: string; Item?: Parameters<typeof unmarshall>[0] };
      const [markReason, hotReason] = ((error as Error & { CancellationReasons?: Reason[] }).CancellationReasons ?? []) as [Reason?, Reason?];
      const codes = [markReason?.Code, hotReason?.Code];
      if (!codes.includes('ConditionalCheckFailed')) throw storageError(error);
      // The document client leaves the reasons' items in wire format.
      const record = hotReason?.Item ? toMemberRecord(unmarshall(hotReason.Item)) : undefined;
      if (markReason?.Code !== 'ConditionalCheckFailed') return { outcome: 'refused', record };
      const used = unmarshall(markReason.Item ?? {});
      return { outcome: 'refused', record, usedMark: toMark(used) };
    }
    // A transaction returns no item: read the state it left.
    const record = await this.getMember(memberId, { consistent: true });
    if (!record) throw new StorageUnavailableError(`member ${memberId} vanished right after a write`);
    return { outcome: 'appended', record };
  }

  async archiveChoices(archiving: ChoiceArchiving): Promise<boolean> {
    const { memberId, purpose, entries, expectedArchived, archivedAfter, forgetRequests } = archiving;
    const first = entries[0];
    if (first === undefined) return false;
    const pk = memberKey(memberId);
    // Appends only ever add at the end, so the first `entries.length` hot entries are the ones
    // moving as long as nobody else moved any: the archived count says so.
    const removals = entries.map((_, index) => `#choices.#purpose[${index}]`).join(', ');
    const values: Record<string, unknown> = {
      ':archived': { n: archivedAfter.count, at: archivedAfter.lastAt, ...(archivedAfter.gpcDenial ? { g: true } : {}) },
      ':one': 1,
    };
    if (expectedArchived > 0) values[':expected'] = expectedArchived;
    if (forgetRequests.length > 0) values[':forget'] = new Set(forgetRequests);
    return conditionally(() =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk,
                  sk: archiveKey(purpose, first.at, expectedArchived + 1),
                  purpose,
                  first: expectedArchived + 1,
                  entries: entries.map(encodeChoice),
                },
                // Archive items are immutable.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk, sk: STATE },
                UpdateExpression:
                  `SET #archived.#purpose = :archived, #version = #version + :one REMOVE ${removals}` +
                  (forgetRequests.length > 0 ? ' DELETE #requests :forget' : ''),
                ConditionExpression:
                  expectedArchived > 0 ? '#archived.#purpose.n = :expected' : 'attribute_exists(pk) AND attribute_not_exists(#archived.#purpose)',
                ExpressionAttributeNames: {
                  '#archived': 'archived',
                  '#choices': 'choices',
                  '#purpose': purpose,
                  '#version': 'version',
                  ...(forgetRequests.length > 0 ? { '#requests': 'recentRequests' } : {}),
                },
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      ),
    );
  }

  /**
   * One page of a member's items whose sort keys lie between `from` and `to` (archive items and
   * profile events: both are keyed so that a range is a time span).
   */
  private queryMember(
    memberId: string,
    from: string,
    to: string,
    options: { backwards?: boolean; limit: number; consistent: boolean; startKey?: Record<string, unknown> | undefined },
  ) {
    return guarded(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': memberKey(memberId), ':from': from, ':to': to },
          ScanIndexForward: options.backwards !== true,
          Limit: options.limit,
          ConsistentRead: options.consistent,
          ExclusiveStartKey: options.startKey,
        }),
      ),
    );
  }

  async archivedChoiceAt(memberId: string, purpose: string, at: Date, options: { consistent: boolean }): Promise<NumberedChoice | undefined> {
    // The archive item that starts latest at or before `at` holds the latest choice in effect then.
    const { Items } = await this.queryMember(memberId, archivePrefix(purpose), `${archivePrefix(purpose)}${at.toISOString()}#~`, {
      backwards: true,
      limit: 1,
      consistent: options.consistent,
    });
    const item = Items?.[0];
    if (!item) return undefined;
    return archivedEntries(item).findLast(({ entry }) => Date.parse(entry.at) <= at.getTime());
  }

  async archivedChoices(memberId: string, purpose: string, position: number, limit: number, continueFrom?: string): Promise<ArchivedPage> {
    const choices: NumberedChoice[] = [];
    let startKey: Record<string, unknown> | undefined;
    let lastKey: string | undefined;
    do {
      const page = await this.queryMember(memberId, continueFrom ?? archivePrefix(purpose), `${archivePrefix(purpose)}~`, {
        // Archive items hold a few choices each: read a handful at a time, not the whole archive.
        limit: Math.min(100, Math.ceil((limit - choices.length) / 4) + 1),
        consistent: true,
        startKey,
      });
      for (const item of page.Items ?? []) {
        lastKey = item.sk as string;
        for (const numbered of archivedEntries(item)) if (numbered.position >= position) choices.push(numbered);
        if (choices.length >= limit) break;
      }
      startKey = choices.length >= limit ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    // The next page starts in the last item read, unless the archive ended before the page did.
    return { choices, continueFrom: choices.length >= limit ? lastKey : undefined };
  }

  async archivedChoicesUpTo(memberId: string, purpose: string, lastPosition: number, limit: number): Promise<NumberedChoice[]> {
    const found: NumberedChoice[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.queryMember(memberId, archivePrefix(purpose), `${archivePrefix(purpose)}~`, { backwards: true, limit: 8, consistent: true, startKey });
      for (const item of page.Items ?? []) {
        const entries = archivedEntries(item).filter(({ position }) => position <= lastPosition);
        found.unshift(...entries);
        if (found.length >= limit) return found.slice(-limit);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async findArchivedChoice(memberId: string, purpose: string, requestId: string): Promise<NumberedChoice | undefined> {
    const { Items } = await this.queryMember(memberId, archivePrefix(purpose), `${archivePrefix(purpose)}~`, { backwards: true, limit: 8, consistent: true });
    for (const item of Items ?? []) {
      const found = archivedEntries(item).find(({ entry }) => entry.requestId === requestId);
      if (found) return found;
    }
    return undefined;
  }

  async archivedProfileAt(memberId: string, at: Date, options: { consistent: boolean }): Promise<ProfileVersion | undefined> {
    const { Items } = await this.queryMember(memberId, PROFILE_PREFIX, `${PROFILE_PREFIX}${at.toISOString()}#~`, { backwards: true, limit: 1, consistent: options.consistent });
    const profile = Items?.[0]?.profile as (ProfileVersion & { email?: string; locale?: string }) | undefined;
    return profile ? profileFacts(profile) : undefined;
  }

  async profileHistory(memberId: string): Promise<ProfileVersion[]> {
    const events = await queryAll(this.client, this.table, memberKey(memberId), PROFILE_PREFIX);
    return events.map((event) => profileFacts(event.profile));
  }

  async markErased(erasure: MemberErasure): Promise<WriteOutcome> {
    const command = new UpdateCommand({
      TableName: this.table,
      Key: { pk: memberKey(erasure.memberId), sk: STATE },
      UpdateExpression: 'SET erasedAt = :at, erasedBy = :by, profiles = :profiles, updatedAt = :at, #version = #version + :one REMOVE email, locale',
      ConditionExpression: '#version = :expected AND attribute_not_exists(erasedAt)',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':at': erasure.erasedAt, ':by': erasure.erasedBy, ':profiles': erasure.profiles, ':one': 1, ':expected': erasure.expectedVersion },
    });
    // A keyed choice's or a notice delivery's transaction holds the item for a moment: wait for it.
    const applied = await conditionally(() => retry(() => this.client.send(command), { ...CONTENTION, retryable: isHeldByTransaction }));
    return applied ? 'written' : 'version_conflict';
  }

  async scrubErasedMember(memberId: string, redact: (profile: ContactProfile) => ProfileVersion): Promise<void> {
    const pk = memberKey(memberId);
    // Profile events are written once and never again but here (a profile write after the
    // erasure is refused), so each is replaced whole.
    await this.rewriteEach(memberId, PROFILE_PREFIX, ['profile.email', 'profile.locale', 'profile.birthDate'], (item) => ({
      UpdateExpression: 'SET #profile = :profile',
      ExpressionAttributeNames: { '#profile': 'profile' },
      ExpressionAttributeValues: { ':profile': redact(item.profile as ContactProfile) },
    }));
    // SES's reason for a failed delivery may quote the address.
    await this.rewriteEach(memberId, NOTICE_PREFIX, ['lastError'], () => ({ UpdateExpression: 'REMOVE lastError' }));
    await guarded(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk: STATE },
          UpdateExpression: 'SET scrubbed = :yes',
          ConditionExpression: 'attribute_exists(erasedAt)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      ),
    );
  }

  /**
   * Rewrites every item of the member under `prefix` that still has one of `attributes`, a page at
   * a time: a member may have thousands, and no transaction takes more than 100 items. Items
   * rewritten already no longer match, so an interrupted scrub resumes where it stopped.
   */
  private async rewriteEach(
    memberId: string,
    prefix: string,
    attributes: readonly string[],
    update: (item: Record<string, unknown>) => Pick<UpdateCommandInput, 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ): Promise<void> {
    const names: Record<string, string> = {};
    const present = attributes.map((path) => {
      const placeholders = path.split('.').map((part) => {
        names[`#${part}`] = part;
        return `#${part}`;
      });
      return `attribute_exists(${placeholders.join('.')})`;
    });
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await guarded(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: present.join(' OR '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':pk': memberKey(memberId), ':prefix': prefix },
            ConsistentRead: true,
            Limit: SCRUB_PAGE_ITEMS,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      await mapLimit(page.Items ?? [], SCRUB_PARALLELISM, (item) =>
        conditionally(() =>
          this.client.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk: item.pk, sk: item.sk },
              ...update(item),
              // Never recreates an item that went meanwhile (an expired mark, say).
              ConditionExpression: 'attribute_exists(pk)',
            }),
          ),
        ),
      );
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async getIdempotencyMark(memberId: string, keyId: string): Promise<IdempotencyMark | undefined> {
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: memberKey(memberId), sk: idempotencyKey(keyId) }, ConsistentRead: true })),
    );
    return Item ? toMark(Item) : undefined;
  }

  async answerIdempotencyKey(memberId: string, keyId: string, requestId: string, answer: StoredAnswer): Promise<StoredAnswer | undefined> {
    try {
      await guarded(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: memberKey(memberId), sk: idempotencyKey(keyId) },
            UpdateExpression: 'SET answer = :answer',
            // The first answer stands, and only on the mark of the request it answers.
            ConditionExpression: 'requestId = :rid AND attribute_not_exists(answer)',
            ExpressionAttributeValues: { ':answer': answer, ':rid': requestId },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return answer;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      // The document client leaves the error's item in wire format.
      const item = (error as Error & { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const mark = item ? toMark(unmarshall(item)) : undefined;
      return mark?.requestId === requestId ? mark.answer : undefined;
    }
  }

  async forgetRequests(memberId: string, requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    // Housekeeping only: when it fails, the next write tries again.
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: memberKey(memberId), sk: STATE },
          UpdateExpression: 'DELETE #requests :old',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#requests': 'recentRequests' },
          ExpressionAttributeValues: { ':old': new Set(requestIds) },
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

  async putPolicyTranslation(translation: StoredTranslation): Promise<'created' | 'exists'> {
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: POLICY_TEXT, sk: policyTextKey(translation.policyId, translation.locale), ...translation },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return created ? 'created' : 'exists';
  }

  async getPolicyTranslation(policyId: string, locale: string): Promise<StoredTranslation | undefined> {
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: POLICY_TEXT, sk: policyTextKey(policyId, locale) }, ConsistentRead: true })),
    );
    return Item ? toTranslation(Item) : undefined;
  }

  async listPolicyTranslations(): Promise<StoredTranslation[]> {
    return (await queryAll(this.client, this.table, POLICY_TEXT)).map(toTranslation);
  }
}
