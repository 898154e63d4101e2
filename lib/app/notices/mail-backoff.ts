// One SendBulkEmail call, paced by the rate limiter and retried with backoff while SES throttles.
import { setTimeout as sleep } from 'node:timers/promises';
import { MailThrottledError, type BulkEntry, type EntryStatus } from '../ports/messaging.ts';
import type { MailSending } from './deps.ts';

/** SES throttling slows us down; it does not fail the message. */
export async function sendPatiently(deps: MailSending, entries: BulkEntry[]): Promise<EntryStatus[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.limiter.acquire(entries.length);
      return await deps.mailer.sendBulk(entries);
    } catch (error) {
      if (!(error instanceof MailThrottledError) || attempt >= 6) throw error;
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}
