// NoticeStore on the same DynamoDB table (layout in ./table.ts).
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTIAL_BATCH, retry } from '../../app/retry.ts';
import { conditionally, guarded, UnprocessedKeysError } from './errors.ts';
import { memberKey, noticeKey, STATE, toMemberRecord } from './member-item.ts';
import { queryAll } from './query.ts';
import type { Campaign, CampaignRecords, ChunkResult, ClaimOutcome, MemberPage, NoticeStore, PageResult, WorkClaim, WorkKey } from '../../app/ports/notice-store.ts';

const BATCH_GET_LIMIT = 100;
const campaignsKey = (policyId: string) => `NOTICES#${policyId}`;
const campaignKey = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const workKey = (work: WorkKey) =>
  work.kind === 'chunk' ? `CHUNK#${work.chunkId}` : `PAGE#${String(work.segment).padStart(4, '0')}#${String(work.page).padStart(8, '0')}`;

export class DynamoNoticeStore implements NoticeStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async createCampaign(campaign: Campaign): Promise<void> {
    await guarded(() =>
      this.client.send(new PutCommand({ TableName: this.table, Item: { pk: campaignsKey(campaign.policyId), sk: campaign.campaignId, ...campaign } })),
    );
  }

  async listCampaigns(policyId: string): Promise<Campaign[]> {
    const items = await queryAll(this.client, this.table, campaignsKey(policyId));
    return items.map((item) => ({
      campaignId: item.campaignId,
      policyId: item.policyId,
      startedAt: item.startedAt,
      startedBy: item.startedBy,
      segments: item.segments,
    }));
  }

  async campaignRecords(campaign: Campaign): Promise<CampaignRecords> {
    const pages: PageResult[] = [];
    const chunks: ChunkResult[] = [];
    for (const item of await queryAll(this.client, this.table, campaignKey(campaign.campaignId))) {
      if (!item.finishedAt) continue; // claimed, not finished
      if ((item.sk as string).startsWith('CHUNK#')) chunks.push(item as ChunkResult);
      else if ((item.sk as string).startsWith('PAGE#')) pages.push(item as PageResult);
    }
    return { campaign, pages, chunks };
  }

  async claimWork(campaignId: string, work: WorkKey, now: Date, leaseUntil: Date): Promise<WorkClaim> {
    const claimId = randomUUID();
    const applied = await conditionally(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: campaignKey(campaignId), sk: workKey(work) },
            ConditionExpression: 'attribute_not_exists(finishedAt) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            UpdateExpression: 'SET claimId = :claim, leaseUntil = :lease',
            ExpressionAttributeValues: { ':claim': claimId, ':lease': leaseUntil.toISOString(), ':now': now.toISOString() },
          }),
        ),
      );
    if (applied) return { kind: 'claimed', claimId };
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: campaignKey(campaignId), sk: workKey(work) }, ConsistentRead: true })),
    );
    return Item?.finishedAt ? { kind: 'done' } : { kind: 'busy' };
  }

  async releaseWork(campaignId: string, work: WorkKey, claimId: string): Promise<void> {
    // Not ours any more (the lease ran out): nothing to give back.
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: campaignKey(campaignId), sk: workKey(work) },
          ConditionExpression: 'claimId = :claim',
          UpdateExpression: 'REMOVE leaseUntil, claimId',
          ExpressionAttributeValues: { ':claim': claimId },
        }),
      ),
    );
  }

  async finishWork(campaignId: string, work: WorkKey, claimId: string, result: PageResult | ChunkResult): Promise<void> {
    // The lease ran out and another consumer took the work over: its result will stand.
    await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: campaignKey(campaignId), sk: workKey(work), claimId, ...result },
          ConditionExpression: 'claimId = :claim',
          ExpressionAttributeValues: { ':claim': claimId },
        }),
      ),
    );
  }

  async scanMembers(segment: number, totalSegments: number, startKey: Record<string, unknown> | undefined, limit: number): Promise<MemberPage> {
    const page = await guarded(() =>
      this.client.send(
        new ScanCommand({
          TableName: this.table,
          Segment: segment,
          TotalSegments: totalSegments,
          Limit: limit,
          ExclusiveStartKey: startKey,
          FilterExpression: 'sk = :state AND begins_with(pk, :member)',
          ExpressionAttributeValues: { ':state': STATE, ':member': 'M#' },
        }),
      ),
    );
    return { members: (page.Items ?? []).map(toMemberRecord), nextKey: page.LastEvaluatedKey };
  }

  async claimNotice(memberId: string, policyId: string, campaignId: string, now: Date, leaseUntil: Date): Promise<ClaimOutcome> {
    const claimId = randomUUID();
    const applied = await conditionally(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: memberKey(memberId), sk: noticeKey(policyId) },
            // Claimable when new, when a failed attempt gave it back, or when a claim's lease ran out.
            ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :sent AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now))',
            UpdateExpression: 'SET #status = :sending, claimId = :claim, campaignId = :campaign, leaseUntil = :lease, policyId = :policy, memberId = :member ADD attempts :one',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':sending': 'sending',
              ':now': now.toISOString(),
              ':claim': claimId,
              ':campaign': campaignId,
              ':lease': leaseUntil.toISOString(),
              ':policy': policyId,
              ':member': memberId,
              ':one': 1,
            },
          }),
        ),
      );
    if (applied) return { kind: 'claimed', claimId };
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: memberKey(memberId), sk: noticeKey(policyId) }, ConsistentRead: true })),
    );
    if (Item?.status === 'sent') return { kind: 'sent', campaignId: Item.campaignId as string };
    return { kind: 'busy', leaseUntil: (Item?.leaseUntil as string | undefined) ?? now.toISOString() };
  }

  async erasedAmong(memberIds: readonly string[]): Promise<Set<string>> {
    const erased = new Set<string>();
    for (let i = 0; i < memberIds.length; i += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = memberIds.slice(i, i + BATCH_GET_LIMIT).map((memberId) => ({ pk: memberKey(memberId), sk: STATE }));
      await retry(async () => {
        const response = await guarded(() =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'memberId, erasedAt' } },
            }),
          ),
        );
        for (const item of response.Responses?.[this.table] ?? []) if (item.erasedAt !== undefined) erased.add(item.memberId as string);
        keys = (response.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (keys.length > 0) throw new UnprocessedKeysError(`storage throttled: ${keys.length} keys left unprocessed`);
      }, { ...PARTIAL_BATCH, retryable: (error) => error instanceof UnprocessedKeysError });
    }
    return erased;
  }

  async recordDelivered(memberId: string, policyId: string, claimId: string, deliveredAt: string, messageId: string | undefined): Promise<void> {
    // Our lease ran out and another consumer took over: its record will stand.
    await conditionally(() =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: memberKey(memberId), sk: STATE },
                // Every change to the member bumps its version; profile and choice writes only
                // set their own fields, so none can overwrite this delivery.
                UpdateExpression: 'SET notices.#policy = :at, version = version + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#policy': policyId },
                ExpressionAttributeValues: { ':at': deliveredAt, ':one': 1 },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk: memberKey(memberId), sk: noticeKey(policyId) },
                UpdateExpression: 'SET #status = :sent, deliveredAt = :at, messageId = :message REMOVE leaseUntil, lastError',
                ConditionExpression: 'claimId = :claim',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':sent': 'sent', ':at': deliveredAt, ':message': messageId ?? 'unknown', ':claim': claimId },
              },
            },
          ],
        }),
      ),
    );
  }

  async releaseClaim(memberId: string, policyId: string, claimId: string, error: string, final: boolean): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: memberKey(memberId), sk: noticeKey(policyId) },
          UpdateExpression: 'SET #status = :status, lastError = :error REMOVE leaseUntil',
          ConditionExpression: 'claimId = :claim',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': final ? 'failed' : 'retrying', ':error': error.slice(0, 500), ':claim': claimId },
        }),
      ),
    );
  }
}
