// Change events onto the SNS FIFO topic in as few requests as the service allows: PublishBatch,
// 10 entries a call. Order matters only within a message group (a member), so a large batch is
// split into lanes by group, published side by side, each lane one call after another: a shard
// of the stream keeps up with its partition's writes, and a member's events keep their order.
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { batches } from './batches.ts';
import { clientCreated } from './client-hooks.ts';
import type { OutgoingEvent } from '../app/events/cloud-events.ts';
import type { EventBus } from '../app/ports/event-bus.ts';
import { logger } from '../log.ts';

/** Events a lane gets at least, so that its calls are full (10 entries); and lanes at most. */
const EVENTS_PER_LANE = 100;
const MAX_LANES = 4;

/** FNV-1a: a cheap, stable spread of message groups over lanes. */
function laneOf(group: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) hash = Math.imul(hash ^ group.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

/** Endpoint from the SDK's environment (AWS_ENDPOINT_URL_SNS locally). */
export function createSnsClient(): SNSClient {
  const client = new SNSClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
  return clientCreated({ service: 'SNS', client });
}

interface Indexed {
  event: OutgoingEvent;
  /** Its place in the batch handed to publish(). */
  index: number;
  /** The message: the CloudEvent as JSON. */
  body: string;
}

export class SnsEventBus implements EventBus {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(client: SNSClient, topicArn: string) {
    this.client = client;
    this.topicArn = topicArn;
  }

  async publish(events: readonly OutgoingEvent[]): Promise<number> {
    const lanes = Math.max(1, Math.min(MAX_LANES, Math.floor(events.length / EVENTS_PER_LANE)));
    const byLane: Indexed[][] = Array.from({ length: lanes }, () => []);
    events.forEach((event, index) => byLane[laneOf(event.messageGroupId, lanes)]!.push({ event, index, body: JSON.stringify(event.event) }));
    // Every event before the first one a lane could not publish is out; later ones of other lanes
    // may be too, and are deduplicated when the batch is retried from there.
    const firstUnpublished = await Promise.all(byLane.map((lane) => this.publishInOrder(lane)));
    return Math.min(events.length, ...firstUnpublished);
  }

  /** Publishes one lane call after call; answers the batch index of its first event not published (Infinity: none). */
  private async publishInOrder(lane: readonly Indexed[]): Promise<number> {
    for (const entries of batches(lane, (entry) => entry.body)) {
      let failedAt: number | undefined;
      try {
        const response = await this.client.send(
          new PublishBatchCommand({
            TopicArn: this.topicArn,
            PublishBatchRequestEntries: entries.map(({ event, body }, index) => ({
              Id: String(index),
              Message: body,
              MessageGroupId: event.messageGroupId,
              MessageDeduplicationId: event.deduplicationId,
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
      if (failedAt !== undefined) return entries[failedAt]!.index;
    }
    return Infinity;
  }
}
