// The AsyncAPI 3.0 description served at /asyncapi.json: the change events downstream systems
// receive (DOMAIN.md section 7, "Change events"). One message per type of EVENT_TYPES, each the
// CloudEvents envelope around exactly the `data` toOutgoingEvent gives its kind of fact (closed:
// a field the code adds and this document does not describe fails the unit test). Written from
// the subscriber's side: the operation receives. Plain data and types only, for the public
// function's bundle.
import { EVENT_TYPES } from '../../app/events/cloud-events.ts';
import type { ChangeFact } from '../../app/events/facts.ts';
import { AUDIT_QUEUE_NAME, EVENT_TOPIC_NAME, eventSource, FIFO_DEDUPLICATION_MINUTES } from '../../app/events/topic.ts';
import { CHOICE_SOURCES, CHOICES } from '../../domain/member.ts';
import { CONTRACT_VERSION } from './routes.ts';

type Json = Record<string, unknown>;

/** What the document says of one kind of fact's event, beyond its type. */
interface EventDescription {
  title: string;
  summary: string;
  /** The event's `id` over its own fields (`{data.memberId}`): the same whenever the fact is published. */
  id: string;
  /** The FIFO message group over the event's fields: order holds within it. */
  messageGroupId: string;
  subject: string;
  time: string;
  data: Json;
}

const instant = (description?: string): Json => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
const nullableString = (description: string): Json => ({ type: ['string', 'null'], description });

/** An object with exactly these properties, all required but `optional`. */
const closed = (properties: Record<string, Json>, optional: readonly string[] = []): Json => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  properties,
});

const memberId = { type: 'string', minLength: 1, description: 'The member, by the id the platform gave it: never an email address' };
const memberSubject = 'The member id';

const EVENTS = {
  choice: {
    title: 'Choice recorded',
    summary: 'A member granted or denied a purpose, by any route (settings page, email link, API, import, support, Global Privacy Control).',
    id: 'member/{data.memberId}/choice/{data.purpose}/{data.sequence}',
    messageGroupId: '{subject}',
    subject: memberSubject,
    time: 'When the choice took effect: when recorded, but never before the choice recorded ahead of it',
    data: closed({
      memberId,
      purpose: { type: 'string', minLength: 1 },
      choice: { enum: [...CHOICES] },
      source: { enum: [...CHOICE_SOURCES] },
      sequence: {
        type: 'integer',
        minimum: 1,
        description: "1 for the member's first choice on the purpose, then 2, 3...: a gap is a choice not received (yet)",
      },
      recordedAt: instant('When the ledger recorded the choice'),
      policyVersion: nullableString('The policy version in force when the choice took effect; null when none was'),
      jurisdiction: nullableString(
        "Where the member was when choosing: the profile's subdivision (US-CA) if it has one, else its country (FR); null when no profile covered that time",
      ),
      receiptId: { type: 'string', format: 'uuid', description: 'The id of the signed receipt the choice was answered with (its claim receiptId): derived from member, purpose and sequence' },
    }),
  },
  profile: {
    title: 'Profile changed',
    summary: "A member's profile was created or replaced: only what eligibility depends on, never the email address, birth date or locale.",
    id: 'member/{data.memberId}/profile/{data.profileVersion}',
    messageGroupId: '{subject}',
    subject: memberSubject,
    time: 'When the profile took effect',
    data: closed(
      {
        memberId,
        profileVersion: { type: 'integer', minimum: 1, description: "The member record's version this change produced" },
        country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 (and XK)' },
        subdivision: { type: 'string', description: 'ISO 3166-2, such as US-CA; absent when the profile names none' },
        suspectedMinor: { type: 'boolean' },
        recordedAt: instant('When the ledger recorded the profile'),
      },
      ['subdivision'],
    ),
  },
  notice: {
    title: 'Notice delivered',
    summary: 'The email telling a member of a policy version was delivered (accepted by the mail service); once per member and version.',
    id: 'member/{data.memberId}/notice/{data.policyVersion}',
    messageGroupId: '{subject}',
    subject: memberSubject,
    time: 'When the notice was delivered',
    data: closed({ memberId, policyVersion: { type: 'string', minLength: 1 }, deliveredAt: instant() }),
  },
  policy: {
    title: 'Policy version published',
    summary: 'A policy version was recorded. Versions are immutable: one event per version.',
    id: 'policy/{data.policyVersion}',
    messageGroupId: 'policy:{subject}',
    subject: 'The policy version id',
    time: 'When the version takes effect: after it was recorded, so usually later than the event arrives',
    data: closed(
      {
        policyVersion: { type: 'string', minLength: 1 },
        announcedAt: instant(),
        effectiveAt: instant(),
        recordedAt: instant('When the ledger recorded the version'),
        summary: { type: 'string', description: 'In the version\'s default locale (its translations stay in the ledger); absent when the version has none' },
        purposes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' }, description: 'The purposes the version defines' },
      },
      ['summary'],
    ),
  },
  run: {
    title: 'Training run registered',
    summary: 'A training pipeline registered a run: every eligibility answer under it is as of snapshotAt, known at pinnedAt. Runs are immutable.',
    id: 'run/{data.runId}',
    messageGroupId: 'run:{subject}',
    subject: 'The run id',
    time: 'When the run was pinned (pinnedAt)',
    data: closed({
      runId: { type: 'string', minLength: 1 },
      purpose: { type: 'string', minLength: 1 },
      snapshotAt: instant('T: every answer under the run is as of this time'),
      pinnedAt: instant('K: every answer under the run counts only facts recorded by then'),
      name: { type: 'string' },
      model: nullableString('As registered; null when not given'),
      dataset: nullableString('As registered; null when not given'),
    }),
  },
  erasure: {
    title: 'Member erased',
    summary:
      'The member\'s email address, birth date and locale were removed from the ledger; the pseudonymous decision record stays. ' +
      'From now on every answer about the member is eligible: false, reason erased. Downstream copies of the member\'s data should go too.',
    id: 'member/{data.memberId}/erasure',
    messageGroupId: '{subject}',
    subject: memberSubject,
    time: 'When the erasure was recorded (erasedAt)',
    data: closed({
      memberId: { type: 'string', minLength: 1 },
      erasedAt: instant('When the erasure was recorded'),
    }),
  },
} as const satisfies Record<ChangeFact['kind'], EventDescription>;

const regexLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The CloudEvents 1.0 envelope (structured JSON) of one type, around its data. */
function payload(type: string, event: EventDescription): Json {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { const: '1.0' },
      id: {
        type: 'string',
        minLength: 1,
        description: `\`${event.id}\`: stable per fact, the same whenever the fact is published again. Deduplicate on it.`,
      },
      source: {
        type: 'string',
        format: 'uri-reference',
        pattern: `^${regexLiteral(eventSource(''))}`,
        description: `The deployment that recorded the fact: ${eventSource('<stack name>')}`,
      },
      type: { const: type },
      subject: { type: 'string', minLength: 1, description: event.subject },
      time: instant(event.time),
      datacontenttype: { const: 'application/json' },
      data: event.data,
    },
  };
}

const KINDS = Object.keys(EVENT_TYPES) as ChangeFact['kind'][];

function message(kind: ChangeFact['kind']): Json {
  const type = EVENT_TYPES[kind];
  const event: EventDescription = EVENTS[kind];
  return {
    name: type,
    title: event.title,
    summary: event.summary,
    description:
      `\`id\` is \`${event.id}\`; the message group is \`${event.messageGroupId}\`, and the message deduplication id ` +
      'the SHA-256 (hex) of `id`.',
    payload: payload(type, event),
    'x-event-id': event.id,
    'x-message-group-id': event.messageGroupId,
  };
}

const CHANNEL_DESCRIPTION = [
  'Every fact the ledger records is published here as one event: a choice, a profile change, a notice delivery, a ' +
    'policy version, a training run. Events follow the table\'s change stream, so they arrive shortly after the write.',
  '',
  '- **Format**: each message is one CloudEvents 1.0 event in the structured JSON format; the fact is in `data` ' +
    '(`datacontenttype` application/json).',
  `- **Subscribe** an SQS FIFO queue to this SNS FIFO topic with raw message delivery: each SQS message body is then the ` +
    `event itself. The stack ships one such subscriber, \`${AUDIT_QUEUE_NAME}\`. The topic is \`${EVENT_TOPIC_NAME}\` on ` +
    'the local stack; in AWS its name is made unique to the stack (the stack output `EventTopicArn` gives it).',
  '- **Order** holds within a FIFO message group: a member\'s events (choices, profile changes, notices) share the group ' +
    'of the member id and arrive in the order the ledger recorded them; a policy version is in group `policy:<id>`, a ' +
    'training run in `run:<id>`. There is no order across groups. One case can reorder a member\'s events: SNS refusing ' +
    'one entry of a batch while accepting later entries of the same member (those arrive first); a choice\'s `sequence` shows it.',
  `- **Duplicates**: the message deduplication id is the SHA-256 (hex) of the event's \`id\`, so FIFO delivery drops a ` +
    `fact published again within ${FIFO_DEDUPLICATION_MINUTES} minutes. Beyond that window the same fact can arrive ` +
    'again (the publisher retries a failed batch): consumers deduplicate on `id`, which is stable per fact.',
  '- **Privacy**: no event carries an email address, a birth date or a locale (queues and the systems behind them ' +
    'cannot be erased); a member is named by id only.',
].join('\n');

export function buildAsyncApi(): Json {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Consent Ledger change events',
      version: CONTRACT_VERSION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      description:
        'What downstream systems receive when the Consent Ledger records a fact (DOMAIN.md section 7, "Change events"). ' +
        'Described from a subscriber\'s side: the operation receives. The HTTP API is described at /openapi.json.',
      externalDocs: { description: 'CloudEvents 1.0', url: 'https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md' },
    },
    defaultContentType: 'application/cloudevents+json',
    channels: {
      changeEvents: {
        address: EVENT_TOPIC_NAME,
        title: 'Change events (SNS FIFO topic)',
        description: CHANNEL_DESCRIPTION,
        messages: Object.fromEntries(KINDS.map((kind) => [EVENT_TYPES[kind], { $ref: `#/components/messages/${EVENT_TYPES[kind]}` }])),
        bindings: { sns: { name: EVENT_TOPIC_NAME, ordering: { type: 'FIFO', contentBasedDeduplication: false }, bindingVersion: '0.1.0' } },
      },
    },
    operations: {
      receiveChangeEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/changeEvents' },
        title: 'Receive change events',
        summary: 'A subscriber\'s SQS FIFO queue, subscribed to the topic with raw message delivery, receives every event.',
        description:
          `Handle events of one message group in order. An event whose \`id\` was handled already is a duplicate: skip it. ` +
          'Ignore types you do not know: new types may be added.',
        messages: KINDS.map((kind) => ({ $ref: `#/channels/changeEvents/messages/${EVENT_TYPES[kind]}` })),
        bindings: {
          sns: { consumers: [{ protocol: 'sqs', endpoint: { name: AUDIT_QUEUE_NAME }, rawMessageDelivery: true }], bindingVersion: '0.1.0' },
          sqs: { queues: [{ name: AUDIT_QUEUE_NAME, fifoQueue: true }], bindingVersion: '0.2.0' },
        },
      },
    },
    components: { messages: Object.fromEntries(KINDS.map((kind) => [EVENT_TYPES[kind], message(kind)])) },
  };
}
