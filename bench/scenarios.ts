// The benchmark's scenarios, each against a running local stack. Counts (requests, capacity
// units) come from the service's own instrumentation, read through the stack's local usage
// endpoint; times are compared as ratios measured in the same run.
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { COMPACT_AT_BYTES } from '../lib/domain/history.ts';
import { archivedEntries, archivePrefix, decodeChoice, itemBytes, memberKey, STATE, stateItem } from '../lib/adapters/dynamo/member-item.ts';
import { benchMember, benchMemberId } from './population.ts';

export interface Usage {
  requests: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Capacity units by `service.operation`. */
  unitsByOperation: Record<string, number>;
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

/** Requests of one service (`DynamoDB`, `SNS`...) in `u`. */
export const sum = (u: Usage, prefix: string) =>
  Object.entries(u.requests).filter(([key]) => key.startsWith(`${prefix}.`)).reduce((total, [, count]) => total + count, 0);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

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

export function localDynamo(ctx: BenchContext) {
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

const PURPOSE = 'genai-training';

/**
 * What DynamoDB Local reports for transactions, against a plain write of the same small item. AWS
 * bills each item of a transaction twice over (2 units per KB). Local, measured: a 1-item
 * transaction reports 2x; but equal per-item figures within one transaction are counted once (two
 * 1-unit items report 2, where AWS bills 4), which is what the other scenarios' "+2 per 2-item
 * transaction" corrects.
 */
async function transactionBilling(ctx: BenchContext) {
  const client = localDynamo(ctx);
  const pk = { S: `CALIBRATE#${Date.now()}` };
  const units = (capacity: { CapacityUnits?: number }[] | { CapacityUnits?: number } | undefined) =>
    [capacity ?? []].flat().reduce((total, c) => total + (c.CapacityUnits ?? 0), 0);
  const put = await client.send(new PutItemCommand({ TableName: ctx.tableName, Item: { pk, sk: { S: 'P' } }, ReturnConsumedCapacity: 'TOTAL' }));
  const one = await client.send(
    new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: ctx.tableName, Item: { pk, sk: { S: 'T' } } } }], ReturnConsumedCapacity: 'TOTAL' }),
  );
  const two = await client.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: ctx.tableName, Item: { pk, sk: { S: 'A' } } } },
        { Put: { TableName: ctx.tableName, Item: { pk, sk: { S: 'B' } } } },
      ],
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  client.destroy();
  const plainUnits = units(put.ConsumedCapacity);
  const oneItemUnits = units(one.ConsumedCapacity);
  // Units per transactional item over units per plain item: 2 in AWS (documented).
  return { plainUnits, oneItemUnits, twoEqualItemsUnits: units(two.ConsumedCapacity), multiplier: round(oneItemUnits / Math.max(plainUnits, 1e-9), 2) };
}

/** AWS's bill for what was used: transactional write units twice over, whatever Local reported. */
function billedWriteUnits(used: Usage, localMultiplier: number): number {
  const transactional = used.unitsByOperation['DynamoDB.TransactWriteItems'] ?? 0;
  return used.writeUnits + transactional * (2 / localMultiplier - 1);
}

/** Two members in the service's item shape, same profile (FR: consent decides), no choices yet. */
async function putMember(ctx: BenchContext, memberId: string, now: string) {
  const client = localDynamo(ctx);
  const record = {
    ...benchMember(0, now),
    memberId,
    email: `${memberId}@bench.example`,
    locale: 'fr',
    profiles: [{ from: now, country: 'FR', birthDate: '1980-05-17', suspectedMinor: false }],
    choices: {},
    counts: {},
  };
  await client.send(new PutItemCommand({ TableName: ctx.tableName, Item: marshall(stateItem(record), { removeUndefinedValues: true }) }));
  client.destroy();
}

/** The hot item's billed size and how many archive items the member has, read from DynamoDB Local directly. */
async function storedShape(ctx: BenchContext, memberId: string) {
  const client = localDynamo(ctx);
  const { Item } = await client.send(new GetItemCommand({ TableName: ctx.tableName, Key: { pk: { S: memberKey(memberId) }, sk: { S: STATE } }, ConsistentRead: true }));
  const hot = Item ? unmarshall(Item) : {};
  let archiveItems = 0;
  let archiveMaxBytes = 0;
  let startKey: Record<string, any> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: memberKey(memberId) }, ':prefix': { S: archivePrefix(PURPOSE) } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) archiveMaxBytes = Math.max(archiveMaxBytes, itemBytes(unmarshall(item)));
    archiveItems += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  // The first choice ever: in the oldest archive item, or still hot.
  const { Items } = await client.send(
    new QueryCommand({
      TableName: ctx.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: memberKey(memberId) }, ':prefix': { S: archivePrefix(PURPOSE) } },
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  client.destroy();
  const oldest = Items?.[0] ? archivedEntries(unmarshall(Items[0]))[0]?.entry : undefined;
  const hotFirst = (hot.choices as Record<string, string[]> | undefined)?.[PURPOSE]?.[0];
  const firstAt = oldest?.at ?? (hotFirst === undefined ? undefined : decodeChoice(hotFirst).at);
  return { hotBytes: itemBytes(hot), archiveItems, archiveMaxBytes, firstAt, hotChoices: (hot.choices as Record<string, string[]> | undefined)?.[PURPOSE]?.length ?? 0 };
}

/** Per-answer counts, one answer at a time; the median answer, so a policy reload (1 per 30 s) does not count. */
async function answerCost(ctx: BenchContext, memberId: string, at: string | undefined, answers: number) {
  const perAnswer: { requests: number; getItems: number; queries: number; readUnits: number }[] = [];
  const path = `/v1/eligibility/${PURPOSE}/${memberId}${at ? `?at=${at}` : ''}`;
  await api(ctx, 'GET', path, ctx.tokens.pipeline);
  for (let i = 0; i < answers; i++) {
    await usage(ctx, true);
    await api(ctx, 'GET', path, ctx.tokens.pipeline);
    const used = await usage(ctx);
    perAnswer.push({ requests: sum(used, 'DynamoDB'), getItems: used.requests['DynamoDB.GetItem'] ?? 0, queries: used.requests['DynamoDB.Query'] ?? 0, readUnits: used.readUnits });
  }
  const median = (pick: (a: (typeof perAnswer)[number]) => number) => percentile(perAnswer.map(pick), 50);
  return {
    dynamoRequests: median((a) => a.requests),
    getItems: median((a) => a.getItems),
    queries: median((a) => a.queries),
    readUnits: median((a) => a.readUnits),
    // Answers that also reloaded the policy list (one Query per container per 30 s).
    outliers: perAnswer.filter((a) => a.requests !== median((b) => b.requests)).length,
  };
}

/**
 * A member with a long history next to a fresh one: the heavy member's choices go through the API
 * from `clients` concurrent writers (so compaction runs as in service); then the cost of an
 * answer and of a write for each, the hot item's size, and their single-answer latencies,
 * interleaved in the same run.
 */
export async function heavyMember(ctx: BenchContext, options: { choices: number; clients?: number; answers?: number; latencyRounds?: number; plainWrites?: number }) {
  const { choices, clients = 16, answers = 20, latencyRounds = 200, plainWrites = 60 } = options;
  const billing = await transactionBilling(ctx);
  const heavy = `bench-heavy-${Date.now()}`;
  const fresh = `bench-fresh-${Date.now()}`;
  const now = new Date().toISOString();
  await putMember(ctx, heavy, now);
  await putMember(ctx, fresh, now);
  const put = async (memberId: string, i: number) =>
    api(ctx, 'PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, await ctx.tokens.member(memberId), { choice: i % 2 ? 'granted' : 'denied' });

  // The fresh member's one choice, first, so that an `at` just after it is as old as the heavy one's.
  await usage(ctx, true);
  await put(fresh, 1);
  const freshWrite = await usage(ctx);

  // The heavy member's history, through the API.
  await usage(ctx, true);
  const started = performance.now();
  let failures = 0;
  await closedLoop(clients, choices, (i) =>
    put(heavy, i).then(
      () => undefined,
      () => {
        failures += 1;
      },
    ),
  );
  const buildSeconds = (performance.now() - started) / 1000;
  const build = await usage(ctx);
  const written = choices - failures;
  const transactions = build.requests['DynamoDB.TransactWriteItems'] ?? 0;

  // Then writes on the heavy member from one writer, one at a time: the plain ones (those that
  // moved nothing to the archive), and the average of all, compactions included, without contention.
  const plain: { writeUnits: number; billed: number; requests: number }[] = [];
  let sequentialBilled = 0;
  let sequentialCompactions = 0;
  for (let i = 0; i < plainWrites; i++) {
    await usage(ctx, true);
    await put(heavy, i);
    const used = await usage(ctx);
    sequentialBilled += billedWriteUnits(used, billing.multiplier);
    sequentialCompactions += used.requests['DynamoDB.TransactWriteItems'] ?? 0;
    if ((used.requests['DynamoDB.TransactWriteItems'] ?? 0) === 0) plain.push({ writeUnits: used.writeUnits, billed: billedWriteUnits(used, billing.multiplier), requests: sum(used, 'DynamoDB') });
  }

  const heavyShape = await storedShape(ctx, heavy);
  const freshShape = await storedShape(ctx, fresh);
  // Just after each member's first choice: before the heavy member's hot window, inside the fresh one's.
  const justAfter = (at: string | undefined) => new Date(Date.parse(at ?? now) + 1).toISOString();
  const oldAt = { heavy: justAfter(heavyShape.firstAt), fresh: justAfter(freshShape.firstAt) };

  const cost = {
    heavyNow: await answerCost(ctx, heavy, undefined, answers),
    freshNow: await answerCost(ctx, fresh, undefined, answers),
    heavyOld: await answerCost(ctx, heavy, oldAt.heavy, answers),
    freshOld: await answerCost(ctx, fresh, oldAt.fresh, answers),
  };

  // Latency: one client, the four questions interleaved round after round, after a warm-up.
  const kinds = [
    ['heavyNow', heavy, undefined],
    ['freshNow', fresh, undefined],
    ['heavyOld', heavy, oldAt.heavy],
    ['freshOld', fresh, oldAt.fresh],
  ] as const;
  const latencies: Record<(typeof kinds)[number][0], number[]> = { heavyNow: [], freshNow: [], heavyOld: [], freshOld: [] };
  const warmup = Math.min(20, latencyRounds);
  for (let lap = 0; lap < warmup + latencyRounds; lap++) {
    // Rotate who goes first, so neither member always follows the other.
    for (let k = 0; k < kinds.length; k++) {
      const [kind, memberId, at] = kinds[(k + lap) % kinds.length]!;
      const t0 = performance.now();
      await api(ctx, 'GET', `/v1/eligibility/${PURPOSE}/${memberId}${at ? `?at=${at}` : ''}`, ctx.tokens.pipeline);
      if (lap >= warmup) latencies[kind].push(performance.now() - t0);
    }
  }
  const p50 = Object.fromEntries(Object.entries(latencies).map(([kind, values]) => [kind, round(percentile(values, 50))])) as Record<keyof typeof latencies, number>;
  const plainMedian = (pick: (w: (typeof plain)[number]) => number) => (plain.length === 0 ? Number.NaN : round(percentile(plain.map(pick), 50)));
  return {
    choices,
    clients,
    failures,
    buildSeconds: round(buildSeconds, 1),
    writesPerSecond: round(written / buildSeconds, 1),
    transactionBilling: billing,
    compactAtBytes: COMPACT_AT_BYTES,
    heavy: {
      memberId: heavy,
      hotBytes: heavyShape.hotBytes,
      hotChoices: heavyShape.hotChoices,
      archiveItems: heavyShape.archiveItems,
      // Under 1,024 B, an archive item's Put (2 units in a transaction) never ties with the hot
      // item's update (4 or more past 1,024 B), so Local's figure for a compaction is AWS's bill.
      archiveMaxBytes: heavyShape.archiveMaxBytes,
      oldAt: oldAt.heavy,
      // The whole build, compactions and housekeeping included.
      dynamoRequestsPerWrite: round(sum(build, 'DynamoDB') / written, 3),
      requestsByOperation: build.requests,
      unitsByOperation: build.unitsByOperation,
      // Compaction attempts (transactions sent, retries included) and those that moved a tail.
      compactionsPerWrite: round(transactions / written, 3),
      archiveItemsPerWrite: round(heavyShape.archiveItems / (written + plainWrites), 3),
      writeUnitsReportedPerWrite: round(build.writeUnits / written, 3),
      writeUnitsBilledPerWrite: round(billedWriteUnits(build, billing.multiplier) / written, 3),
      sequentialWrites: plainWrites,
      sequentialCompactions,
      sequentialWriteUnitsBilledPerWrite: round(sequentialBilled / plainWrites, 3),
      plainWrites: plain.length,
      plainWriteUnitsReported: plainMedian((w) => w.writeUnits),
      plainWriteUnitsBilled: plainMedian((w) => w.billed),
      plainWriteRequests: plainMedian((w) => w.requests),
    },
    fresh: {
      memberId: fresh,
      hotBytes: freshShape.hotBytes,
      archiveItems: freshShape.archiveItems,
      oldAt: oldAt.fresh,
      writeUnitsReported: freshWrite.writeUnits,
      writeUnitsBilled: round(billedWriteUnits(freshWrite, billing.multiplier), 3),
      writeRequests: sum(freshWrite, 'DynamoDB'),
    },
    answers: cost,
    p50,
    ratioP50Now: round(p50.heavyNow / p50.freshNow),
    ratioP50Old: round(p50.heavyOld / p50.freshOld),
  };
}

/** The `api` call, but a 503 with Retry-After (a run still settling) is waited out and asked again. */
async function apiWhenSettled(ctx: BenchContext, method: string, path: string, token: string, body?: unknown) {
  for (;;) {
    const response = await fetch(`${ctx.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status === 503 && response.headers.get('retry-after')) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000 + 100));
      continue;
    }
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as any;
  }
}

export interface RegisteredRuns {
  /** The run the batch comparison asks under: the first registered. */
  run: { runId: string; snapshotAt: string; pinnedAt: string };
  registered: number;
  registerSeconds: number;
}

/**
 * Registers `count` training runs of one snapshot (just after the population was loaded, so its
 * members exist then), 8 at a time. Called early: a run answers only once settled (pinnedAt + 35 s),
 * and the scenarios in between are that wait; `trainingRuns` honours Retry-After for the rest.
 */
export async function registerTrainingRuns(ctx: BenchContext, count: number): Promise<RegisteredRuns> {
  const snapshotAt = new Date(Date.now() - 1000).toISOString();
  const started = performance.now();
  const first = await api(ctx, 'POST', '/v1/training-runs', ctx.tokens.pipeline, { purpose: PURPOSE, snapshotAt, name: 'bench-run-0', model: 'bench-model', dataset: 'bench-dataset' });
  await closedLoop(8, count - 1, async (i) => {
    await api(ctx, 'POST', '/v1/training-runs', ctx.tokens.pipeline, { purpose: PURPOSE, snapshotAt, name: `bench-run-${i + 1}` });
  });
  return { run: { runId: first.runId, snapshotAt: first.snapshotAt, pinnedAt: first.pinnedAt }, registered: count, registerSeconds: round((performance.now() - started) / 1000, 1) };
}

/**
 * A batch under a run against the same batch asking `at` = its snapshotAt and `knownAt` = its
 * pinnedAt (the same question spelled out); then one member's exposure with every run registered.
 */
export async function trainingRuns(ctx: BenchContext, runs: RegisteredRuns, batchCalls = 5, exposureCalls = 5) {
  const size = Math.min(1000, ctx.members);
  const ids = randomIds(ctx, size, 13);
  const path = `/v1/eligibility/${PURPOSE}/batch`;
  // Wait out the settling window (Retry-After) on a single answer, outside the counted calls.
  const settleStarted = performance.now();
  await apiWhenSettled(ctx, 'GET', `/v1/eligibility/${PURPOSE}/${ids[0]}?runId=${runs.run.runId}`, ctx.tokens.pipeline);
  const waitedSeconds = round((performance.now() - settleStarted) / 1000, 1);

  // Each question over `batchCalls` batches of different members, counted together: a policy
  // reload (one Query per container per 30 s) is then what it is in service, not one in one call.
  const batches = Array.from({ length: batchCalls }, (_, call) => randomIds(ctx, size, 13 + call));
  const measure = async (body: Record<string, unknown>) => {
    await usage(ctx, true);
    const decisions: string[] = [];
    let eligible = 0;
    for (const memberIds of batches) {
      const result = await api(ctx, 'POST', path, ctx.tokens.pipeline, { memberIds, ...body });
      if (result.results.length !== size) throw new Error('batch answered the wrong number of members');
      for (const r of result.results as { memberId: string; eligible: boolean }[]) {
        decisions.push(`${r.memberId}:${r.eligible}`);
        if (r.eligible) eligible += 1;
      }
    }
    const used = await usage(ctx);
    const answers = size * batchCalls;
    return {
      answers,
      eligible,
      decisions: decisions.join(','),
      dynamoRequestsPer1000: round((sum(used, 'DynamoDB') / answers) * 1000, 1),
      batchGetsPer1000: round(((used.requests['DynamoDB.BatchGetItem'] ?? 0) / answers) * 1000, 1),
      // The policy list (one Query per container per 30 s); the run itself is cached too.
      policyReads: used.requests['DynamoDB.Query'] ?? 0,
      requestsByOperation: used.requests,
      readUnitsPerAnswer: round(used.readUnits / answers, 3),
    };
  };
  // Warm both questions once (the run catalog, the policy list), then count.
  await api(ctx, 'POST', path, ctx.tokens.pipeline, { memberIds: ids, runId: runs.run.runId });
  await api(ctx, 'POST', path, ctx.tokens.pipeline, { memberIds: ids, at: runs.run.snapshotAt, knownAt: runs.run.pinnedAt });
  const { decisions: underRun, ...withRunId } = await measure({ runId: runs.run.runId });
  const { decisions: spelledOut, ...withAtKnownAt } = await measure({ at: runs.run.snapshotAt, knownAt: runs.run.pinnedAt });

  // Exposure: one member (granted at load) with every registered run; all of them in one page.
  const memberId = benchMemberId(9);
  const exposurePath = `/v1/members/${memberId}/exposure?limit=1000`;
  await apiWhenSettled(ctx, 'GET', exposurePath, ctx.tokens.admin);
  const perCall: { requests: number; getItems: number; queries: number; readUnits: number; items: number; ms: number }[] = [];
  for (let i = 0; i < exposureCalls; i++) {
    await usage(ctx, true);
    const started = performance.now();
    const page = await api(ctx, 'GET', exposurePath, ctx.tokens.admin);
    const ms = performance.now() - started;
    const used = await usage(ctx);
    perCall.push({ requests: sum(used, 'DynamoDB'), getItems: used.requests['DynamoDB.GetItem'] ?? 0, queries: used.requests['DynamoDB.Query'] ?? 0, readUnits: used.readUnits, items: page.items.length, ms });
  }
  const median = (pick: (c: (typeof perCall)[number]) => number) => percentile(perCall.map(pick), 50);
  return {
    run: runs.run,
    registered: runs.registered,
    registerSeconds: runs.registerSeconds,
    waitedSeconds,
    batchCalls,
    withRunId,
    withAtKnownAt,
    sameAnswers: underRun === spelledOut,
    exposure: {
      memberId,
      runs: runs.registered,
      calls: exposureCalls,
      items: median((c) => c.items),
      dynamoRequests: median((c) => c.requests),
      getItems: median((c) => c.getItems),
      queries: median((c) => c.queries),
      readUnits: round(median((c) => c.readUnits), 2),
      p50Ms: round(median((c) => c.ms)),
    },
  };
}
