// One SendBulkEmail call, paced by the rate limiter and retried with backoff while SES throttles.
import { MailThrottledError, type BulkEntry, type EntryStatus } from '../ports/messaging.ts';
import { retry, THROTTLING } from '../retry.ts';
import type { MailSending } from './deps.ts';

/** SES throttling slows us down; it does not fail the message. */
export async function sendPatiently(deps: MailSending, entries: BulkEntry[]): Promise<EntryStatus[]> {
  return retry(
    async () => {
      await deps.limiter.acquire(entries.length);
      return await deps.mailer.sendBulk(entries);
    },
    { ...THROTTLING, retryable: (error) => error instanceof MailThrottledError },
  );
}
