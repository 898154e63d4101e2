// Fault injection for the test suite only: active when CONSENT_LEDGER_FAULTS holds JSON. Only the
// local stack attaches it (./index.ts), as SDK middleware on the clients the handlers build and as
// a wrapper around the notify consumer, so no Lambda bundle contains it. Faults are keyed to test
// data so the rest of a shared stack is untouched.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SqsHandler } from '../event-source.ts';

interface FaultConfig {
  /** SES answers FAILED, once, for each destination whose address matches. */
  sesRejectOnce?: string;
  /** The first N SendBulkEmail calls are throttled (TooManyRequestsException). */
  sesThrottleCalls?: number;
  /** The notify consumer crashes after its first record, once, in a batch holding a matching member id. */
  notifyCrashOnce?: string;
  /** Share (0-1) of DynamoDB requests that fail before being sent: throttled, or timed out. */
  dynamoFailureRate?: number;
  /** Share (0-1) of UpdateItem requests (choice writes) applied by DynamoDB whose answer is then lost. */
  dynamoLostAnswerRate?: number;
  /**
   * The publisher dies half-way through a batch, once: the first PublishBatch holding an event
   * that matches publishes its first half of entries, then the call fails as a crash would.
   */
  publishCrashOnce?: string;
}

export type FaultKind = 'dynamoThrottled' | 'dynamoTimedOut' | 'dynamoAnswerLost' | 'sesThrottled' | 'sesRejected' | 'consumerCrashed' | 'publisherCrashed';

/** Faults injected in this thread so far, by kind: the stack sums its threads' for the stress profile. */
export const injectedFaults: Record<FaultKind, number> = {
  dynamoThrottled: 0,
  dynamoTimedOut: 0,
  dynamoAnswerLost: 0,
  sesThrottled: 0,
  sesRejected: 0,
  consumerCrashed: 0,
  publisherCrashed: 0,
};

/** CONSENT_LEDGER_FAULTS of the stack process; a function's worker is handed it (useFaults). */
let configured = process.env.CONSENT_LEDGER_FAULTS;

/**
 * The faults to inject in this thread: a function's worker gets them from the stack, not from its
 * environment, which holds only what the function has in Lambda.
 */
export function useFaults(raw: string | undefined): void {
  configured = raw;
}

function config(): FaultConfig {
  return configured ? (JSON.parse(configured) as FaultConfig) : {};
}

const rejected = new Set<string>();

/**
 * Throttles the first SendBulkEmail calls, and makes SendBulkEmail refuse matching destinations the first time each is sent: they are taken
 * out of the request (so nothing is delivered to them) and answered as a transient failure.
 */
export function injectSesFaults(client: SESv2Client): void {
  const { sesRejectOnce: pattern, sesThrottleCalls = 0 } = config();
  let throttled = 0;
  if (sesThrottleCalls > 0) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendBulkEmailCommand' && throttled < sesThrottleCalls) {
          throttled += 1;
          injectedFaults.sesThrottled += 1;
          throw Object.assign(new Error('Maximum sending rate exceeded (injected fault)'), { name: 'TooManyRequestsException', $fault: 'client' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectSesThrottling' },
    );
  }
  if (!pattern) return;
  const matches = new RegExp(pattern);
  type Entry = { Destination?: { ToAddresses?: string[] } };
  type Result = { Status?: string; Error?: string; MessageId?: string };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendBulkEmailCommand') return next(args);
      const input = args.input as { BulkEmailEntries?: Entry[] };
      const entries = input.BulkEmailEntries ?? [];
      const refuse = entries.map((entry) => {
        const to = entry.Destination?.ToAddresses?.[0] ?? '';
        if (!matches.test(to) || rejected.has(to)) return false;
        rejected.add(to);
        injectedFaults.sesRejected += 1;
        return true;
      });
      if (!refuse.some(Boolean)) return next(args);
      const kept = entries.filter((_, index) => !refuse[index]);
      const injected: Result = { Status: 'TRANSIENT_FAILURE', Error: 'injected fault' };
      if (kept.length === 0) return { output: { BulkEmailEntryResults: entries.map(() => injected), $metadata: {} } } as never;
      const result = await next({ ...args, input: { ...input, BulkEmailEntries: kept } });
      const results = [...((result.output as { BulkEmailEntryResults?: Result[] }).BulkEmailEntryResults ?? [])];
      (result.output as { BulkEmailEntryResults?: Result[] }).BulkEmailEntryResults = refuse.map((refused) => (refused ? injected : results.shift() ?? {}));
      return result;
    },
    { step: 'initialize', name: 'injectSesFaults' },
  );
}

let crashed = false;

/**
 * The consumer `handler`, crashing once like a process dying after its first record, in the first
 * batch that holds a matching member id: that record is done but not acknowledged, and the rest
 * of the batch is not started. Other batches, and every batch after the crash, go through as is.
 */
export function crashOnceAfterFirstRecord(handler: SqsHandler): SqsHandler {
  const pattern = config().notifyCrashOnce;
  if (!pattern) return handler;
  const matches = new RegExp(pattern);
  return async (event, context) => {
    if (crashed || !event.Records.some((record) => matches.test(record.body))) return handler(event, context);
    crashed = true;
    await handler({ ...event, Records: event.Records.slice(0, 1) }, context);
    injectedFaults.consumerCrashed += 1;
    throw new Error('injected crash mid-batch');
  };
}

/**
 * Fails a share of DynamoDB requests before they are sent, half as throttling, half as timeouts,
 * inside the SDK's retry loop: some are absorbed by its retries, the rest reach the service,
 * which must answer 503 and write nothing. And loses the answer of a share of UpdateItem requests
 * after DynamoDB applied them, as a timeout would: the SDK sends them again, and the second must
 * be recognised, not recorded twice.
 */
export function injectDynamoFaults(client: DynamoDBClient): void {
  const { dynamoFailureRate: rate = 0, dynamoLostAnswerRate: lostRate = 0 } = config();
  if (rate <= 0 && lostRate <= 0) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (Math.random() < rate) {
        const throttled = Math.random() < 0.5;
        injectedFaults[throttled ? 'dynamoThrottled' : 'dynamoTimedOut'] += 1;
        throw Object.assign(new Error(throttled ? 'Rate of requests exceeded (injected fault)' : 'Request timed out (injected fault)'), {
          name: throttled ? 'ThrottlingException' : 'TimeoutError',
          $retryable: { throttling: throttled },
        });
      }
      const result = await next(args);
      if (context.commandName === 'UpdateItemCommand' && Math.random() < lostRate) {
        injectedFaults.dynamoAnswerLost += 1;
        throw Object.assign(new Error('Answer lost after the write (injected fault)'), { name: 'TimeoutError', $retryable: {} });
      }
      return result;
    },
    { step: 'finalizeRequest', priority: 'low', name: 'injectDynamoFaults' },
  );
}

let publisherCrashed = false;

/** See FaultConfig.publishCrashOnce. */
export function injectSnsFaults(client: SNSClient): void {
  const pattern = config().publishCrashOnce;
  if (!pattern) return;
  const matches = new RegExp(pattern);
  type Entry = { Message?: string };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { PublishBatchRequestEntries?: Entry[] };
      const entries = input.PublishBatchRequestEntries ?? [];
      if (publisherCrashed || context.commandName !== 'PublishBatchCommand' || !entries.some((entry) => matches.test(entry.Message ?? ''))) {
        return next(args);
      }
      publisherCrashed = true;
      injectedFaults.publisherCrashed += 1;
      await next({ ...args, input: { ...input, PublishBatchRequestEntries: entries.slice(0, Math.ceil(entries.length / 2)) } });
      throw new Error('injected crash half-way through a publish');
    },
    { step: 'initialize', name: 'injectSnsFaults' },
  );
}
