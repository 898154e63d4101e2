// SQS consumer: sends one chunk of up to 50 notices per message through SES SendBulkEmail.
import type { SQSEvent } from 'aws-lambda';
import { chunkMessage, parseMessage } from '../lib/app/notices/messages.ts';
import { createSenderDeps } from '../lib/adapters/compose/sender.ts';
import { sendChunk } from '../lib/app/notices/send.ts';
import { processRecords } from '../lib/adapters/sqs/batch.ts';

const deps = await createSenderDeps();

export const handler = async (event: SQSEvent) =>
  processRecords(event, (record) => sendChunk(deps, parseMessage(chunkMessage, record.body)));
