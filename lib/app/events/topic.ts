// Where change events go, by name, and what a subscriber can rely on from FIFO delivery: the
// stacks build the topic and the example subscriber under these names (infra/events.ts), and the
// AsyncAPI document (lib/web/api/asyncapi.ts) describes them. Plain data: the public function's
// bundle takes it without the SDK.

/** The topic every change event is published to, locally; in AWS its name is made unique to the stack. */
export const EVENT_TOPIC_NAME = 'consent-events.fifo';

/** The example subscription the stack ships: an audit trail of every event. */
export const AUDIT_QUEUE_NAME = 'consent-events-audit.fifo';

/** SNS FIFO deduplicates a message id for 5 minutes; beyond that, consumers deduplicate on `id`. */
export const FIFO_DEDUPLICATION_MINUTES = 5;

/** The CloudEvents `source` of a deployment: its stack name, in a URN. */
export const eventSource = (stackName: string) => `urn:consent-ledger:${stackName}`;
