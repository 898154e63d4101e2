import { senderConfig } from './config.ts';
import { loadLinkKey } from './links/link-key.ts';
import { RateLimiter } from './mail/rate-limiter.ts';
import { createSesClient, Mailer } from './mail/ses.ts';
import { createFanoutDeps } from './runtime-notices.ts';
import type { SenderDeps } from './services/notice-deps.ts';

export async function createSenderDeps(): Promise<SenderDeps> {
  const config = senderConfig();
  const ses = createSesClient();
  return {
    ...createFanoutDeps(),
    mailer: new Mailer(ses, config.fromAddress, config.configurationSet, config.templateName),
    limiter: new RateLimiter(config.sendRate),
    linkKey: await loadLinkKey(),
    links: { publicBaseUrl: config.publicBaseUrl, ttlDays: config.linkTtlDays },
  };
}
