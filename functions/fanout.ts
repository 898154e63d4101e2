// SQS consumer: walks one page of members per message and enqueues their notices.
import type { SQSEvent } from 'aws-lambda';
import { fanoutMessage, parseMessage } from '../lib/notices/messages.ts';
import { createFanoutDeps } from '../lib/runtime-notices.ts';
import { fanoutPage } from '../lib/services/notices.ts';
import { processRecords } from '../lib/sqs/batch.ts';

const deps = createFanoutDeps();

export const handler = async (event: SQSEvent) =>
  processRecords(event, (record) => fanoutPage(deps, parseMessage(fanoutMessage, record.body)));
