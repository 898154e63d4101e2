import { setTimeout as sleep } from 'node:timers/promises';
import { StorageUnavailableError } from './errors.ts';

const RETRY_BUDGET_MS = 10_000;

/**
 * Runs a read-modify-write attempt until it is not beaten by a concurrent writer. Contention on
 * one member is rare but real (many clicks, many tabs); jittered backoff lets every writer land.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T> {
  // Wall time on purpose: the injectable clock may stand still.
  const deadline = Date.now() + RETRY_BUDGET_MS;
  for (let tries = 0; ; tries++) {
    const result = await attempt();
    if (result.done) return result.value;
    if (Date.now() > deadline) throw new StorageUnavailableError('too many concurrent writes to this member; retry');
    await sleep(Math.random() * Math.min(200, 5 * 2 ** tries));
  }
}

/** Keeps a member's timeline in order even if this container's clock lags a previous writer's. */
export function laterOf(now: string, previous: string | undefined): string {
  return previous !== undefined && previous > now ? previous : now;
}
