// RunStore on the one table (layout in ./table.ts): RUN / <runId> items, newest last in sort
// order, and RUNKEY#<scope> / I marks for the Idempotency-Keys that registered them.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TrainingRun } from '../../domain/training-runs.ts';
import type { RunKeyMark, RunPage, RunPutOutcome, RunStore } from '../../app/ports/run-store.ts';
import { CONTENTION, retry } from '../../app/retry.ts';
import { guarded, isTransactionConflict, storageError } from './errors.ts';

export const RUN = 'RUN';
const markKey = (scope: string) => ({ pk: `RUNKEY#${scope}`, sk: 'I' });

export function toRun(item: Record<string, any>): TrainingRun {
  return {
    runId: item.runId,
    purpose: item.purpose,
    snapshotAt: item.snapshotAt,
    pinnedAt: item.pinnedAt,
    name: item.name,
    model: item.model ?? null,
    dataset: item.dataset ?? null,
    registeredBy: item.registeredBy,
  };
}

export class DynamoRunStore implements RunStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async putRun(run: TrainingRun, mark?: RunKeyMark): Promise<RunPutOutcome> {
    const runPut = { TableName: this.table, Item: { pk: RUN, sk: run.runId, ...run }, ConditionExpression: 'attribute_not_exists(pk)' };
    if (!mark) {
      await guarded(() => this.client.send(new PutCommand(runPut)));
      return { outcome: 'created' };
    }
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            // TTL lets DynamoDB delete the mark a while after it expired; the condition does not wait for that.
            Item: { ...markKey(mark.scope), ...mark, ttl: Math.ceil(Date.parse(mark.expiresAt) / 1000) + 3_600 },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': run.pinnedAt },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Put: runPut },
      ],
    });
    try {
      await retry(() => this.client.send(command), { ...CONTENTION, retryable: isTransactionConflict });
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw storageError(error);
      type Reason = { Code?: string; Item?: Parameters<typeof unmarshall>[0] };
      const [markReason] = ((error as Error & { CancellationReasons?: Reason[] }).CancellationReasons ?? []) as [Reason?];
      if (markReason?.Code !== 'ConditionalCheckFailed') throw storageError(error);
      // The document client leaves the reasons' items in wire format.
      const used = unmarshall(markReason.Item ?? {});
      return {
        outcome: 'key_used',
        mark: { scope: mark.scope, requestHash: used.requestHash, runId: used.runId, expiresAt: used.expiresAt },
      };
    }
    return { outcome: 'created' };
  }

  async getRun(runId: string): Promise<TrainingRun | undefined> {
    const { Item } = await guarded(() => this.client.send(new GetCommand({ TableName: this.table, Key: { pk: RUN, sk: runId }, ConsistentRead: true })));
    return Item ? toRun(Item) : undefined;
  }

  async listRuns(options: { limit: number; afterRunId?: string | undefined }): Promise<RunPage> {
    // One more than asked: whether another page follows is known without an empty last page.
    const { Items = [] } = await guarded(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': RUN },
          ScanIndexForward: false,
          Limit: options.limit + 1,
          ConsistentRead: true,
          ...(options.afterRunId === undefined ? {} : { ExclusiveStartKey: { pk: RUN, sk: options.afterRunId } }),
        }),
      ),
    );
    const runs = Items.slice(0, options.limit).map(toRun);
    return { runs, ...(Items.length > options.limit ? { lastRunId: runs[runs.length - 1]!.runId } : {}) };
  }
}
