// The table's change stream → one CloudEvent per recorded fact on the SNS FIFO topic. A batch the
// topic took only part of reports the first change not published; the event source mapping then
// retries from there (ReportBatchItemFailures), and what was already published is deduplicated.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createPublishDeps } from '../lib/adapters/compose/publisher.ts';
import { factsOfChange } from '../lib/adapters/dynamo/change-facts.ts';
import { publishChanges } from '../lib/app/events/publish-changes.ts';

const deps = createPublishDeps();

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { resumeFrom } = await publishChanges(deps, event.Records.map(factsOfChange));
  return { batchItemFailures: resumeFrom === undefined ? [] : [{ itemIdentifier: resumeFrom }] };
};
