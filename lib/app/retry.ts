// The one retry loop of lib/ and its policies, in one place.
//
// The AWS SDK clients already retry every request on their own (throttling, 5xx, timeouts,
// refused connections: the standard retry mode, 3 attempts with backoff). Nothing here repeats
// that. These policies cover only the answers the SDK counts as a success or as the caller's
// problem, and so never retries:
//   - a conditional write or transaction that collided with another one on the same item;
//   - a read-modify-write beaten by a concurrent writer (the version condition failed);
//   - a batch call that succeeded but left part of the batch undone (UnprocessedKeys, Failed);
//   - SES's per-call "slow down" (MailThrottledError), which the mailer adapter hands back.
import { setTimeout as wait } from 'node:timers/promises';

export interface RetryPolicy {
  /** Calls in all, the first included (Infinity: bounded by budgetMs alone). */
  readonly attempts: number;
  /** The first wait's upper bound; each retry doubles it. */
  readonly baseMs: number;
  /** No wait's upper bound grows past this. */
  readonly maxMs: number;
  /** Wall time after which a failed call is not tried again, whatever attempts says. */
  readonly budgetMs?: number;
}

/**
 * Conflicts on one DynamoDB item: a transaction (a notice delivery, an archiving, a keyed append)
 * holds the item for a few milliseconds, and the same request succeeds once it is done. Waits are
 * short; 7 calls wait at most 25+50+100+200+400+800 = 1.6 s in all, well inside the API's 10 s.
 */
export const CONTENTION: RetryPolicy = { attempts: 7, baseMs: 25, maxMs: 1_000 };

/**
 * A read-modify-write of one member's profile that another writer beat: each round has one
 * winner, so N writers on one member need up to N rounds; each round re-reads. Bounded by time
 * rather than calls (a round's cost varies); short waits, since the loser should re-read soon.
 */
export const VERSION_RACE: RetryPolicy = { attempts: Infinity, baseMs: 5, maxMs: 200, budgetMs: 10_000 };

/**
 * A batch call the service answered with part of the batch undone (BatchGetItem's UnprocessedKeys,
 * SendMessageBatch's Failed entries): usually throughput for a moment. 9 calls wait at most
 * 50+100+200+400+800+1000·3 = 4.6 s in all, inside the 10 s the eligibility API has.
 */
export const PARTIAL_BATCH: RetryPolicy = { attempts: 9, baseMs: 50, maxMs: 1_000 };

/**
 * A replay of an Idempotency-Key whose first request is still answering: the answer is stored
 * moments after the write, so look again soon, and for 2 s at most before answering without it.
 */
export const ANSWER_PENDING: RetryPolicy = { attempts: Infinity, baseMs: 25, maxMs: 400, budgetMs: 2_000 };

/**
 * A service saying slow down per call (SES's sending rate): back off far longer than for a
 * conflict. 7 calls wait at most 0.25+0.5+1+2+4+8 = 15.75 s, inside the notify function's 60 s.
 */
export const THROTTLING: RetryPolicy = { attempts: 7, baseMs: 250, maxMs: 8_000 };

export interface RetryOptions extends RetryPolicy {
  /** True when the failure is worth another call; anything else is thrown at once. */
  readonly retryable: (error: unknown) => boolean;
  /** For tests: waits this long (node:timers/promises by default). */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** For tests: a number in [0, 1) (Math.random by default). */
  readonly random?: () => number;
  /** For tests: wall time in ms (Date.now by default; the injectable clock may stand still). */
  readonly now?: () => number;
}

/**
 * Calls operation (with its 1-based attempt number) until it returns, a failure is not retryable,
 * or the policy runs out; then throws that last failure as it is. Before retry n it waits a
 * random time up to min(maxMs, baseMs·2^(n-1)): full jitter, so colliding writers spread out.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, baseMs, maxMs, budgetMs, retryable, sleep = wait, random = Math.random, now = Date.now } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const outOfTime = budgetMs !== undefined && now() - started > budgetMs;
      if (!retryable(error) || attempt >= attempts || outOfTime) throw error;
      await sleep(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
    }
  }
}
