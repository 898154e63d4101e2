// The benchmark's scenarios, each against a running local stack. Counts (requests, capacity
// units) come from the service's own instrumentation, read through the stack's local usage
// endpoint; times are compared as ratios measured in the same run.
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { benchMemberId } from './population.ts';

export interface Usage {
  requests: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

export interface BenchContext {
  baseUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  members: number;
  tokens: { admin: string; pipeline: string; member: (id: string) => Promise<string> };
}

const SNAPSHOT = '2025-06-01T00:00:00Z';

export async function usage(ctx: BenchContext, reset = false): Promise<Usage> {
  const response = await fetch(`${ctx.baseUrl}/_local/aws-usage`, { method: reset ? 'DELETE' : 'GET' });
  return (await response.json()) as Usage;
}

const sum = (u: Usage, prefix: string) =>
  Object.entries(u.requests).filter(([key]) => key.startsWith(`${prefix}.`)).reduce((total, [, count]) => total + count, 0);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `task` from `clients` concurrent loops until `total` calls are done; returns each call's ms. */
async function closedLoop(clients: number, total: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

function randomIds(ctx: BenchContext, count: number, seed: number): string[] {
  return Array.from({ length: count }, (_, i) => benchMemberId((seed * 7_777_777 + i * 104_729) % ctx.members));
}

async function api(ctx: BenchContext, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as any; // the API's JSON answers; each scenario reads the fields it needs
}

function localDynamo(ctx: BenchContext) {
  return new DynamoDBClient({ endpoint: ctx.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Batch eligibility: 1,000 ids a call, as of a snapshot time and as of now; and the naive way. */
export async function batchEligibility(ctx: BenchContext, calls: number) {
  const size = Math.min(1000, ctx.members);
  const run = async (at: string | undefined) => {
    await usage(ctx, true);
    const started = performance.now();
    for (let call = 0; call < calls; call++) {
      const result = await api(ctx, 'POST', '/v1/eligibility/genai-training/batch', ctx.tokens.pipeline, { memberIds: randomIds(ctx, size, call + 1), ...(at ? { at } : {}) });
      if (result.results.length !== size) throw new Error('batch answered the wrong number of members');
    }
    const seconds = (performance.now() - started) / 1000;
    const used = await usage(ctx);
    const answers = calls * size;
    return {
      answers,
      dynamoRequestsPer1000: round((sum(used, 'DynamoDB') / answers) * 1000, 1),
      batchGetsPer1000: round(((used.requests['DynamoDB.BatchGetItem'] ?? 0) / answers) * 1000, 1),
      policyReads: used.requests['DynamoDB.Query'] ?? 0,
      readUnitsPerAnswer: round(used.readUnits / answers, 3),
      answersPerSecond: Math.round(answers / seconds),
      seconds: round(seconds),
    };
  };
  const snapshot = await run(SNAPSHOT);
  const now = await run(undefined);

  // The naive way: one GetItem per member, straight to DynamoDB, eventually consistent.
  const client = localDynamo(ctx);
  const ids = randomIds(ctx, size, 99);
  const naiveStarted = performance.now();
  await closedLoop(16, ids.length, async (i) => {
    await client.send(new GetItemCommand({ TableName: ctx.tableName, Key: { pk: { S: `M#${ids[i]}` }, sk: { S: 'STATE' } } }));
  });
  const naiveSeconds = (performance.now() - naiveStarted) / 1000;
  client.destroy();
  const naiveRate = ids.length / naiveSeconds;
  return {
    snapshot,
    now,
    naive: { dynamoRequestsPer1000: 1000, answersPerSecond: Math.round(naiveRate), requestRatio: round(1000 / snapshot.dynamoRequestsPer1000, 1), speedRatio: round(snapshot.answersPerSecond / naiveRate) },
  };
}

/** Single answers from 50 concurrent clients, against DynamoDB Local's own GetItem in the same run. */
export async function singleEligibility(ctx: BenchContext, requests: number, clients = 50) {
  const ids = randomIds(ctx, requests, 5);
  const client = localDynamo(ctx);
  const getItem = (i: number) => client.send(new GetItemCommand({ TableName: ctx.tableName, Key: { pk: { S: `M#${ids[i]}` }, sk: { S: 'STATE' } } })).then(() => undefined);
  const viaApi = (i: number) => api(ctx, 'GET', `/v1/eligibility/genai-training/${ids[i]}?at=${SNAPSHOT}`, ctx.tokens.pipeline).then(() => undefined);
  // Warm both paths first (connections, the handler's import, the JIT): cold starts are measured
  // on their own, and would otherwise be the whole p99 here.
  const warmup = Math.min(requests, clients * 4);
  await closedLoop(clients, warmup, getItem);
  await closedLoop(clients, warmup, viaApi);
  const getItemLatencies = await closedLoop(clients, requests, getItem);
  client.destroy();
  await usage(ctx, true);
  const apiLatencies = await closedLoop(clients, requests, viaApi);
  const used = await usage(ctx);
  const stats = (values: number[]) => ({ p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) });
  const dynamo = stats(getItemLatencies);
  const local = stats(apiLatencies);
  return {
    clients,
    requests,
    api: local,
    dynamoGetItem: dynamo,
    ratioP50: round(local.p50 / dynamo.p50),
    ratioP99: round(local.p99 / dynamo.p99),
    dynamoRequestsPerAnswer: round(sum(used, 'DynamoDB') / requests, 3),
  };
}

/** Choice updates on distinct members, then many writers on one member at once. */
export async function choiceUpdates(ctx: BenchContext, updates: number) {
  const ids = randomIds(ctx, updates, 11);
  await usage(ctx, true);
  await closedLoop(8, updates, async (i) => {
    const id = ids[i]!;
    await api(ctx, 'PUT', `/v1/members/${id}/consents/genai-training`, await ctx.tokens.member(id), { choice: i % 2 ? 'granted' : 'denied' });
  });
  const used = await usage(ctx);
  const transactions = used.requests['DynamoDB.TransactWriteItems'] ?? 0;

  // Contention: 200 writers on one member, no If-Match: every write must land, in some order,
  // each with one request (appends never conflict, so nothing is retried).
  const contended = benchMemberId(3);
  const token = await ctx.tokens.member(contended);
  await usage(ctx, true);
  const writers = 200;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      api(ctx, 'PUT', `/v1/members/${contended}/consents/genai-training`, token, { choice: i % 2 ? 'granted' : 'denied' }).catch(() => {
        failures += 1;
      }),
    ),
  );
  const contendedSeconds = (performance.now() - started) / 1000;
  const contendedUsage = await usage(ctx);
  return {
    updates,
    dynamoRequestsPerUpdate: round(sum(used, 'DynamoDB') / updates),
    transactionsPerUpdate: round(transactions / updates),
    // DynamoDB Local reports 1 unit per item written in a transaction; AWS bills 2 (documented),
    // so each 2-item transaction adds 2 units to what was reported.
    writeUnitsReportedPerUpdate: round(used.writeUnits / updates),
    writeUnitsBilledPerUpdate: round((used.writeUnits + 2 * transactions) / updates),
    readUnitsPerUpdate: round(used.readUnits / updates),
    contention: {
      writers,
      acknowledged: writers - failures,
      failures,
      dynamoRequestsPerWrite: round(sum(contendedUsage, 'DynamoDB') / writers, 2),
      // The member's item holds its whole history, so a write costs more units as it grows.
      writeUnitsPerWrite: round(contendedUsage.writeUnits / writers, 1),
      writesPerSecond: round(writers / contendedSeconds),
    },
  };
}

/** DynamoDB Local's own ceiling for the notice path's writes, measured in the same run. */
async function transactionCeiling(ctx: BenchContext, seconds: number) {
  const client = localDynamo(ctx);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const pk = { S: `CEILING#${worker}-${i}` };
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: ctx.tableName, Item: { pk, sk: { S: 'A' } } } },
              { Put: { TableName: ctx.tableName, Item: { pk, sk: { S: 'B' } } } },
            ],
          }),
        );
        done += 1;
      }
    }),
  );
  client.destroy();
  return Math.round(done / seconds);
}

/** Announces the 2025-11-03 version to the whole population and follows it to the end. */
export async function noticeFanout(ctx: BenchContext, configuredRate: number, onProgress: (done: number, targeted: number) => void) {
  await usage(ctx, true);
  const started = await api(ctx, 'POST', '/v1/policies/2025-11-03/notices', ctx.tokens.admin);
  let progress: any; // the campaign progress answer (see the OpenAPI CampaignProgress schema)
  for (;;) {
    progress = await api(ctx, 'GET', `/v1/policies/2025-11-03/notices?campaignId=${started.campaignId}`, ctx.tokens.admin);
    onProgress(progress.sent + progress.failed + progress.skipped, progress.targeted);
    if (progress.status === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const used = await usage(ctx);
  const seconds = (Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000;
  const notices = progress.sent as number;
  const per1000 = (count: number) => round((count / Math.max(1, notices)) * 1000, 1);
  const sqsService = sum(used, 'SQS');
  const sqsPolling = sum(used, 'SQS (event source mappings)');
  const ses = sum(used, 'SES');
  const achievedRate = notices / seconds;
  return {
    notices,
    failed: progress.failed,
    seconds: round(seconds, 1),
    sesRequestsPer1000: per1000(ses),
    sqsRequestsPer1000: per1000(sqsService),
    sqsPollingRequestsPer1000: per1000(sqsPolling),
    requestsPer1000: per1000(ses + sqsService),
    configuredRate,
    achievedRate: Math.round(achievedRate),
    shareOfConfiguredRate: round(achievedRate / configuredRate, 3),
    dynamoRequestsPerNotice: round(sum(used, 'DynamoDB') / Math.max(1, notices), 2),
    writeUnitsBilledPerNotice: round((used.writeUnits + 2 * (used.requests['DynamoDB.TransactWriteItems'] ?? 0)) / Math.max(1, notices), 2),
    readUnitsPerNotice: round(used.readUnits / Math.max(1, notices), 2),
    // How many 2-item transactions DynamoDB Local itself sustains: the notice path writes one per
    // notice plus a claim, so this bounds the local send rate whatever SES allows.
    dynamoLocalTransactionsPerSecond: await transactionCeiling(ctx, 3),
  };
}
