// The SQS consumers' partial batch responses (lib/adapters/sqs/batch.ts, on Powertools batch): what the
// hand-written version did is what it still does.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../lib/log.ts';
import { processRecords } from '../../lib/adapters/sqs/batch.ts';

const record = (messageId: string, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: JSON.stringify({ id: messageId }),
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '0',
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
  awsRegion: 'us-east-1',
});
const event = (...ids: string[]): SQSEvent => ({ Records: ids.map((id) => record(id, 3)) });

afterEach(() => vi.restoreAllMocks());

describe('processRecords: partial batch responses', () => {
  it('acknowledges every record of a batch that succeeds', async () => {
    await expect(processRecords(event('a', 'b'), async () => undefined)).resolves.toEqual({ batchItemFailures: [] });
  });

  it('answers an empty batch with no failures', async () => {
    await expect(processRecords({ Records: [] }, async () => undefined)).resolves.toEqual({ batchItemFailures: [] });
  });

  it('reports only the failed records, in the order of the batch', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const result = await processRecords(event('a', 'b', 'c', 'd'), async (r) => {
      if (r.messageId === 'b' || r.messageId === 'd') throw new Error(`bad ${r.messageId}`);
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }] });
  });

  it('reports every record of a batch that fails whole, rather than throwing', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const result = await processRecords(event('a', 'b'), async () => {
      throw new Error('down');
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] });
  });

  it('handles the records one after another, never two at once', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    await processRecords(event('a', 'b', 'c'), async (r) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(r.messageId);
      running--;
    });
    expect(most).toBe(1);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('logs each failure with its message id, receive count and reason', async () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const reason = new Error('SES throttled');
    await processRecords(event('a', 'b'), async (r) => {
      if (r.messageId === 'b') throw reason;
    });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('record failed', { messageId: 'b', receiveCount: 3, error: reason });
  });

  it('keeps two batches handled at once apart (the local stack may do this)', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const slowFail = async (r: SQSRecord) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (r.messageId.startsWith('x')) throw new Error('no');
    };
    const [first, second] = await Promise.all([
      processRecords(event('x1', 'a1'), slowFail),
      processRecords(event('b2', 'x2', 'c2'), slowFail),
    ]);
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: 'x1' }] });
    expect(second).toEqual({ batchItemFailures: [{ itemIdentifier: 'x2' }] });
  });
});
