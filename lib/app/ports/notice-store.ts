// Storage for policy-change notices: campaigns and their progress, one claim per member and
// policy version (the guard against duplicate emails), and delivery records.
import type { MemberRecord } from './consent-store.ts';

export interface Campaign {
  campaignId: string;
  policyId: string;
  startedAt: string;
  startedBy: string;
  segments: number;
}

/** The result of one fan-out page: members examined, recipients enqueued, chunk messages. */
export interface PageResult {
  segment: number;
  page: number;
  scanned: number;
  targeted: number;
  chunks: number;
  last: boolean;
  finishedAt: string;
}

/** The final result of one chunk message (at most 50 recipients). */
export interface ChunkResult {
  chunkId: string;
  sent: number;
  failed: number;
  skipped: number;
  /** 1 when this chunk enqueued a follow-up message for recipients to retry. */
  respawned: 0 | 1;
  finishedAt: string;
}

export interface CampaignRecords {
  campaign: Campaign;
  pages: PageResult[];
  chunks: ChunkResult[];
}

export type ClaimOutcome =
  | { kind: 'claimed'; claimId: string }
  /** Already delivered for this policy version; `campaignId` says by which campaign. */
  | { kind: 'sent'; campaignId: string }
  /** Another consumer holds a live claim. */
  | { kind: 'busy'; leaseUntil: string };

export interface MemberPage {
  members: MemberRecord[];
  nextKey?: Record<string, unknown> | undefined;
}

/** A unit of campaign work: one fan-out page, or one chunk message. */
export type WorkKey = { kind: 'page'; segment: number; page: number } | { kind: 'chunk'; chunkId: string };

export type WorkClaim =
  | { kind: 'claimed'; claimId: string }
  /** Finished already (a redelivered message): do nothing again. */
  | { kind: 'done' }
  /** Another consumer is on it: retry the message later. */
  | { kind: 'busy' };

export interface NoticeStore {
  createCampaign(campaign: Campaign): Promise<void>;
  listCampaigns(policyId: string): Promise<Campaign[]>;
  campaignRecords(campaign: Campaign): Promise<CampaignRecords>;
  /**
   * One consumer at a time per page or chunk, so a redelivered message neither forks the
   * fan-out chain nor writes a second, different result.
   */
  claimWork(campaignId: string, work: WorkKey, now: Date, leaseUntil: Date): Promise<WorkClaim>;
  /** Gives the work back after a failure, so the message's next delivery can take it at once. */
  releaseWork(campaignId: string, work: WorkKey, claimId: string): Promise<void>;
  /** Records the result, if `claimId` still holds the work. */
  finishWork(campaignId: string, work: WorkKey, claimId: string, result: PageResult | ChunkResult): Promise<void>;
  scanMembers(segment: number, totalSegments: number, startKey: Record<string, unknown> | undefined, limit: number): Promise<MemberPage>;
  claimNotice(memberId: string, policyId: string, campaignId: string, now: Date, leaseUntil: Date): Promise<ClaimOutcome>;
  /** Which of these members are erased now (a consistent read): they are sent nothing. */
  erasedAmong(memberIds: readonly string[]): Promise<Set<string>>;
  /** Records the delivery on the member (for rule 7) and in the notice record, atomically. */
  recordDelivered(memberId: string, policyId: string, claimId: string, deliveredAt: string, messageId: string | undefined): Promise<void>;
  /** Gives a claim back after a failed attempt; `final` marks the notice failed for this campaign. */
  releaseClaim(memberId: string, policyId: string, claimId: string, error: string, final: boolean): Promise<void>;
}
