// SQS consumer: walks one page of members per message and enqueues their notices.
import type { SQSEvent } from 'aws-lambda';
import { fanoutMessage, parseMessage } from '../lib/app/notices/messages.ts';
import { createFanoutDeps } from '../lib/adapters/compose/notices.ts';
import { fanoutPage } from '../lib/app/notices/fanout.ts';
import { processRecords } from '../lib/adapters/sqs/batch.ts';

const deps = createFanoutDeps();

export const handler = async (event: SQSEvent) =>
  processRecords(event, (record) => fanoutPage(deps, parseMessage(fanoutMessage, record.body)));
