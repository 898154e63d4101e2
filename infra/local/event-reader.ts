// Reads change events from a subscriber queue of the local stack (the audit queue, or a test's
// own), as a consumer does: receive, hand over, delete. FIFO queues hand out a member's next event
// only once the one before is deleted, so a reader that did not delete would stall that member.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CloudEvent } from '../../lib/app/events/cloud-events.ts';

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
      case 'consent.choice.recorded':
        return `${String(data.purpose)} ${String(data.choice)} #${String(data.sequence)} (${String(data.source)}; policy ${String(data.policyVersion)}, in ${String(data.jurisdiction)})`;
      case 'consent.profile.changed':
        return `profile v${String(data.profileVersion)}: ${[data.country, data.subdivision].filter(Boolean).join('/')}${data.suspectedMinor ? ', suspected minor' : ''}`;
      case 'consent.notice.delivered':
        return `notice of policy ${String(data.policyVersion)} delivered`;
      case 'consent.policy.published':
        return `effective ${String(data.effectiveAt)}, announced ${String(data.announcedAt)}`;
      case 'consent.training-run.registered':
        return `${String(data.name)}: ${String(data.purpose)} as of ${String(data.snapshotAt)}`;
      default:
        return JSON.stringify(data);
    }
  })();
  return `${event.time}  ${event.type.padEnd(32)} ${event.subject}  ${gist}`;
}
