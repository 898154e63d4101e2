// Sending to SQS in as few requests as the service allows: SendMessageBatch, 10 entries a call.
import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientCreated } from '../client-hooks.ts';
import { StorageUnavailableError } from '../../app/errors.ts';
import { PARTIAL_BATCH, retry } from '../../app/retry.ts';
import { batches } from '../batches.ts';

import type { OutgoingMessage, Queue } from '../../app/ports/messaging.ts';

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

export class SqsQueue implements Queue {
  private readonly client: SQSClient;
  readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  /** Sends every message, retrying entries SQS reports as failed; throws if some never go. */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const batch of batches(messages, (message) => message.body)) {
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
