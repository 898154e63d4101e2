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

/** Starting a campaign and reading its progress. */
export interface CampaignDeps extends Deps {
  notices: NoticeStore;
  fanoutQueue: Queue;
  config: NoticeConfig;
}

/** Walking members and enqueueing recipients. */
export interface FanoutDeps extends CampaignDeps {
  noticeQueue: Queue;
}

/** Sending the emails. */
export interface SenderDeps extends FanoutDeps {
  mailer: Mailer;
  limiter: RateLimiter;
  linkKey: Uint8Array;
  /** Opt-out links in emails: where they point (the public address of this API), how long they hold. */
  links: { publicBaseUrl: string; ttlDays: number };
}
