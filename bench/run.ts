// npm run bench: what the service costs and how close it runs to the limits beneath it, on the
// local stack, in one command. Writes bench/results/latest.json and prints a Markdown table.
//
//   npm run bench -- [--members 100000] [--ses-rate 500] [--heavy-choices 10000] [--url http://127.0.0.1:3000 --state-dir .local]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureKeys, mintToken } from '../infra/local/identity.ts';
import { startStackProcess } from '../infra/local/stack-process.ts';
import { PROJECT_ROOT } from '../infra/paths.ts';
import { measureColdStarts } from './cold-start.ts';
import { costPerMillion, PRICES } from './cost.ts';
import { loadPopulation } from './population.ts';
import { changeEvents, streamDrained } from './events.ts';
import { receiptCost } from './receipts.ts';
import { batchEligibility, choiceUpdates, heavyMember, noticeFanout, registerTrainingRuns, singleEligibility, trainingRuns, type BenchContext } from './scenarios.ts';

export interface BenchOptions {
  members: number;
  sesRate: number;
  batchCalls: number;
  singleRequests: number;
  updates: number;
  /** Choices the heavy member makes through the API (16 concurrent writers). */
  heavyChoices: number;
  /** Interleaved rounds of single answers timed for the heavy/fresh latency ratio. */
  heavyLatencyRounds: number;
  coldStartRuns: number;
  /** Training runs registered at the start (one snapshot); the first one's batch, and one member's exposure over all. */
  trainingRuns: number;
  /** Choices on distinct members followed to their change events. */
  eventWrites: number;
  /** Choices on distinct members timed and counted for what their receipts add (a fifth as many more with an Idempotency-Key). */
  receiptWrites: number;
  /** A running stack (and the state folder whose keys it trusts); otherwise one is started. */
  url?: string | undefined;
  stateDir?: string | undefined;
  log?: (line: string) => void;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Row {
  scenario: string;
  figure: string;
  value: number | string;
  target?: string;
  pass?: boolean;
}

/** The heavy member next to a fresh one: what an answer and a write cost each, and how long an answer takes. */
function heavyRows(heavy: Awaited<ReturnType<typeof heavyMember>>): Row[] {
  const s = 'heavy member';
  const { heavy: h, fresh: f, answers: a, transactionBilling: t } = heavy;
  const cost = (x: typeof a.heavyNow) => `${x.dynamoRequests} (${x.getItems} GetItem + ${x.queries} Query), ${x.readUnits} RRU`;
  const local =
    `a 1-item transaction reports ${t.oneItemUnits} units where a plain write of the item reports ${t.plainUnits}` +
    (t.multiplier >= 2 ? ' (2x, as AWS bills)' : ' (not doubled: AWS bills 2x, added here)') +
    `; two equal 1-unit items report ${t.twoEqualItemsUnits} (AWS: 4). Archive items ≤ ${h.archiveMaxBytes} B`;
  return [
    { scenario: s, figure: `${heavy.choices} choices through the API (${heavy.clients} writers): acknowledged, s, writes/s`, value: `${heavy.choices - heavy.failures}, ${heavy.buildSeconds} s, ${heavy.writesPerSecond}/s`, target: 'all acknowledged', pass: heavy.failures === 0 },
    { scenario: s, figure: `hot item bytes (itemBytes, read from DynamoDB Local; compaction at ${heavy.compactAtBytes}): heavy / fresh`, value: `${h.hotBytes} / ${f.hotBytes}`, target: '< 2048 (2 WCU)', pass: h.hotBytes < 2048 },
    { scenario: s, figure: 'archive items: heavy / fresh', value: `${h.archiveItems} / ${f.archiveItems}` },
    { scenario: s, figure: 'largest archive item, bytes (itemBytes)', value: h.archiveMaxBytes },
    { scenario: s, figure: 'eligibility `at` = now, per answer: DynamoDB requests, RRU: heavy', value: cost(a.heavyNow), target: '1 GetItem, 1 RRU', pass: a.heavyNow.dynamoRequests === 1 && a.heavyNow.readUnits <= 1 },
    { scenario: s, figure: 'eligibility `at` = now, per answer: fresh', value: cost(a.freshNow), target: '1 GetItem, 1 RRU', pass: a.freshNow.dynamoRequests === 1 && a.freshNow.readUnits <= 1 },
    { scenario: s, figure: 'eligibility `at` = just after the first choice (heavy: archived), per answer: heavy', value: cost(a.heavyOld), target: '≤ 2 requests', pass: a.heavyOld.dynamoRequests <= 2 },
    { scenario: s, figure: 'eligibility `at` = just after the first choice (fresh: hot), per answer: fresh', value: cost(a.freshOld), target: '1 GetItem', pass: a.freshOld.dynamoRequests === 1 },
    { scenario: s, figure: `WCU per plain write (no compaction), billed by AWS (DynamoDB Local reports ${h.plainWriteUnitsReported}; ${h.plainWriteRequests} requests): heavy`, value: h.plainWriteUnitsBilled, target: '≤ 2', pass: h.plainWriteUnitsBilled <= 2 },
    { scenario: s, figure: `WCU per write, billed by AWS (DynamoDB Local reports ${f.writeUnitsReported}; ${f.writeRequests} requests): fresh`, value: f.writeUnitsBilled, target: '≤ 2', pass: f.writeUnitsBilled <= 2 },
    { scenario: s, figure: `WCU per write over all ${heavy.choices} heavy writes, compactions included (${heavy.clients} writers; ${h.archiveItemsPerWrite} tails moved, ${h.compactionsPerWrite} compaction transactions sent per write), billed by AWS (DynamoDB Local reports ${h.writeUnitsReportedPerWrite})`, value: h.writeUnitsBilledPerWrite, target: '≤ 3', pass: h.writeUnitsBilledPerWrite <= 3 },
    { scenario: s, figure: `WCU per write over ${h.sequentialWrites} more heavy writes from 1 writer, compactions included (${h.sequentialCompactions} compactions), billed by AWS`, value: h.sequentialWriteUnitsBilledPerWrite, target: '≤ 3', pass: h.sequentialWriteUnitsBilledPerWrite <= 3 },
    { scenario: s, figure: 'DynamoDB requests per heavy write, compactions and housekeeping included', value: h.dynamoRequestsPerWrite },
    { scenario: s, figure: 'DynamoDB Local and transactions (calibrated in this run)', value: local },
    { scenario: s, figure: 'single answer p50 ms, `at` = now: heavy / fresh (interleaved, 1 client)', value: `${heavy.p50.heavyNow} / ${heavy.p50.freshNow} = ${heavy.ratioP50Now}`, target: '≤ 1.2', pass: heavy.ratioP50Now <= 1.2 },
    { scenario: s, figure: 'single answer p50 ms, `at` = just after the first choice: heavy / fresh', value: `${heavy.p50.heavyOld} / ${heavy.p50.freshOld} = ${heavy.ratioP50Old}`, target: '≤ 1.2', pass: heavy.ratioP50Old <= 1.2 },
  ];
}

/** A batch under a run against the same question spelled out, and one member's exposure over every run. */
function trainingRunRows(t: Awaited<ReturnType<typeof trainingRuns>>): Row[] {
  const s = 'training runs';
  const { withRunId: r, withAtKnownAt: k, exposure: e } = t;
  const runListPage = 1_000; // LIST_PAGE in lib/app/run-catalog.ts
  const runListQueries = Math.ceil((e.runs + 1) / runListPage);
  return [
    { scenario: s, figure: `${t.batchCalls} batches of ${r.answers / t.batchCalls}: BatchGetItem requests per 1,000 answers, \`runId\` / \`at\` = snapshotAt + \`knownAt\` = pinnedAt`, value: `${r.batchGetsPer1000} / ${k.batchGetsPer1000}`, target: '≤ 10', pass: r.batchGetsPer1000 <= 10 && k.batchGetsPer1000 <= 10 },
    { scenario: s, figure: `batch: all DynamoDB requests per 1,000, \`runId\` / \`at\` + \`knownAt\` (with ${r.policyReads} / ${k.policyReads} policy reads: one per container per 30 s)`, value: `${r.dynamoRequestsPer1000} / ${k.dynamoRequestsPer1000}` },
    { scenario: s, figure: 'batch: RRU per answer, `runId` / `at` + `knownAt`', value: `${r.readUnitsPerAnswer} / ${k.readUnitsPerAnswer}`, target: '≤ 0.5', pass: r.readUnitsPerAnswer <= 0.5 && k.readUnitsPerAnswer <= 0.5 },
    { scenario: s, figure: `batch: the same answers both ways (${r.eligible} of ${r.answers} eligible; run settled after ${t.waitedSeconds} s more wait)`, value: t.sameAnswers ? 'same' : 'different', target: 'same', pass: t.sameAnswers },
    {
      scenario: s,
      figure:
        `exposure of one member with ${e.runs} runs registered (${e.items} listed, limit 1000), DynamoDB requests per call (median): ` +
        `the run list comes from the container's cache, reloaded once per 30 s in pages of ${runListPage} runs`,
      value: `${e.dynamoRequests} (${e.getItems} GetItem + ${e.queries} Query)`,
      target: '1 member read + the run list',
      pass: e.getItems === 1 && e.queries <= runListQueries,
    },
    { scenario: s, figure: `exposure: RRU per call (eventually consistent; p50 ${e.p50Ms} ms)`, value: e.readUnits },
  ];
}

/** What signing a receipt adds to a choice write: requests, time, bytes. */
function receiptRows(r: Awaited<ReturnType<typeof receiptCost>>): Row[] {
  const s = 'receipts';
  return [
    { scenario: s, figure: `${r.writes} choice writes: receipts that verify against /.well-known/jwks.json; a keyed replay's receipt byte for byte the first's`, value: `${r.writes - r.invalidReceipts} of ${r.writes}; ${r.replayIdentical ? 'same' : 'different'}`, target: 'all; same', pass: r.invalidReceipts === 0 && r.replayIdentical },
    { scenario: s, figure: 'DynamoDB / KMS requests per plain choice write (signing is in-process: in AWS, 1 Query + 1 Decrypt per container, at its cold start)', value: `${r.dynamoRequestsPerWrite} / ${r.kmsRequestsPerWrite}`, target: 'KMS 0', pass: r.kmsRequestsPerWrite === 0 },
    { scenario: s, figure: `sign() alone, p50 / p99 µs (ES256, in-process, this machine) vs a choice write's p50 / p99 via the API (${r.writeP50Ms} / ${r.writeP99Ms} ms)`, value: `${r.sign.p50Us} / ${r.sign.p99Us} µs = ${round(r.signShareOfWriteP50 * 100, 2)} % of the write's p50` },
    { scenario: s, figure: 'answer bytes with the receipt (p50); of which the receipt', value: `${r.answerBytes}; ${r.receiptBytes}` },
    { scenario: s, figure: `keyed writes (${r.keyedWrites}): DynamoDB requests and write units (DynamoDB Local's) per write; the Idempotency-Key mark with its answer and receipt, bytes (itemBytes)`, value: `${r.dynamoRequestsPerKeyedWrite}; ${r.writeUnitsPerKeyedWrite}; ${r.markBytes} B`, target: 'mark ≤ 2048 B (2 WCU)', pass: r.markBytes <= 2048 },
  ];
}

/** The change-event pipeline: what it asks of SNS and Lambda per event, and how soon an event arrives. */
function eventRows(e: Awaited<ReturnType<typeof changeEvents>>): Row[] {
  const s = 'change events';
  return [
    { scenario: s, figure: `${e.writes} choices on distinct members (${e.writesPerSecond} writes/s): events received, matched to their write, duplicates`, value: `${e.events}, ${e.eventsMatched}, ${e.duplicates}`, target: 'one each, no duplicate', pass: e.eventsMatched === e.writes - e.failures && e.duplicates === 0 && e.failures === 0 },
    { scenario: s, figure: 'SNS requests per 1,000 events (PublishBatch, 10 a call, in stream order)', value: e.snsRequestsPer1000, target: '≤ 110', pass: e.snsRequestsPer1000 <= 110 },
    { scenario: s, figure: `publish function invocations per 1,000 events (${e.eventsPerInvocation} events an invocation; batches of up to 500, 1 s window)`, value: e.publishInvocationsPer1000 },
    { scenario: s, figure: 'delay from the write\'s answer to the event in a subscriber queue, p50 / p99 ms (local; includes the 1 s batching window)', value: `${e.delayMs.p50} / ${e.delayMs.p99}` },
  ];
}

function progressLine(label: string) {
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    process.stderr.write(`  ${label}: ${done}/${total}${process.stderr.isTTY ? '\r' : '\n'}`);
  };
}

export async function runBench(options: BenchOptions) {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date();
  const stack = options.url
    ? undefined
    : await startStackProcess({
        SES_MAX_SEND_RATE: String(options.sesRate),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        NOTIFY_CONCURRENCY: '4',
        NOTIFY_BATCH_SIZE: '4',
        NOTICE_RECIPIENTS_PER_MESSAGE: '250',
      });
  try {
    const baseUrl = options.url ?? stack!.ready.url;
    const stateDir = options.stateDir ?? stack!.ready.stateDir;
    const local = (await (await fetch(`${baseUrl}/_local/stack`)).json()) as { dynamoDbEndpoint: string; tableName: string; sesMaxSendRate: number };
    const keys = await ensureKeys(stateDir);
    const memberTokens = new Map<string, string>();
    const ctx: BenchContext = {
      baseUrl,
      dynamoDbEndpoint: local.dynamoDbEndpoint,
      tableName: local.tableName,
      members: options.members,
      tokens: {
        admin: await mintToken(keys, { sub: 'bench-admin', scope: 'consent:admin', expiresInSeconds: 6 * 3600 }),
        pipeline: await mintToken(keys, { sub: 'bench-pipeline', scope: 'eligibility:read', expiresInSeconds: 6 * 3600 }),
        member: async (id) => {
          let token = memberTokens.get(id);
          if (!token) memberTokens.set(id, (token = await mintToken(keys, { sub: id, expiresInSeconds: 6 * 3600 })));
          return token;
        },
      },
    };

    log(`Loading ${options.members} members into ${ctx.tableName}...`);
    const loadStarted = performance.now();
    const loadProgress = progressLine('members');
    await loadPopulation({ dynamoDbEndpoint: ctx.dynamoDbEndpoint, tableName: ctx.tableName, members: options.members }, (done) => loadProgress(done, options.members));
    log(`  loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    // The load is changes too (an import's choices are facts): the publisher works through them
    // first, so that no scenario shares the machine with it.
    const drainStarted = performance.now();
    await streamDrained(ctx);
    log(`  change stream worked through in ${((performance.now() - drainStarted) / 1000).toFixed(1)} s`);

    log(`Registering ${options.trainingRuns} training runs (they settle while the other scenarios run)...`);
    const registeredRuns = await registerTrainingRuns(ctx, options.trainingRuns);

    log('Batch eligibility...');
    const batch = await batchEligibility(ctx, options.batchCalls);
    log('Single eligibility, 50 concurrent clients...');
    const single = await singleEligibility(ctx, options.singleRequests);
    log('Choice updates...');
    const updates = await choiceUpdates(ctx, options.updates);
    log('Receipts: what signing adds to a choice write...');
    const receipts = await receiptCost(ctx, options.receiptWrites);
    log(`Heavy member: ${options.heavyChoices} choices through the API, 16 concurrent writers, next to a fresh member...`);
    const heavy = await heavyMember(ctx, { choices: options.heavyChoices, latencyRounds: options.heavyLatencyRounds });
    log(`  built in ${heavy.buildSeconds} s (${heavy.writesPerSecond} writes/s, ${heavy.failures} failed)`);
    log(`Change events: ${options.eventWrites} choices followed to their events...`);
    const events = await changeEvents(ctx, options.eventWrites);
    log('Cold starts...');
    const cold = await measureColdStarts({ dynamoDbEndpoint: ctx.dynamoDbEndpoint, tableName: ctx.tableName, runs: options.coldStartRuns });
    log(`Notice fan-out to the whole population (configured SES rate ${local.sesMaxSendRate}/s)...`);
    const notices = await noticeFanout(ctx, local.sesMaxSendRate, progressLine('notices'));
    // Every notice delivered is an event: let the publisher finish before timing the runs.
    await streamDrained(ctx);
    log('Training runs: a batch under a run, the same question spelled out, one member\'s exposure...');
    const runs = await trainingRuns(ctx, registeredRuns, options.batchCalls);

    const cost = costPerMillion({
      single: { p50Ms: single.api.p50, readUnits: 0.5 },
      batch: { secondsPerCall: batch.snapshot.seconds / options.batchCalls, readUnitsPerAnswer: batch.snapshot.readUnitsPerAnswer, answersPerCall: batch.snapshot.answers / options.batchCalls },
      update: { p50Ms: single.api.p50, writeUnits: updates.writeUnitsBilledPerUpdate, readUnits: updates.readUnitsPerUpdate },
      notice: {
        sqsRequestsPer1000: notices.sqsRequestsPer1000 + notices.sqsPollingRequestsPer1000,
        sesRequestsPer1000: notices.sesRequestsPer1000,
        writeUnits: notices.writeUnitsBilledPerNotice,
        readUnits: notices.readUnitsPerNotice,
        // 4 consumers busy for the whole campaign: an upper bound.
        lambdaSecondsPerNotice: (notices.seconds * 4) / Math.max(1, notices.notices),
      },
    });

    const rows: Row[] = [
      { scenario: 'batch eligibility', figure: 'BatchGetItem requests per 1,000 answers', value: batch.snapshot.batchGetsPer1000, target: '≤ 10', pass: batch.snapshot.batchGetsPer1000 <= 10 },
      { scenario: 'batch eligibility', figure: `all DynamoDB requests per 1,000 (with ${batch.snapshot.policyReads} policy reads: one per container per 30 s)`, value: batch.snapshot.dynamoRequestsPer1000 },
      { scenario: 'batch eligibility', figure: 'read units per answer (snapshot `at`, eventually consistent)', value: batch.snapshot.readUnitsPerAnswer, target: '≤ 0.5', pass: batch.snapshot.readUnitsPerAnswer <= 0.5 },
      { scenario: 'batch eligibility', figure: 'read units per answer (`at` = now: strongly consistent by design)', value: batch.now.readUnitsPerAnswer },
      { scenario: 'batch eligibility', figure: 'answers per second', value: batch.snapshot.answersPerSecond },
      { scenario: 'batch eligibility', figure: 'naive (1 GetItem per member): requests / speed vs batch', value: `${batch.naive.requestRatio}x the requests, ${batch.naive.answersPerSecond}/s (batch is ${batch.naive.speedRatio}x faster)` },
      { scenario: 'single eligibility', figure: 'p50 / p99 ms via the local API (50 clients)', value: `${single.api.p50} / ${single.api.p99}` },
      { scenario: 'single eligibility', figure: 'p50 / p99 ms of DynamoDB Local GetItem (50 clients)', value: `${single.dynamoGetItem.p50} / ${single.dynamoGetItem.p99}` },
      { scenario: 'single eligibility', figure: 'ratio API / GetItem, p50', value: single.ratioP50, target: '≤ 1.5', pass: single.ratioP50 <= 1.5 },
      { scenario: 'single eligibility', figure: 'ratio API / GetItem, p99', value: single.ratioP99, target: '≤ 1.5', pass: single.ratioP99 <= 1.5 },
      { scenario: 'choice update', figure: 'write units per update, billed by AWS (DynamoDB Local reports ' + updates.writeUnitsReportedPerUpdate + ')', value: updates.writeUnitsBilledPerUpdate, target: '≤ 4', pass: updates.writeUnitsBilledPerUpdate <= 4 },
      { scenario: 'choice update', figure: 'DynamoDB requests per update (1 conditional UpdateItem, no read)', value: updates.dynamoRequestsPerUpdate },
      { scenario: 'choice update', figure: `${updates.contention.writers} concurrent writers on one member: acknowledged`, value: updates.contention.acknowledged, target: 'all acknowledged', pass: updates.contention.failures === 0 },
      { scenario: 'choice update', figure: 'contended: DynamoDB requests per write (1 = nothing retried)', value: updates.contention.dynamoRequestsPerWrite },
      { scenario: 'choice update', figure: 'contended: write units per write (the history grows the item)', value: updates.contention.writeUnitsPerWrite },
      { scenario: 'choice update', figure: 'contended: writes per second on one member (DynamoDB Local)', value: updates.contention.writesPerSecond },
      ...receiptRows(receipts),
      ...heavyRows(heavy),
      ...trainingRunRows(runs),
      ...eventRows(events),
      { scenario: 'notice fan-out', figure: `SQS + SES requests per 1,000 notices (${notices.notices} notices)`, value: notices.requestsPer1000, target: '≤ 25', pass: notices.requestsPer1000 <= 25 },
      { scenario: 'notice fan-out', figure: 'of which SES SendBulkEmail / SQS sends', value: `${notices.sesRequestsPer1000} / ${notices.sqsRequestsPer1000}` },
      { scenario: 'notice fan-out', figure: 'event source mapping polls (receive, delete) per 1,000', value: notices.sqsPollingRequestsPer1000 },
      { scenario: 'notice fan-out', figure: `achieved send rate, share of the configured ${notices.configuredRate}/s`, value: `${notices.achievedRate}/s = ${Math.round(notices.shareOfConfiguredRate * 100)} %`, target: '≥ 90 %', pass: notices.shareOfConfiguredRate >= 0.9 },
      { scenario: 'notice fan-out', figure: 'failed notices; DynamoDB requests per notice', value: `${notices.failed}; ${notices.dynamoRequestsPerNotice}`, target: '0 failed', pass: notices.failed === 0 },
      { scenario: 'notice fan-out', figure: 'DynamoDB Local ceiling: 2-item transactions per second (16 writers)', value: notices.dynamoLocalTransactionsPerSecond },
      { scenario: 'cold start', figure: 'bare DynamoDB client handler: bundle KB, ms', value: `${Math.round(cold.baseline.bundleBytes / 1024)} KB, ${cold.baseline.coldMs} ms` },
      ...cold.rows.map((row) => ({
        scenario: 'cold start',
        figure: `${row.handler}: KB, ms, ratio to bare client`,
        value: `${Math.round(row.bundleBytes / 1024)} KB, ${row.coldMs} ms, ${row.ratio}`,
        target: '≤ 1.3',
        pass: row.ratio <= 1.3,
      })),
      { scenario: 'cost', figure: '$ per million single lookups', value: cost.singleLookups },
      { scenario: 'cost', figure: '$ per million member answers via batch', value: cost.batchAnswers, target: '≤ $0.10', pass: cost.batchAnswers <= 0.1 },
      { scenario: 'cost', figure: '$ per million choice updates', value: cost.choiceUpdates },
      { scenario: 'cost', figure: '$ per million notices (SES alone: $100)', value: cost.notices },
    ];
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
    const markdown = [
      `Consent Ledger benchmark, ${startedAt.toISOString().slice(0, 10)}: ${options.members} members; ${machine.cpus} x ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}. Prices: ${PRICES.asOf}.`,
      '',
      '| scenario | figure | value | target | |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((row) => `| ${row.scenario} | ${row.figure} | ${row.value} | ${row.target ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'pass' : '**MISS**'} |`),
    ].join('\n');
    const results = { startedAt: startedAt.toISOString(), machine, options: { ...options, log: undefined }, batch, single, updates, receipts, heavy, trainingRuns: runs, events, notices, cold, cost, rows };
    return { results, markdown };
  } finally {
    await stack?.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '100000' },
      'ses-rate': { type: 'string', default: '500' },
      'heavy-choices': { type: 'string', default: '10000' },
      url: { type: 'string' },
      'state-dir': { type: 'string' },
    },
  });
  const members = Number(values.members);
  if (!Number.isInteger(members) || members < 100) {
    console.error('--members must be a whole number of at least 100');
    process.exit(2);
  }
  if (values.url && !values['state-dir']) {
    console.error('--url needs --state-dir: the state folder of that stack, whose keys it trusts');
    process.exit(2);
  }
  const { results, markdown } = await runBench({
    members,
    sesRate: Number(values['ses-rate']),
    batchCalls: 20,
    singleRequests: 3000,
    updates: 500,
    heavyChoices: Number(values['heavy-choices']),
    heavyLatencyRounds: 200,
    coldStartRuns: 5,
    trainingRuns: 1000,
    eventWrites: 1000,
    receiptWrites: 500,
    url: values.url,
    stateDir: values['state-dir'],
  });
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(markdown);
  console.error(`\nWritten: bench/results/latest.json`);
}
