// Dependencies of the notice pipeline, built once per container from its configuration. The SES
// client lives in ./runtime-sender.ts so that only the sender bundles it.
import { fanoutQueueConfig, noticeConfig, noticeQueueConfig, tableConfig } from '../../config.ts';
import { createSqsClient, SqsQueue } from '../sqs/queue.ts';
import { createDeps } from './consents.ts';
import type { CampaignDeps, FanoutDeps } from '../../app/notices/deps.ts';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoNoticeStore } from '../dynamo/notice-store.ts';

/** One client per service for the whole container: the ledger and the notice store share DynamoDB's. */
export function createCampaignDeps(sqs = createSqsClient()): CampaignDeps {
  const { fanoutQueueUrl } = fanoutQueueConfig();
  const config = noticeConfig();
  const dynamo = createDocumentClient();
  return {
    ...createDeps(dynamo),
    notices: new DynamoNoticeStore(dynamo, tableConfig().tableName),
    fanoutQueue: new SqsQueue(sqs, fanoutQueueUrl),
    config,
  };
}

export function createFanoutDeps(): FanoutDeps {
  const { noticeQueueUrl } = noticeQueueConfig();
  const sqs = createSqsClient();
  return { ...createCampaignDeps(sqs), noticeQueue: new SqsQueue(sqs, noticeQueueUrl) };
}
