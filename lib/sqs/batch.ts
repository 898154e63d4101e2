// The small framework layer of the SQS consumers: each record on its own, failures reported
// back as a partial batch response so only they are retried (ReportBatchItemFailures).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../log.ts';

export async function processRecords(
  event: SQSEvent,
  handleRecord: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await handleRecord(record);
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      // The reason is logged each time, so a message that ends in the DLQ has its story told.
      logger.error('record failed', {
        messageId: record.messageId,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        error: error as Error,
      });
    }
  }
  return { batchItemFailures };
}
