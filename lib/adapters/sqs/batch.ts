// The SQS consumers' partial batch responses (ReportBatchItemFailures), by Powertools batch:
// each record on its own, only the failed ones reported back so only they are retried.
// What Powertools leaves to us, and this keeps from the hand-written version it replaces:
//  - records are handled one after another, in order (a notify chunk is up to 50 emails sent
//    through SES at its rate; the queues' maxConcurrency, not the records, sets parallelism);
//  - a batch where every record failed is answered with all of them in batchItemFailures,
//    as before, rather than thrown (FullBatchFailureError), so the logs tell one story per record;
//  - every failure is logged with its reason and receive count, so a message that ends in the
//    DLQ has its story told.
// A processor per invocation: it keeps the batch's state, and the local stack may call one
// module instance with two batches at once.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../log.ts';

export async function processRecords(
  event: SQSEvent,
  handleRecord: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  const logged = async (record: SQSRecord): Promise<void> => {
    try {
      await handleRecord(record);
    } catch (error) {
      logger.error('record failed', {
        messageId: record.messageId,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        error: error as Error,
      });
      throw error;
    }
  };
  return processPartialResponse(event, logged, new BatchProcessor(EventType.SQS), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
}
