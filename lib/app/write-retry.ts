import { StorageUnavailableError } from './errors.ts';
import { retry, VERSION_RACE } from './retry.ts';

/** A round lost to a concurrent writer; the last one is what the caller gets. */
class WriteRaceLost extends StorageUnavailableError {}

/**
 * Runs a read-modify-write attempt until it is not beaten by a concurrent writer. Contention on
 * one member is rare but real (many clicks, many tabs); jittered backoff lets every writer land.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<{ done: true; value: T } | { done: false }>,
): Promise<T> {
  return retry(
    async () => {
      const result = await attempt();
      if (!result.done) throw new WriteRaceLost('too many concurrent writes to this member; retry');
      return result.value;
    },
    { ...VERSION_RACE, retryable: (error) => error instanceof WriteRaceLost },
  );
}

/** Keeps a member's timeline in order even if this container's clock lags a previous writer's. */
export function laterOf(now: string, previous: string | undefined): string {
  return previous !== undefined && previous > now ? previous : now;
}
