// Collects the change events a local stack's subscriber queue receives, for tests and the bench:
// reads the queue in the background (deleting what it read, as a consumer does) and lets a test
// wait for the events it expects.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CloudEvent } from '../../lib/app/events/cloud-events.ts';
import { readEvents } from '../../infra/local/event-reader.ts';

export interface Received {
  event: CloudEvent;
  raw: string;
  receivedAt: number;
}

export class EventCollector {
  readonly received: Received[] = [];
  private stopped = false;
  private readonly reading: Promise<void>;
  private readonly sqs: SQSClient;

  constructor(sqsEndpoint: string, queueUrl: string) {
    this.sqs = new SQSClient({
      endpoint: sqsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    this.reading = readEvents(this.sqs, queueUrl, (event, raw) => this.received.push({ event, raw, receivedAt: Date.now() }), {
      follow: true,
      isStopped: () => this.stopped,
    });
  }

  of(subject: string, type?: string): CloudEvent[] {
    return this.received.filter(({ event }) => event.subject === subject && (type === undefined || event.type === type)).map(({ event }) => event);
  }

  /** Waits until `subject` has at least `count` events (of `type`), then a little longer to catch extras. */
  async waitFor(subject: string, count: number, type?: string, timeoutMs = 30_000): Promise<CloudEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(subject, type).length < count) {
      if (Date.now() > deadline) throw new Error(`${subject}: ${this.of(subject, type).length} of ${count} ${type ?? ''} events after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.of(subject, type);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.reading;
    this.sqs.destroy();
  }
}
