// The AsyncAPI document /asyncapi.json serves: valid AsyncAPI 3.0 to the reference parser, one
// message per event type, and each type's payload schema accepting exactly the events
// toOutgoingEvent produces for realistic facts: a field added to an event, or dropped from it,
// fails here until the document says so.
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface, type Diagnostic } from '@asyncapi/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, toOutgoingEvent, type CloudEvent } from '../../lib/app/events/cloud-events.ts';
import type { ChangeFact } from '../../lib/app/events/facts.ts';
import { eventSource, FIFO_DEDUPLICATION_MINUTES } from '../../lib/app/events/topic.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { buildAsyncApi } from '../../lib/web/api/asyncapi.ts';
import { buildOpenApi } from '../../lib/web/api/openapi.ts';
import { policyVersion, PURPOSE } from '../support/builders.ts';

// ajv-formats is CommonJS: under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, any>;

const SOURCE = eventSource('local');
const policies = REFERENCE_POLICIES;
const [, latest] = REFERENCE_POLICIES;

/** Facts as the stream gives them: every kind, with and without each optional or nullable field. */
const FACTS: ChangeFact[] = [
  {
    kind: 'choice', memberId: 'alice', purpose: PURPOSE, sequence: 3, at: '2026-01-05T10:00:00.123Z', recordedAt: '2026-01-05T10:00:00.123Z',
    choice: 'denied', source: 'settings',
    profiles: [{ from: '2024-02-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '1990-05-01', suspectedMinor: false }],
  },
  // Before any policy version and any profile: policyVersion and jurisdiction are null.
  { kind: 'choice', memberId: 'm-2:b@x', purpose: PURPOSE, sequence: 1, at: '2023-06-01T00:00:00.000Z', recordedAt: '2023-06-01T00:00:00.000Z', choice: 'granted', source: 'gpc', profiles: [] },
  { kind: 'profile', memberId: 'alice', version: 2, effectiveAt: '2026-01-05T09:00:00.000Z', recordedAt: '2026-01-05T09:00:00.000Z', country: 'US', subdivision: 'US-CA', suspectedMinor: true },
  { kind: 'profile', memberId: 'bruno', version: 1, effectiveAt: '2026-01-05T09:00:00.000Z', recordedAt: '2026-01-05T09:00:01.000Z', country: 'FR', subdivision: undefined, suspectedMinor: undefined },
  { kind: 'notice', memberId: 'bruno', policyId: latest!.id, deliveredAt: '2025-09-18T08:30:00.000Z' },
  { kind: 'policy', policy: latest!, recordedAt: '2025-09-17T12:00:00.000Z' },
  { kind: 'policy', policy: policyVersion({ id: '2031-01', announcedAt: '2030-12-01T00:00:00.000Z', effectiveAt: '2031-01-01T00:00:00.000Z' }), recordedAt: '2030-11-30T00:00:00.000Z' },
  {
    kind: 'run',
    run: {
      runId: 'run-20260105T100000123Z-a1b2c3d4', purpose: PURPOSE, snapshotAt: '2026-01-01T00:00:00.000Z', pinnedAt: '2026-01-05T10:00:00.123Z',
      name: 'llm-v7 pretraining', model: 'llm-v7', dataset: 'posts-2025', registeredBy: 'training-pipeline',
    },
  },
  {
    kind: 'run',
    run: {
      runId: 'run-20260105T110000000Z-00000000', purpose: PURPOSE, snapshotAt: '2026-01-01T00:00:00.000Z', pinnedAt: '2026-01-05T11:00:00.000Z',
      name: 'ablation', model: null, dataset: null, registeredBy: 'training-pipeline',
    },
  },
  { kind: 'erasure', memberId: 'm.128-chars:ok@x', erasedAt: '2026-03-01T08:00:00.000Z' },
];

/** An event as a subscriber's queue receives it: the JSON body, parsed. */
const received = (fact: ChangeFact) => JSON.parse(JSON.stringify(toOutgoingEvent(fact, policies, SOURCE).event)) as CloudEvent & Json;

/** The parser's annotations (x-parser-schema-id) taken off, so ajv reads plain JSON Schema. */
function withoutParserKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-parser-')).map(([key, inner]) => [key, withoutParserKeys(inner)]));
}

/** `{subject}`, `{data.memberId}`... filled in from the event. */
const fill = (template: string, event: Json) =>
  template.replace(/\{([\w.]+)\}/g, (_, path: string) => String(path.split('.').reduce<any>((value, key) => value?.[key], event)));

const built = buildAsyncApi() as Json;
let document: AsyncAPIDocumentInterface;
let diagnostics: Diagnostic[];
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);

// One parse for the file: the parser loads the AsyncAPI specs and Spectral rules (~0.5 s).
beforeAll(async () => {
  const parsed = await new Parser().parse(JSON.stringify(built));
  diagnostics = parsed.diagnostics;
  if (parsed.document === undefined) throw new Error(`not parsed: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  document = parsed.document;
}, 30_000);

function payloadOf(type: string) {
  const message = document.messages().all().find((candidate) => candidate.name() === type);
  if (message === undefined) throw new Error(`no message ${type}`);
  return { message, validate: ajv.compile(withoutParserKeys(message.payload()!.json()) as Json) };
}

describe('the AsyncAPI document', () => {
  it('is AsyncAPI 3.0.0 the reference parser accepts without an error', () => {
    const report = diagnostics.map((d) => `${DiagnosticSeverity[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`).join('\n');
    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error), report).toEqual([]);
    expect(document.version()).toBe('3.0.0');
    // The SNS and SQS bindings were checked against their schemas, not skipped.
    expect(document.channels().get('changeEvents')?.bindings().has('sns')).toBe(true);
  });

  it('has one message per type of EVENT_TYPES, all received by the one operation', () => {
    const types = Object.values(EVENT_TYPES).sort();
    expect(document.messages().all().map((message) => message.name()).sort()).toEqual(types);
    const operations = document.operations().all();
    expect(operations.map((operation) => [operation.action(), operation.messages().all().map((message) => message.name()).sort()])).toEqual([['receive', types]]);
    for (const type of types) expect((payloadOf(type).message.payload()!.json() as Json).properties.type.const).toBe(type);
  });

  it('states the contract version OpenAPI states', () => {
    expect(document.info().version()).toBe((buildOpenApi().info as Json).version);
  });

  it('says what a subscriber relies on: FIFO, raw delivery, the deduplication window, deduplicating on id, no personal details', () => {
    const channel = built.channels.changeEvents;
    expect(channel.bindings.sns.ordering).toEqual({ type: 'FIFO', contentBasedDeduplication: false });
    expect(built.operations.receiveChangeEvents.bindings.sns.consumers).toEqual([expect.objectContaining({ protocol: 'sqs', rawMessageDelivery: true })]);
    expect(channel.description).toContain(`within ${FIFO_DEDUPLICATION_MINUTES} minutes`);
    expect(channel.description).toContain('consumers deduplicate on `id`');
    expect(channel.description).toContain('no event carries an email address, a birth date or a locale');
    // Nor does any payload have a place for one.
    const names = JSON.stringify(built.components.messages).match(/"(\w+)":\{/g) ?? [];
    expect(names.filter((name) => /email|birth|locale/i.test(name))).toEqual([]);
  });
});

describe('each fact\'s event against its type\'s payload schema', () => {
  it('covers every kind of fact', () => {
    expect(new Set(FACTS.map((fact) => fact.kind))).toEqual(new Set(Object.keys(EVENT_TYPES)));
  });

  it.each(FACTS.map((fact, index) => [`${fact.kind} (fact ${index + 1})`, fact] as const))('%s: valid', (_, fact) => {
    const event = received(fact);
    const { validate } = payloadOf(event.type);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(FACTS.map((fact, index) => [`${fact.kind} (fact ${index + 1})`, fact] as const))('%s: the id and the message group are the ones the message states', (_, fact) => {
    const outgoing = toOutgoingEvent(fact, policies, SOURCE);
    const event = received(fact);
    const { message } = payloadOf(event.type);
    const extensions = message.extensions();
    expect(event.id).toBe(fill(extensions.get('x-event-id')!.value(), event));
    expect(outgoing.messageGroupId).toBe(fill(extensions.get('x-message-group-id')!.value(), event));
    expect(outgoing.deduplicationId).toBe(createHash('sha256').update(event.id).digest('hex'));
  });

  it.each(FACTS.map((fact, index) => [`${fact.kind} (fact ${index + 1})`, fact] as const))('%s: an extra field, a missing one or another type is refused', (_, fact) => {
    const event = received(fact);
    const { validate } = payloadOf(event.type);
    const [firstField] = Object.keys(event.data);
    const { [firstField!]: _dropped, ...withoutFirst } = event.data;
    const { subject: _subject, ...withoutSubject } = event;
    const otherType = Object.values(EVENT_TYPES).find((type) => type !== event.type);
    const refused: [string, unknown][] = [
      ['an extra data field', { ...event, data: { ...event.data, email: 'alice@example.com' } }],
      ['an extra envelope attribute', { ...event, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }],
      [`data without ${firstField}`, { ...event, data: withoutFirst }],
      ['no subject', withoutSubject],
      ['another type', { ...event, type: otherType }],
      ['another specversion', { ...event, specversion: '0.3' }],
      ['a time that is not an instant', { ...event, time: 'yesterday' }],
    ];
    for (const [what, candidate] of refused) expect(validate(candidate), what).toBe(false);
  });
});
