// The change-event topology, as both stacks build it (infra/stack.ts in AWS, infra/local/ on the
// emulators): one SNS FIFO topic, and the example subscriber queue with its dead-letter queue. A
// subscriber of your own is one more FIFO queue subscribed the same way (README, "Change events").
// No CDK imports here: the local stack loads this module.

/** The topic every change event is published to, locally; in AWS its name is made unique to the stack. */
export const EVENT_TOPIC_NAME = 'consent-events.fifo';

/** The example subscription the stack ships: an audit trail of every event. */
export const AUDIT_QUEUE_NAME = 'consent-events-audit.fifo';
/** Locally; in AWS the dead-letter queues' names are made unique to the stack. */
export const AUDIT_DLQ_NAME = 'consent-events-audit-dlq.fifo';

/** Where the stream's event source mapping sends the details of a batch it gave up on. */
export const PUBLISH_DLQ_NAME = 'consent-events-publish-dlq';

/** SNS FIFO deduplicates a message id for 5 minutes; beyond that, consumers deduplicate on `id`. */
export const FIFO_DEDUPLICATION_MINUTES = 5;

/** Receives of one audit message before it moves to the audit DLQ. */
export const AUDIT_MAX_RECEIVE_COUNT = 5;

/** The CloudEvents `source` of a deployment: its stack name, in a URN. */
export const eventSource = (stackName: string) => `urn:consent-ledger:${stackName}`;
