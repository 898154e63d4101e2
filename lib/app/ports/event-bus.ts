import type { OutgoingEvent } from '../events/cloud-events.ts';

/** Where change events go: a FIFO topic that downstream systems subscribe queues to. */
export interface EventBus {
  /**
   * Publishes `events` in order and answers how many, from the first, are published: all of them,
   * or fewer when one could not be (the rest were not tried, or will be deduplicated when
   * published again). Never throws for a failed publish: the caller retries from the answer.
   */
  publish(events: readonly OutgoingEvent[]): Promise<number>;
}
