// Change events end to end on a stack of its own (DOMAIN.md section 7; issue 14): DynamoDB
// Local's stream → the publish function → the SNS FIFO topic on fauxqs → the audit queue. One
// event per fact, in each member's order, none for housekeeping, never an email address; and a
// publisher that dies half-way through a batch loses and duplicates nothing.
import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { EventCollector } from '../../infra/local/event-reader.ts';
import { adminToken, call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId, useStack, wholeHistory } from './api-client.ts';

/** Members with this prefix: the first publish of their choices dies half-way (infra/local/instrumentation/faults.ts). */
const CRASH = 'crash-publish';
const CRASH_PATTERN = `member/${CRASH}[^"]*/choice/`;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

let stack: StackProcess;
let events: EventCollector;
let admin: string;

interface LocalStackDetails {
  sqsEndpoint: string;
  auditQueueUrl: string;
}

beforeAll(async () => {
  stack = await startStackProcess({ CONSENT_LEDGER_FAULTS: JSON.stringify({ publishCrashOnce: CRASH_PATTERN }), PUBLISH_BATCHING_WINDOW_MS: '200' });
  useStack(stack.ready);
  const details = (await (await fetch(`${stack.ready.url}/_local/stack`)).json()) as LocalStackDetails;
  events = new EventCollector(details.sqsEndpoint, details.auditQueueUrl);
  admin = await adminToken();
}, 60_000);

afterAll(async () => {
  await events?.stop();
  await stack?.stop();
});

/**
 * A choice, sent again while the service answers 503. Without an Idempotency-Key: 200 keyed writes
 * on one member are 200 transactions on one item, which contend where plain appends do not; a
 * retried plain write may be recorded twice, so the tests compare the events with the history.
 */
async function choose(memberId: string, choice: 'granted' | 'denied', token: string) {
  for (let attempt = 1; ; attempt++) {
    const answer = await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token, body: { choice } });
    if (answer.status !== 503 || attempt === 8) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
  }
}

describe('one event per fact', () => {
  it('a new member and a choice yield one profile event and one choice event, valid CloudEvents 1.0', async () => {
    const memberId = uniqueMemberId('ev-one');
    await createMember(memberId, { country: 'FR', birthDate: '1990-04-01', locale: 'fr-FR' });
    const answer = await choose(memberId, 'denied', await memberToken(memberId));
    expect(answer.status, answer.text).toBe(200);

    const [choice] = await events.waitFor(memberId, 1, 'consent.choice.recorded');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // room for a duplicate to show
    expect(events.of(memberId).map((event) => event.type)).toEqual(['consent.profile.changed', 'consent.choice.recorded']);

    // The SDK validates the envelope (specversion, id, source, type, time...) on construction.
    expect(() => new CloudEvent(choice as never, true)).not.toThrow();
    expect(choice).toMatchObject({
      specversion: '1.0',
      type: 'consent.choice.recorded',
      subject: memberId,
      time: answer.body.updatedAt,
      datacontenttype: 'application/json',
      data: { memberId, purpose: PURPOSE, choice: 'denied', source: 'api', sequence: 1, recordedAt: answer.body.updatedAt, policyVersion: answer.body.policyVersion, jurisdiction: 'FR' },
    });
    expect(choice!.id).toBe(`member/${memberId}/choice/${PURPOSE}/1`);
    // The event names the receipt the write was answered with.
    const claims = JSON.parse(Buffer.from(String(answer.body.receipt).split('.')[1]!, 'base64url').toString()) as { receiptId: string };
    expect((choice!.data as { receiptId: string }).receiptId).toBe(claims.receiptId);
    const [profile] = events.of(memberId, 'consent.profile.changed');
    expect(() => new CloudEvent(profile as never, true)).not.toThrow();
    expect(profile!.data).toEqual({ memberId, profileVersion: 1, country: 'FR', suspectedMinor: false, recordedAt: expect.any(String) });
  }, 60_000);

  it('200 concurrent writers on one member yield 200 events, in the order of the member\'s history', async () => {
    const memberId = uniqueMemberId('ev-200');
    await createMember(memberId);
    const token = await memberToken(memberId);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => choose(memberId, i % 2 ? 'granted' : 'denied', token)));
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);

    // 200 unless a retried write was recorded twice under load: one event per recorded choice either way.
    const history = await wholeHistory(memberId, token);
    expect(history.length).toBeGreaterThanOrEqual(200);
    await events.waitFor(memberId, history.length, 'consent.choice.recorded', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const choices = events.of(memberId, 'consent.choice.recorded');
    expect(choices.map((event) => (event.data as { sequence: number }).sequence)).toEqual(history.map((_, i) => i + 1));
    expect(choices.map((event) => [event.time, (event.data as { choice: string }).choice])).toEqual(history.map((item) => [item.at, item.choice]));
  }, 120_000);

  it('a publish that dies half-way through a batch is retried: no event lost, none twice', async () => {
    const memberId = uniqueMemberId(CRASH);
    await createMember(memberId);
    const token = await memberToken(memberId);
    // At once, so that the failing PublishBatch holds ten of this member's choices: five go out.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => choose(memberId, i % 2 ? 'granted' : 'denied', token)));
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);

    const history = await wholeHistory(memberId, token);
    await events.waitFor(memberId, history.length, 'consent.choice.recorded', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const choices = events.of(memberId, 'consent.choice.recorded');
    expect(choices.map((event) => (event.data as { sequence: number }).sequence)).toEqual(history.map((_, i) => i + 1));
    expect(choices.map((event) => [event.time, (event.data as { choice: string }).choice])).toEqual(history.map((item) => [item.at, item.choice]));
    const faults = (await (await fetch(`${stack.ready.url}/_local/faults`)).json()) as { publisherCrashed: number };
    expect(faults.publisherCrashed).toBe(1);
  }, 120_000);

  it('a policy version, a training run and a notice delivery each yield their event', async () => {
    const base = (await call('GET', '/v1/policies/2025-11-03', { token: admin })).body;
    const policyId = `ev-policy-${Date.now().toString(36)}`;
    const effectiveAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const put = await call('PUT', `/v1/policies/${policyId}`, { token: admin, body: { announcedAt: effectiveAt, effectiveAt, purposes: base.purposes } });
    expect(put.status, put.text).toBe(201);
    const [policy] = await events.waitFor(policyId, 1, 'consent.policy.published');
    expect(policy).toMatchObject({ id: `policy/${policyId}`, time: effectiveAt, data: { policyVersion: policyId, effectiveAt, purposes: [PURPOSE] } });

    const run = await call('POST', '/v1/training-runs', { token: await pipelineToken(), body: { purpose: PURPOSE, snapshotAt: new Date().toISOString(), name: 'events' } });
    expect(run.status, run.text).toBe(201);
    const [registered] = await events.waitFor(run.body.runId, 1, 'consent.training-run.registered');
    expect(registered).toMatchObject({ time: run.body.pinnedAt, data: { runId: run.body.runId, purpose: PURPOSE, name: 'events', model: null } });

    // A notice campaign of the version in force reaches every processable member of this stack.
    const memberId = uniqueMemberId('ev-notice');
    await createMember(memberId, { country: 'CA' });
    const started = await call('POST', '/v1/policies/2025-11-03/notices', { token: admin });
    expect(started.status, started.text).toBe(202);
    const [notice] = await events.waitFor(memberId, 1, 'consent.notice.delivered', 60_000);
    expect(notice!.data).toEqual({ memberId, policyVersion: '2025-11-03', deliveredAt: notice!.time });
    expect(() => new CloudEvent(notice as never, true)).not.toThrow();
  }, 120_000);
});

describe('what events never carry', () => {
  it('no event holds an email address, a birth date or a locale; no housekeeping event was sent', () => {
    expect(events.received.length).toBeGreaterThan(230);
    for (const { raw, event } of events.received) {
      expect(raw).not.toMatch(EMAIL);
      expect(raw).not.toMatch(/birthDate|locale|1990-04-01|fr-FR/);
      expect(['consent.choice.recorded', 'consent.profile.changed', 'consent.notice.delivered', 'consent.policy.published', 'consent.training-run.registered']).toContain(event.type);
    }
    const ids = events.received.map(({ event }) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
