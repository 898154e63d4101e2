import { noticeConfig, noticeQueueConfig, senderConfig } from '../../config.ts';
import { loadLinkKey } from '../secrets.ts';
import { RateLimiter } from '../../app/notices/rate-limiter.ts';
import { createSesClient, SesMailer } from '../ses.ts';
import { createSqsClient, SqsQueue } from '../sqs/queue.ts';
import { createNoticeBase } from './notices.ts';
import type { SenderDeps } from '../../app/notices/deps.ts';

export async function createSenderDeps(): Promise<SenderDeps> {
  const config = senderConfig();
  const { leaseSeconds, maxAttempts, retryBaseSeconds } = noticeConfig();
  const ses = createSesClient();
  return {
    ...createNoticeBase(),
    noticeQueue: new SqsQueue(createSqsClient(), noticeQueueConfig().noticeQueueUrl),
    mailer: new SesMailer(ses, config.fromAddress, config.configurationSet, config.templateName),
    limiter: new RateLimiter(config.sendRate),
    linkKey: await loadLinkKey(),
    links: { publicBaseUrl: config.publicBaseUrl, ttlDays: config.linkTtlDays },
    config: { leaseSeconds, maxAttempts, retryBaseSeconds },
  };
}
