import { loadLinkKey } from './links/link-key.ts';
import { RateLimiter } from './mail/rate-limiter.ts';
import { createSesClient, Mailer } from './mail/ses.ts';
import { createFanoutDeps, numberFromEnv } from './runtime-notices.ts';
import type { SenderDeps } from './services/notice-deps.ts';

export async function createSenderDeps(): Promise<SenderDeps> {
  const ses = createSesClient();
  // Each concurrent consumer takes its share of the account's send rate (SES_RATE_SHARES is the
  // event source mapping's maximum concurrency in AWS; 1 locally, where consumers share a limiter).
  const rate = numberFromEnv('SES_MAX_SEND_RATE', 14) / Math.max(1, numberFromEnv('SES_RATE_SHARES', 1));
  return {
    ...createFanoutDeps(),
    mailer: new Mailer(
      ses,
      process.env.NOTICE_FROM_ADDRESS ?? 'privacy@consent-ledger.local',
      process.env.SES_CONFIGURATION_SET || undefined,
      process.env.NOTICE_TEMPLATE_NAME || undefined,
    ),
    limiter: new RateLimiter(rate),
    linkKey: await loadLinkKey(),
  };
}
