// The one retry helper (lib/app/retry.ts), with its waits recorded instead of waited for.
import { describe, expect, it } from 'vitest';
import { CONTENTION, PARTIAL_BATCH, retry, THROTTLING, VERSION_RACE } from '../../lib/app/retry.ts';

class Busy extends Error {}

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retry', () => {
  it('returns the first answer without waiting', async () => {
    const { waits, sleep } = recorder();
    await expect(retry(async () => 'ok', { ...CONTENTION, retryable: () => true, sleep })).resolves.toBe('ok');
    expect(waits).toEqual([]);
  });

  it('retries a retryable failure, passing the attempt number, until it succeeds', async () => {
    const { waits, sleep } = recorder();
    const seen: number[] = [];
    const value = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Busy();
        return attempt;
      },
      { attempts: 5, baseMs: 10, maxMs: 1_000, retryable: (e) => e instanceof Busy, sleep, random: () => 0.999 },
    );
    expect(value).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  it('throws the last failure itself, same class and message, once the attempts run out', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const failure = retry(
      async (attempt) => {
        calls++;
        throw new Busy(`busy after ${attempt}`);
      },
      { attempts: 4, baseMs: 10, maxMs: 1_000, retryable: () => true, sleep },
    );
    await expect(failure).rejects.toBeInstanceOf(Busy);
    await expect(failure).rejects.toThrow('busy after 4');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('throws a failure that is not retryable at once', async () => {
    const { waits, sleep } = recorder();
    let calls = 0;
    const failure = retry(
      async () => {
        calls++;
        throw new TypeError('bad');
      },
      { ...CONTENTION, retryable: (e) => e instanceof Busy, sleep },
    );
    await expect(failure).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('waits a full-jitter share of a doubling bound, capped at maxMs', async () => {
    const { waits, sleep } = recorder();
    await expect(
      retry(async () => Promise.reject(new Busy()), { attempts: 7, baseMs: 25, maxMs: 300, retryable: () => true, sleep, random: () => 0.5 }),
    ).rejects.toBeInstanceOf(Busy);
    expect(waits).toEqual([12.5, 25, 50, 100, 150, 150]);
  });

  it('may wait no time at all (full jitter starts at zero)', async () => {
    const { waits, sleep } = recorder();
    await expect(
      retry(async () => Promise.reject(new Busy()), { attempts: 3, baseMs: 25, maxMs: 300, retryable: () => true, sleep, random: () => 0 }),
    ).rejects.toBeInstanceOf(Busy);
    expect(waits).toEqual([0, 0]);
  });

  it('stops on the time budget when attempts are unbounded', async () => {
    let clock = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += 1_000;
    };
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Busy();
        },
        { ...VERSION_RACE, retryable: () => true, sleep, now: () => clock },
      ),
    ).rejects.toBeInstanceOf(Busy);
    // Calls at 0 s … 10 s are within the 10 s budget; the one at 11 s finds it spent.
    expect(calls).toBe(12);
    expect(waits).toHaveLength(11);
  });

  it('keeps each policy within the time its callers have', () => {
    const worstWait = (policy: { attempts: number; baseMs: number; maxMs: number }) =>
      Array.from({ length: policy.attempts - 1 }, (_, i) => Math.min(policy.maxMs, policy.baseMs * 2 ** i)).reduce((a, b) => a + b, 0);
    expect(worstWait(CONTENTION)).toBe(1_575);
    expect(worstWait(PARTIAL_BATCH)).toBe(4_550);
    expect(worstWait(THROTTLING)).toBe(15_750);
    expect(VERSION_RACE.budgetMs).toBe(10_000);
  });
});
