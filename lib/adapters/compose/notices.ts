// Dependencies of the notice pipeline, built once per container from its configuration: each use
// case gets exactly its deps. The SES client lives in ./sender.ts so that only the sender bundles it.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fanoutQueueConfig, noticeConfig, noticeQueueConfig, tableConfig } from '../../config.ts';
import type { Deps } from '../../app/deps.ts';
import type { CampaignDeps, FanoutDeps, NoticeRecords, PolicyAndClock } from '../../app/notices/deps.ts';
import { createSqsClient, SqsQueue } from '../sqs/queue.ts';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoNoticeStore } from '../dynamo/notice-store.ts';
import { createDeps } from './consents.ts';

/** The catalog, the clock and the notice store; one DynamoDB client per container, shared with the ledger. */
export function createNoticeBase(dynamo: DynamoDBDocumentClient = createDocumentClient()): PolicyAndClock & NoticeRecords {
  const { policies, clock } = createDeps(dynamo);
  return { policies, clock, notices: new DynamoNoticeStore(dynamo, tableConfig().tableName) };
}

export function createCampaignDeps(dynamo: DynamoDBDocumentClient = createDocumentClient()): CampaignDeps {
  const { segments } = noticeConfig();
  return {
    ...createNoticeBase(dynamo),
    fanoutQueue: new SqsQueue(createSqsClient(), fanoutQueueConfig().fanoutQueueUrl),
    config: { segments },
  };
}

/** The admin function's: the ledger for its member and policy routes, and starting a campaign (reading progress uses a part). */
export function createAdminDeps(): Deps & CampaignDeps {
  const dynamo = createDocumentClient();
  return { ...createDeps(dynamo), ...createCampaignDeps(dynamo) };
}

export function createFanoutDeps(): FanoutDeps {
  const { pageSize, recipientsPerMessage, leaseSeconds } = noticeConfig();
  const sqs = createSqsClient();
  return {
    ...createNoticeBase(),
    fanoutQueue: new SqsQueue(sqs, fanoutQueueConfig().fanoutQueueUrl),
    noticeQueue: new SqsQueue(sqs, noticeQueueConfig().noticeQueueUrl),
    config: { pageSize, recipientsPerMessage, leaseSeconds },
  };
}
