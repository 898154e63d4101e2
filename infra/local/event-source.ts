// A local stand-in for a Lambda event source mapping on SQS: polls in batches, invokes the
// handler with a real SQSEvent, deletes what succeeded (ReportBatchItemFailures), and leaves
// failures to come back after the visibility timeout and, past maxReceiveCount, to the DLQ.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { lambdaContext } from './lambda-context.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface EventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  functionName: string;
  loadHandler: () => Promise<SqsHandler>;
  batchSize: number;
  maximumConcurrency: number;
  timeoutMs: number;
  onError?: (error: unknown) => void;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: process.env.AWS_REGION ?? 'us-east-1',
  };
}

export class EventSourceMapping {
  private readonly options: EventSourceOptions;
  private running = false;
  private pollers: Promise<void>[] = [];
  /** Invocations so far, for tests and progress displays. */
  invocations = 0;

  constructor(options: EventSourceOptions) {
    this.options = options;
  }

  start(): void {
    this.running = true;
    this.pollers = Array.from({ length: this.options.maximumConcurrency }, () => this.poll());
  }

  /** Stops polling and waits for the invocations in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.pollers);
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    while (this.running) {
      let messages: Message[];
      try {
        const response = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: this.options.batchSize, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
        );
        messages = response.Messages ?? [];
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length > 0) await this.invoke(messages);
    }
  }

  private async invoke(messages: Message[]): Promise<void> {
    const { sqs, queueUrl, queueArn, functionName, timeoutMs } = this.options;
    const records = messages.map((message) => toRecord(message, queueArn));
    this.invocations += 1;
    let failed: Set<string>;
    try {
      const handler = await this.options.loadHandler();
      const result = await Promise.race([
        handler({ Records: records }, lambdaContext(functionName, randomUUID(), timeoutMs)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${functionName} timed out`)), timeoutMs).unref()),
      ]);
      const ids = new Set(records.map((record) => record.messageId));
      const reported = result?.batchItemFailures ?? [];
      // As in Lambda: a failure that names no message of the batch fails the whole batch.
      failed = reported.every((failure) => ids.has(failure.itemIdentifier))
        ? new Set(reported.map((failure) => failure.itemIdentifier))
        : ids;
    } catch (error) {
      this.options.onError?.(error);
      return; // nothing deleted: the whole batch comes back after the visibility timeout
    }
    const done = messages.filter((message) => !failed.has(message.MessageId!));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
    }
  }
}
