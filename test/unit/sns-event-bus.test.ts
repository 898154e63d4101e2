// The SNS adapter's batching and its answer on failure, against a mocked client (the end-to-end
// behaviour on fauxqs is in test/integration/change-events.test.ts).
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsEventBus } from '../../lib/adapters/sns.ts';
import type { OutgoingEvent } from '../../lib/app/events/cloud-events.ts';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:consent-events.fifo';
const sns = mockClient(SNSClient);

const events = (count: number, dataBytes = 10, groups = 3): OutgoingEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    event: { specversion: '1.0', id: `e${i}`, source: 's', type: 'consent.choice.recorded', subject: `m${i % groups}`, time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', data: { pad: 'x'.repeat(dataBytes) } },
    messageGroupId: `m${i % groups}`,
    deduplicationId: `d${i}`,
  }));

const sentIds = () =>
  sns.commandCalls(PublishBatchCommand).map((call) => call.args[0].input.PublishBatchRequestEntries!.map((entry) => JSON.parse(entry.Message!).id as string));

beforeEach(() => sns.reset());

describe('SnsEventBus', () => {
  it('publishes in order, ten entries a call, with each event\'s group and deduplication id', async () => {
    sns.on(PublishBatchCommand).resolves({ Successful: [], Failed: [] });
    expect(await new SnsEventBus(new SNSClient({}), TOPIC).publish(events(25))).toBe(25);
    expect(sentIds().map((ids) => ids.length)).toEqual([10, 10, 5]);
    expect(sentIds().flat()).toEqual(events(25).map((event) => event.event.id));
    const first = sns.commandCalls(PublishBatchCommand)[0]!.args[0].input;
    expect(first.TopicArn).toBe(TOPIC);
    expect(first.PublishBatchRequestEntries![1]).toMatchObject({ Id: '1', MessageGroupId: 'm1', MessageDeduplicationId: 'd1' });
  });

  it('keeps a call under 256 KiB in all', async () => {
    sns.on(PublishBatchCommand).resolves({});
    expect(await new SnsEventBus(new SNSClient({}), TOPIC).publish(events(10, 50_000))).toBe(10);
    for (const ids of sentIds()) expect(ids.length).toBeLessThanOrEqual(4);
  });

  it('answers how many went out before the first refused entry, and sends nothing after it', async () => {
    sns.on(PublishBatchCommand)
      .resolvesOnce({})
      .resolvesOnce({ Failed: [{ Id: '5', Code: 'InternalError', SenderFault: false }, { Id: '3', Code: 'InternalError', SenderFault: false }] });
    expect(await new SnsEventBus(new SNSClient({}), TOPIC).publish(events(25))).toBe(13);
    expect(sentIds()).toHaveLength(2);
  });

  it('answers how many went out before a call that failed altogether', async () => {
    sns.on(PublishBatchCommand).resolvesOnce({}).rejects(Object.assign(new Error('throttled'), { name: 'ThrottledException' }));
    expect(await new SnsEventBus(new SNSClient({}), TOPIC).publish(events(25))).toBe(10);
  });

  it('splits a large batch into lanes by group: each group in order, calls full, at most 4 at once', async () => {
    sns.on(PublishBatchCommand).resolves({});
    const batch = events(500, 10, 97);
    expect(await new SnsEventBus(new SNSClient({}), TOPIC).publish(batch)).toBe(500);
    const calls = sentIds();
    // 4 lanes of about 125: at most one call short of full per lane.
    expect(calls.length).toBeLessThanOrEqual(50 + 4);
    const sent = calls.flat();
    expect(new Set(sent).size).toBe(500);
    const sentOrder = new Map(sent.map((id, position) => [id, position]));
    for (let group = 0; group < 97; group++) {
      const ids = batch.filter((event) => event.messageGroupId === `m${group}`).map((event) => event.event.id);
      const positions = ids.map((id) => sentOrder.get(id)!);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('with lanes, answers the first event a lane could not publish', async () => {
    const batch = events(400, 10, 97);
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: { Message: string }[] }) => {
      const ids = input.PublishBatchRequestEntries.map((entry) => JSON.parse(entry.Message).id as string);
      // The call holding e250 fails altogether.
      if (ids.includes('e250')) throw Object.assign(new Error('throttled'), { name: 'ThrottledException' });
      return {};
    });
    const published = await new SnsEventBus(new SNSClient({}), TOPIC).publish(batch);
    const failedCall = sentIds().find((ids) => ids.includes('e250'))!;
    expect(published).toBe(Math.min(...failedCall.map((id) => Number(id.slice(1)))));
    // Everything before it went out.
    const sent = new Set(sentIds().filter((ids) => ids !== failedCall).flat());
    for (let i = 0; i < published; i++) expect(sent.has(`e${i}`)).toBe(true);
  });
});
