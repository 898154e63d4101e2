// Change events onto the SNS FIFO topic in as few requests as the service allows: PublishBatch,
// 10 entries a call, sent one call after another so that a member's events keep their order.
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientCreated } from './client-hooks.ts';
import type { OutgoingEvent } from '../app/events/cloud-events.ts';
import type { EventBus } from '../app/ports/event-bus.ts';
import { logger } from '../log.ts';

const MAX_ENTRIES = 10;
/** PublishBatch accepts 256 KiB in all; stay under it with room for the attributes. */
const MAX_BATCH_BYTES = 240 * 1024;

/** Endpoint from the SDK's environment (AWS_ENDPOINT_URL_SNS locally). */
export function createSnsClient(): SNSClient {
  const client = new SNSClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
  return clientCreated({ service: 'SNS', client });
}

function chunks(events: readonly OutgoingEvent[]): { entries: OutgoingEvent[]; bodies: string[] }[] {
  const result: { entries: OutgoingEvent[]; bodies: string[] }[] = [];
  let current = { entries: [] as OutgoingEvent[], bodies: [] as string[] };
  let bytes = 0;
  for (const event of events) {
    const body = JSON.stringify(event.event);
    const size = Buffer.byteLength(body);
    if (current.entries.length === MAX_ENTRIES || (current.entries.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      result.push(current);
      current = { entries: [], bodies: [] };
      bytes = 0;
    }
    current.entries.push(event);
    current.bodies.push(body);
    bytes += size;
  }
  if (current.entries.length > 0) result.push(current);
  return result;
}

export class SnsEventBus implements EventBus {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(client: SNSClient, topicArn: string) {
    this.client = client;
    this.topicArn = topicArn;
  }

  async publish(events: readonly OutgoingEvent[]): Promise<number> {
    let published = 0;
    for (const { entries, bodies } of chunks(events)) {
      let failedAt: number | undefined;
      try {
        const response = await this.client.send(
          new PublishBatchCommand({
            TopicArn: this.topicArn,
            PublishBatchRequestEntries: entries.map((entry, index) => ({
              Id: String(index),
              Message: bodies[index]!,
              MessageGroupId: entry.messageGroupId,
              MessageDeduplicationId: entry.deduplicationId,
            })),
          }),
        );
        const failed = (response.Failed ?? []).map((entry) => Number(entry.Id));
        if (failed.length > 0) {
          failedAt = Math.min(...failed);
          logger.warn('SNS refused change events', { refused: failed.length, code: response.Failed?.[0]?.Code, message: response.Failed?.[0]?.Message });
        }
      } catch (error) {
        failedAt = 0;
        logger.warn('SNS publish failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
      if (failedAt !== undefined) return published + failedAt;
      published += entries.length;
    }
    return published;
  }
}
