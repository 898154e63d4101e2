import type { Mailer, Queue } from '../ports/messaging.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { NoticeStore } from '../ports/notice-store.ts';
import type { Deps } from '../deps.ts';

export interface NoticeConfig {
  /** Parallel scan segments a campaign walks the member table in. */
  segments: number;
  /** Items a fan-out page examines (the Scan Limit). */
  pageSize: number;
  /** Recipients per notice message, sent 50 to a SendBulkEmail call; fewer messages, fewer SQS requests. */
  recipientsPerMessage: number;
  /** How long a consumer's claim on a member's notice holds before another may take over. */
  leaseSeconds: number;
  /** Delivery attempts per recipient before the notice counts as failed. */
  maxAttempts: number;
  /** Delay before a failed recipient is retried, doubled per attempt (capped at 900 s). */
  retryBaseSeconds: number;
}

// Each use case's deps list what it uses and nothing else, composed from the pieces below; none
// extends another, so a sender is not handed the fan-out queue it never sends to.

/** The policy catalog and the clock. */
export type PolicyAndClock = Pick<Deps, 'policies' | 'clock'>;

/** Campaigns, their finished work, the members to scan and each member's notice claim. */
export interface NoticeRecords {
  notices: NoticeStore;
}

/** Where fan-out messages (one page of one scan segment each) go. */
export interface FanoutQueue {
  fanoutQueue: Queue;
}

/** Where chunk messages (up to 50 recipients each) go. */
export interface NoticeQueue {
  noticeQueue: Queue;
}

/** SES, paced to this consumer's share of the account's send rate. */
export interface MailSending {
  mailer: Mailer;
  limiter: RateLimiter;
}

/** Signing the opt-out links in emails. */
export interface OptOutLinks {
  linkKey: Uint8Array;
  /** Opt-out links in emails: where they point (the public address of this API), how long they hold. */
  links: { publicBaseUrl: string; ttlDays: number };
}

/** The notice settings a use case reads. */
export interface NoticeSettings<Key extends keyof NoticeConfig> {
  config: Pick<NoticeConfig, Key>;
}

/** Holding the claim on a unit of campaign work. */
export type WorkClaimDeps = Pick<Deps, 'clock'> & NoticeRecords & NoticeSettings<'leaseSeconds'>;

/** Starting a campaign. */
export type CampaignDeps = PolicyAndClock & NoticeRecords & FanoutQueue & NoticeSettings<'segments'>;

/** Reading a campaign's progress. */
export type ProgressDeps = Pick<Deps, 'policies'> & NoticeRecords;

/** Walking members and enqueueing recipients. */
export type FanoutDeps = PolicyAndClock &
  NoticeRecords &
  FanoutQueue &
  NoticeQueue &
  NoticeSettings<'pageSize' | 'recipientsPerMessage' | 'leaseSeconds'>;

/** Sending the emails. */
export type SenderDeps = PolicyAndClock &
  NoticeRecords &
  NoticeQueue &
  MailSending &
  OptOutLinks &
  NoticeSettings<'leaseSeconds' | 'maxAttempts' | 'retryBaseSeconds'>;
