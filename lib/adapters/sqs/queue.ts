// Sending to SQS in as few requests as the service allows: SendMessageBatch, 10 entries a call.
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientCreated } from '../client-hooks.ts';
import { StorageUnavailableError } from '../../app/errors.ts';
import { PARTIAL_BATCH, retry } from '../../app/retry.ts';

import type { OutgoingMessage, Queue } from '../../app/ports/messaging.ts';

const MAX_ENTRIES = 10;
/** SendMessageBatch accepts 256 KiB in all; stay under it with room for the envelope. */
const MAX_BATCH_BYTES = 240 * 1024;

/** Entries SendMessageBatch reported as failed; the last one is what the caller gets. */
class EntriesFailedError extends StorageUnavailableError {}

/**
 * Endpoint from the SDK's environment (AWS_ENDPOINT_URL_SQS locally). Queue URLs do not pick the
 * endpoint: in AWS they agree with it anyway, and an emulator's URLs need not be reachable hosts.
 */
export function createSqsClient(): SQSClient {
  const client = new SQSClient({ useQueueUrlAsEndpoint: false, requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
  return clientCreated({ service: 'SQS', client });
}

function batches(messages: readonly OutgoingMessage[]): OutgoingMessage[][] {
  const result: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

export class SqsQueue implements Queue {
  private readonly client: SQSClient;
  readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  /** Sends every message, retrying entries SQS reports as failed; throws if some never go. */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const batch of batches(messages)) {
      let pending = batch.map((message, index) => ({ id: String(index), message }));
      await retry(async (attempt) => {
        const response = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map(({ id, message }) => ({
              Id: id,
              MessageBody: message.body,
              ...(message.delaySeconds ? { DelaySeconds: Math.min(900, Math.ceil(message.delaySeconds)) } : {}),
            })),
          }),
        );
        const failed = new Set((response.Failed ?? []).map((entry) => entry.Id));
        pending = pending.filter(({ id }) => failed.has(id));
        if (pending.length > 0) throw new EntriesFailedError(`SQS refused ${pending.length} messages after ${attempt} attempts`);
      }, { ...PARTIAL_BATCH, retryable: (error) => error instanceof EntriesFailedError });
    }
  }
}

/** How many messages wait in a queue (ApproximateNumberOfMessages): the dashboard's DLQ depth. */
export async function queueDepth(client: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
