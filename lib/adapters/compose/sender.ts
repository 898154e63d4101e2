import { senderConfig } from '../../config.ts';
import { loadLinkKey } from '../secrets.ts';
import { RateLimiter } from '../../app/notices/rate-limiter.ts';
import { createSesClient, SesMailer } from '../ses.ts';
import { createFanoutDeps } from './notices.ts';
import type { SenderDeps } from '../../app/notices/deps.ts';

export async function createSenderDeps(): Promise<SenderDeps> {
  const config = senderConfig();
  const ses = createSesClient();
  return {
    ...createFanoutDeps(),
    mailer: new SesMailer(ses, config.fromAddress, config.configurationSet, config.templateName),
    limiter: new RateLimiter(config.sendRate),
    linkKey: await loadLinkKey(),
    links: { publicBaseUrl: config.publicBaseUrl, ttlDays: config.linkTtlDays },
  };
}
