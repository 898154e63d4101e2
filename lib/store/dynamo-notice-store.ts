// NoticeStore on the same DynamoDB table (layout in ./table.ts).
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guarded, memberKey, STATE, toMemberRecord } from './dynamo-store.ts';
import type { Campaign, CampaignRecords, ChunkResult, ClaimOutcome, MemberPage, NoticeStore, PageResult } from './notice-store.ts';

const campaignsKey = (policyId: string) => `NOTICES#${policyId}`;
const campaignKey = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const pageKey = (segment: number, page: number) => `PAGE#${String(segment).padStart(4, '0')}#${String(page).padStart(8, '0')}`;
const noticeKey = (policyId: string) => `N#${policyId}`;

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');
}

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
    const { Items } = await guarded(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': campaignsKey(policyId) },
          ConsistentRead: true,
        }),
      ),
    );
    return (Items ?? []).map((item) => ({
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
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await guarded(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': campaignKey(campaign.campaignId) },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const sk = item.sk as string;
        if (sk.startsWith('CHUNK#')) chunks.push(item as ChunkResult);
        else if (sk.startsWith('PAGE#') && item.finishedAt) pages.push(item as PageResult);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { campaign, pages, chunks };
  }

  async pageIsNew(campaignId: string, segment: number, page: number): Promise<boolean> {
    const { Item } = await guarded(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk: campaignKey(campaignId), sk: pageKey(segment, page) }, ConsistentRead: true })),
    );
    return Item?.finishedAt === undefined;
  }

  async putPageResult(campaignId: string, result: PageResult): Promise<void> {
    await guarded(() =>
      this.client.send(new PutCommand({ TableName: this.table, Item: { pk: campaignKey(campaignId), sk: pageKey(result.segment, result.page), ...result } })),
    );
  }

  async putChunkResult(campaignId: string, result: ChunkResult): Promise<void> {
    await guarded(() =>
      this.client.send(new PutCommand({ TableName: this.table, Item: { pk: campaignKey(campaignId), sk: `CHUNK#${result.chunkId}`, ...result } })),
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
    try {
      await guarded(() =>
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
      return { kind: 'claimed', claimId };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await guarded(() =>
        this.client.send(new GetCommand({ TableName: this.table, Key: { pk: memberKey(memberId), sk: noticeKey(policyId) }, ConsistentRead: true })),
      );
      if (Item?.status === 'sent') return { kind: 'sent', campaignId: Item.campaignId as string };
      return { kind: 'busy', leaseUntil: (Item?.leaseUntil as string | undefined) ?? now.toISOString() };
    }
  }

  async recordDelivered(memberId: string, policyId: string, claimId: string, deliveredAt: string, messageId: string | undefined): Promise<void> {
    await guarded(() =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: memberKey(memberId), sk: STATE },
                // The version bump makes concurrent profile or choice writers re-read, so none
                // of them can overwrite this delivery with an older copy of the member.
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
    ).catch((error: unknown) => {
      // Our lease ran out and another consumer took over: its record will stand.
      if (!isConditionFailure(error)) throw error;
    });
  }

  async releaseClaim(memberId: string, policyId: string, claimId: string, error: string, final: boolean): Promise<void> {
    await guarded(() =>
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
    ).catch((failure: unknown) => {
      if (!isConditionFailure(failure)) throw failure;
    });
  }
}
