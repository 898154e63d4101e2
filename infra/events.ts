// The change-event topology, as both stacks build it (infra/stack.ts in AWS, infra/local/ on the
// emulators): one SNS FIFO topic, and the example subscriber queue with its dead-letter queue. A
// subscriber of your own is one more FIFO queue subscribed the same way (README, "Change events").
// No CDK imports here: the local stack loads this module.

// The names a subscriber sees, and the CloudEvents source, live with the events themselves: the
// AsyncAPI document served by the public function describes them, and no bundle takes infra/.
export { AUDIT_QUEUE_NAME, EVENT_TOPIC_NAME, eventSource } from '../lib/app/events/topic.ts';
import { MAX_RECEIVE_COUNT } from './functions.ts';

/**
 * Where the audit queue moves a message its consumer keeps failing on. Locally; in AWS the
 * dead-letter queues' names are made unique to the stack.
 */
export const AUDIT_DLQ_NAME = 'consent-events-audit-dlq.fifo';

/** Where the stream's event source mapping sends the details of a batch it gave up on. */
export const PUBLISH_DLQ_NAME = 'consent-events-publish-dlq';

/** Receives of one audit message before it moves to the audit DLQ: as for the service's own queues. */
export const AUDIT_MAX_RECEIVE_COUNT = MAX_RECEIVE_COUNT;
