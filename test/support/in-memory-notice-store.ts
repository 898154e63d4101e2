// NoticeStore in memory, on the same InMemoryTable as an InMemoryConsentStore (as both DynamoDB
// adapters share one table), with the conditions of lib/adapters/dynamo/notice-store.ts: one claim
// per member and policy version with a lease, a delivery recorded on the member and the notice
// together or not at all, one consumer per page or chunk, results recorded by the claim holder.
import { randomUUID } from 'node:crypto';
import { memberKey, noticeKey, STATE, toMemberRecord } from '../../lib/adapters/dynamo/member-item.ts';
import type {
  Campaign,
  CampaignRecords,
  ChunkResult,
  ClaimOutcome,
  MemberPage,
  NoticeStore,
  PageResult,
  WorkClaim,
  WorkKey,
} from '../../lib/app/ports/notice-store.ts';
import { encodeMember } from './in-memory-store.ts';
import { InMemoryTable, type Item } from './in-memory-table.ts';

const campaignsKey = (policyId: string) => `NOTICES#${policyId}`;
const campaignKey = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const workKey = (work: WorkKey) =>
  work.kind === 'chunk' ? `CHUNK#${work.chunkId}` : `PAGE#${String(work.segment).padStart(4, '0')}#${String(work.page).padStart(8, '0')}`;

type Keyed = Item & { pk: string; sk: string };

/** A member's notice of a policy version, as stored (test-only view). */
export interface NoticeRecord {
  status: 'sending' | 'sent' | 'retrying' | 'failed';
  claimId: string;
  campaignId: string;
  leaseUntil?: string;
  attempts: number;
  deliveredAt?: string;
  messageId?: string;
  lastError?: string;
}

export class InMemoryNoticeStore implements NoticeStore {
  readonly table: InMemoryTable;

  constructor(table: InMemoryTable) {
    this.table = table;
  }

  async createCampaign(campaign: Campaign): Promise<void> {
    this.table.put({ pk: campaignsKey(campaign.policyId), sk: campaign.campaignId, ...campaign });
  }

  async listCampaigns(policyId: string): Promise<Campaign[]> {
    return this.table.query(campaignsKey(policyId)).map((item) => ({
      campaignId: item.campaignId as string,
      policyId: item.policyId as string,
      startedAt: item.startedAt as string,
      startedBy: item.startedBy as string,
      segments: item.segments as number,
    }));
  }

  async campaignRecords(campaign: Campaign): Promise<CampaignRecords> {
    const pages: PageResult[] = [];
    const chunks: ChunkResult[] = [];
    for (const { pk: _pk, sk, claimId: _claim, ...item } of this.table.query(campaignKey(campaign.campaignId))) {
      if (!item.finishedAt) continue; // claimed, not finished
      if ((sk as string).startsWith('CHUNK#')) chunks.push(item as unknown as ChunkResult);
      else if ((sk as string).startsWith('PAGE#')) pages.push(item as unknown as PageResult);
    }
    return { campaign, pages, chunks };
  }

  async claimWork(campaignId: string, work: WorkKey, now: Date, leaseUntil: Date): Promise<WorkClaim> {
    const key = { pk: campaignKey(campaignId), sk: workKey(work) };
    const item = this.table.get(key.pk, key.sk);
    const free = !item?.finishedAt && (item?.leaseUntil === undefined || (item.leaseUntil as string) < now.toISOString());
    if (!free) return item?.finishedAt ? { kind: 'done' } : { kind: 'busy' };
    const claimId = randomUUID();
    this.table.put({ ...(item ?? {}), ...key, claimId, leaseUntil: leaseUntil.toISOString() });
    return { kind: 'claimed', claimId };
  }

  async releaseWork(campaignId: string, work: WorkKey, claimId: string): Promise<void> {
    const item = this.table.get(campaignKey(campaignId), workKey(work)) as Keyed | undefined;
    // Not ours any more (the lease ran out): nothing to give back.
    if (item?.claimId !== claimId) return;
    const { leaseUntil: _lease, claimId: _claim, ...rest } = item;
    this.table.put(rest as Keyed);
  }

  async finishWork(campaignId: string, work: WorkKey, claimId: string, result: PageResult | ChunkResult): Promise<void> {
    const key = { pk: campaignKey(campaignId), sk: workKey(work) };
    // The lease ran out and another consumer took the work over: its result will stand.
    if (this.table.get(key.pk, key.sk)?.claimId !== claimId) return;
    this.table.put({ ...key, claimId, ...result });
  }

  async scanMembers(segment: number, totalSegments: number, startKey: Record<string, unknown> | undefined, limit: number): Promise<MemberPage> {
    const page = this.table.scan(segment, totalSegments, startKey as { pk: string; sk: string } | undefined, limit);
    // The filter applies after the Limit, as in DynamoDB: a page may hold fewer members than it examined.
    const members = page.items.filter((item) => item.sk === STATE && (item.pk as string).startsWith('M#')).map(toMemberRecord);
    return { members, nextKey: page.lastKey };
  }

  async claimNotice(memberId: string, policyId: string, campaignId: string, now: Date, leaseUntil: Date): Promise<ClaimOutcome> {
    const key = { pk: memberKey(memberId), sk: noticeKey(policyId) };
    const item = this.table.get(key.pk, key.sk);
    // Claimable when new, when a failed attempt gave it back, or when a claim's lease ran out.
    const claimable =
      item === undefined || (item.status !== 'sent' && (item.leaseUntil === undefined || (item.leaseUntil as string) < now.toISOString()));
    if (!claimable) {
      if (item.status === 'sent') return { kind: 'sent', campaignId: item.campaignId as string };
      return { kind: 'busy', leaseUntil: (item.leaseUntil as string | undefined) ?? now.toISOString() };
    }
    const claimId = randomUUID();
    this.table.put({
      ...(item ?? {}),
      ...key,
      status: 'sending',
      claimId,
      campaignId,
      leaseUntil: leaseUntil.toISOString(),
      policyId,
      memberId,
      attempts: ((item?.attempts as number | undefined) ?? 0) + 1,
    });
    return { kind: 'claimed', claimId };
  }

  async erasedAmong(memberIds: readonly string[]): Promise<Set<string>> {
    return new Set(memberIds.filter((memberId) => this.table.get(memberKey(memberId), STATE)?.erasedAt !== undefined));
  }

  async recordDelivered(memberId: string, policyId: string, claimId: string, deliveredAt: string, messageId: string | undefined): Promise<void> {
    const hot = this.table.get(memberKey(memberId), STATE);
    const notice = this.table.get(memberKey(memberId), noticeKey(policyId)) as Keyed | undefined;
    // Both conditions or nothing: the member exists, and our claim still holds the notice.
    if (!hot || notice?.claimId !== claimId) return;
    const record = toMemberRecord(hot);
    this.table.put(encodeMember({ ...record, notices: { ...record.notices, [policyId]: deliveredAt }, version: record.version + 1 }));
    const { leaseUntil: _lease, lastError: _error, ...rest } = notice;
    this.table.put({ ...rest, status: 'sent', deliveredAt, messageId: messageId ?? 'unknown' });
  }

  async releaseClaim(memberId: string, policyId: string, claimId: string, error: string, final: boolean): Promise<void> {
    const notice = this.table.get(memberKey(memberId), noticeKey(policyId)) as Keyed | undefined;
    if (notice?.claimId !== claimId) return;
    const { leaseUntil: _lease, ...rest } = notice;
    this.table.put({ ...rest, status: final ? 'failed' : 'retrying', lastError: error.slice(0, 500) });
  }

  /** A member's notice of a policy version, as stored (test-only). */
  noticeRecord(memberId: string, policyId: string): NoticeRecord | undefined {
    const item = this.table.get(memberKey(memberId), noticeKey(policyId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, policyId: _policy, memberId: _member, ...record } = item;
    return record as unknown as NoticeRecord;
  }
}
