// The SNS adapter's batching and its answer on failure, against a mocked client (the end-to-end
// behaviour on fauxqs is in test/integration/change-events.test.ts).
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsEventBus } from '../../lib/adapters/sns.ts';
import type { OutgoingEvent } from '../../lib/app/events/cloud-events.ts';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:consent-events.fifo';
const sns = mockClient(SNSClient);

const events = (count: number, dataBytes = 10): OutgoingEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    event: { specversion: '1.0', id: `e${i}`, source: 's', type: 'consent.choice.recorded', subject: `m${i % 3}`, time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', data: { pad: 'x'.repeat(dataBytes) } },
    messageGroupId: `m${i % 3}`,
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
});
