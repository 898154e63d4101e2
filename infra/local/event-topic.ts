// The change-event topology on fauxqs, as infra/stack.ts declares it in AWS (names from
// infra/events.ts): the SNS FIFO topic, the example audit queue (FIFO, raw delivery, with its
// dead-letter queue), and the queue where the stream mapping sends batches it gave up on.
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AUDIT_DLQ_NAME, AUDIT_MAX_RECEIVE_COUNT, AUDIT_QUEUE_NAME, EVENT_TOPIC_NAME, PUBLISH_DLQ_NAME } from '../events.ts';
import { arnOf, ensureQueue, type QueuePair } from './queues.ts';

export interface EventTopology {
  topicArn: string;
  audit: QueuePair;
  publishDlqUrl: string;
}

const FOURTEEN_DAYS = String(14 * 24 * 3600);

export async function ensureEventTopology(sns: SNSClient, sqs: SQSClient, visibilityTimeoutSeconds: number): Promise<EventTopology> {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({ Name: EVENT_TOPIC_NAME, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'false' } }),
  );
  const auditDlqUrl = await ensureQueue(sqs, AUDIT_DLQ_NAME, { FifoQueue: 'true', MessageRetentionPeriod: FOURTEEN_DAYS });
  const auditUrl = await ensureQueue(sqs, AUDIT_QUEUE_NAME, {
    FifoQueue: 'true',
    MessageRetentionPeriod: FOURTEEN_DAYS,
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(sqs, auditDlqUrl), maxReceiveCount: AUDIT_MAX_RECEIVE_COUNT }),
  });
  const auditArn = await arnOf(sqs, auditUrl);
  // Subscribing again with the same attributes answers the existing subscription.
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: auditArn, Attributes: { RawMessageDelivery: 'true' } }));
  const publishDlqUrl = await ensureQueue(sqs, PUBLISH_DLQ_NAME, { MessageRetentionPeriod: FOURTEEN_DAYS });
  return { topicArn: TopicArn!, audit: { url: auditUrl, arn: auditArn, dlqUrl: auditDlqUrl }, publishDlqUrl };
}
