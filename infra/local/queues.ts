// SQS on fauxqs, started by the project, and the queues of the notice pipeline with their
// dead-letter queues and redrive, created the way the CDK stack declares them.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdirSync } from 'node:fs';
import { startFauxqs } from 'fauxqs';

export interface QueueSettings {
  name: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface QueuePair {
  url: string;
  arn: string;
  dlqUrl: string;
}

export async function startSqsEmulator(options: { dataDir?: string | undefined }) {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  return { endpoint: server.address, stop: () => server.stop() };
}

export async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return QueueUrl!;
  } catch (error) {
    // Exists with other settings (a restart with new configuration): bring it up to date.
    if (!(error instanceof Error && /QueueAlreadyExists|QueueNameExists/.test(error.name))) throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl!;
  }
}

export async function arnOf(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

/** A queue whose messages move to `<name>-dlq` after `maxReceiveCount` receives. */
export async function ensureQueueWithDlq(sqs: SQSClient, settings: QueueSettings): Promise<QueuePair> {
  const dlqUrl = await ensureQueue(sqs, `${settings.name}-dlq`, { MessageRetentionPeriod: String(14 * 24 * 3600) });
  const url = await ensureQueue(sqs, settings.name, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(sqs, dlqUrl), maxReceiveCount: settings.maxReceiveCount }),
  });
  return { url, arn: await arnOf(sqs, url), dlqUrl };
}
