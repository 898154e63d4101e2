// Reads change events from a subscriber queue of the local stack (the audit queue, or one of a
// test's, the bench's or the demo's own, subscribed like any downstream system's), as a consumer
// does: receive, hand over, delete. FIFO queues hand out a member's next event
// only once the one before is deleted, so a reader that did not delete would stall that member.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { EVENT_TYPES, type CloudEvent } from '../../lib/app/events/cloud-events.ts';
import { arnOf, ensureQueue } from './queues.ts';

export interface ReadOptions {
  /** Keep reading until stopped; otherwise stop at the first empty receive. */
  follow: boolean;
  isStopped?: () => boolean;
  /** Long-poll wait of one receive, in seconds. */
  waitSeconds?: number;
}

/** Calls `onEvent` with each event, in the queue's order, until the queue is empty or the reader is stopped. */
export async function readEvents(
  sqs: SQSClient,
  queueUrl: string,
  onEvent: (event: CloudEvent, raw: string) => void,
  options: ReadOptions,
): Promise<void> {
  while (!options.isStopped?.()) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: options.waitSeconds ?? 1 }),
    );
    if (Messages.length === 0 && !options.follow) return;
    for (const message of Messages) onEvent(JSON.parse(message.Body ?? 'null') as CloudEvent, message.Body ?? '');
    if (Messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
    }
  }
}

/** One line for a person: when, what, whose, and the gist of the data. */
export function eventLine(event: CloudEvent): string {
  const data = event.data as Record<string, unknown>;
  const gist = (() => {
    switch (event.type) {
      case EVENT_TYPES.choice:
        return `${String(data.purpose)} ${String(data.choice)} #${String(data.sequence)} (${String(data.source)}; policy ${String(data.policyVersion)}, in ${String(data.jurisdiction)})`;
      case EVENT_TYPES.profile:
        return `profile v${String(data.profileVersion)}: ${[data.country, data.subdivision].filter(Boolean).join('/')}${data.suspectedMinor ? ', suspected minor' : ''}`;
      case EVENT_TYPES.notice:
        return `notice of policy ${String(data.policyVersion)} delivered`;
      case EVENT_TYPES.erasure:
        return 'erased';
      case EVENT_TYPES.policy:
        return `effective ${String(data.effectiveAt)}, announced ${String(data.announcedAt)}`;
      case EVENT_TYPES.run:
        return `${String(data.name)}: ${String(data.purpose)} as of ${String(data.snapshotAt)}`;
      default:
        return JSON.stringify(data);
    }
  })();
  return `${event.time}  ${event.type.padEnd(32)} ${event.subject}  ${gist}`;
}

const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** An SQS client of the local stack's emulator, from outside the stack (the CLI, demo, bench, tests). */
export const localSqsClient = (endpoint: string) => new SQSClient({ ...localClientConfig(endpoint), useQueueUrlAsEndpoint: false });

/** A new FIFO queue subscribed to the stack's event topic with raw delivery: a subscriber of one's own. */
export async function subscribeNewQueue(sqsEndpoint: string, topicArn: string, prefix: string): Promise<string> {
  const sqs = localSqsClient(sqsEndpoint);
  const sns = new SNSClient(localClientConfig(sqsEndpoint));
  try {
    const queueUrl = await ensureQueue(sqs, `${prefix}-${Date.now().toString(36)}.fifo`, { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: await arnOf(sqs, queueUrl), Attributes: { RawMessageDelivery: 'true' } }));
    return queueUrl;
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

export interface Received {
  event: CloudEvent;
  raw: string;
  receivedAt: number;
}

/** Reads a queue in the background and keeps every event, for whoever waits for some of them. */
export class EventCollector {
  readonly received: Received[] = [];
  private stopped = false;
  private readonly reading: Promise<void>;
  private readonly sqs: SQSClient;

  constructor(sqsEndpoint: string, queueUrl: string) {
    this.sqs = localSqsClient(sqsEndpoint);
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
