// Dependencies of the notice pipeline, built once per container from its environment. The SES
// client lives in ./runtime-sender.ts so that only the sender bundles it.
import { createSqsClient, MessageQueue } from './queue/sqs.ts';
import { createDeps } from './runtime.ts';
import type { CampaignDeps, FanoutDeps, NoticeConfig } from './services/notice-deps.ts';
import { createDocumentClient } from './store/dynamo-client.ts';
import { DynamoNoticeStore } from './store/dynamo-notice-store.ts';
import { tableName } from './store/table.ts';

export function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${raw}`);
  return value;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function noticeConfig(): NoticeConfig {
  return {
    segments: numberFromEnv('NOTICE_SCAN_SEGMENTS', 4),
    pageSize: numberFromEnv('NOTICE_PAGE_SIZE', 1000),
    recipientsPerMessage: numberFromEnv('NOTICE_RECIPIENTS_PER_MESSAGE', 250),
    leaseSeconds: numberFromEnv('NOTICE_LEASE_SECONDS', 120),
    maxAttempts: numberFromEnv('NOTICE_MAX_ATTEMPTS', 5),
    retryBaseSeconds: numberFromEnv('NOTICE_RETRY_BASE_SECONDS', 30),
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
    linkTtlDays: numberFromEnv('LINK_TTL_DAYS', 90),
  };
}

/** One client per service for the whole container: the ledger and the notice store share DynamoDB's. */
export function createCampaignDeps(sqs = createSqsClient()): CampaignDeps {
  const dynamo = createDocumentClient();
  return {
    ...createDeps(dynamo),
    notices: new DynamoNoticeStore(dynamo, tableName()),
    fanoutQueue: new MessageQueue(sqs, requiredEnv('FANOUT_QUEUE_URL')),
    config: noticeConfig(),
  };
}

export function createFanoutDeps(): FanoutDeps {
  const sqs = createSqsClient();
  return { ...createCampaignDeps(sqs), noticeQueue: new MessageQueue(sqs, requiredEnv('NOTICE_QUEUE_URL')) };
}

