// npm run demo: loads sample members into a running local stack (npm start), has some of them
// opt out or in, then asks who may be used for genai-training at three moments and prints a
// table by jurisdiction; then registers a training run at 2025-01-01 and shows that a member who
// opts out after it stays counted in it, and their exposure. Reproducible: members come from a seeded PRNG.
//
//   npm run demo -- [--url http://127.0.0.1:3000] [--members 3000] [--state-dir DIR]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { applicableCodes, JURISDICTION_GROUPS } from '../../lib/domain/jurisdictions.ts';
import type { CampaignProgress } from '../../lib/app/notices/progress.ts';
import { ensureKeys, mintToken } from './identity.ts';
import { EventCollector, eventLine, subscribeNewQueue } from './event-reader.ts';
import { defaultStateDir } from '../paths.ts';

const PURPOSE = 'genai-training';
const BATCH_SIZE = 1000;
const MAX_RETRIES = 3;
const REQUEST_TIMEOUT_MS = 30_000;
const SEED = 0x2025_1103;

// ---------------------------------------------------------------------------------------------
// Arguments

const USAGE = 'usage: npm run demo -- [--url http://127.0.0.1:3000] [--members 3000] [--state-dir DIR] [--concurrency 16]';

let values: { url: string; members: string; 'state-dir': string; concurrency: string; help: boolean };
try {
  values = parseArgs({
    options: {
      url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      members: { type: 'string', default: '3000' },
      'state-dir': { type: 'string', default: defaultStateDir() },
      concurrency: { type: 'string', default: '16' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(USAGE);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const baseUrl = values.url.replace(/\/+$/, '');
const memberCount = Number(values.members);
if (!Number.isInteger(memberCount) || memberCount < 1 || memberCount > 99_999) {
  console.error(`--members must be a whole number from 1 to 99999, not ${values.members}`);
  process.exit(2);
}
const CONCURRENCY = Number(values.concurrency);
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1 || CONCURRENCY > 256) {
  console.error(`--concurrency must be a whole number from 1 to 256, not ${values.concurrency}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Sample data

/** mulberry32: a tiny seeded PRNG, returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface JurisdictionSpec {
  /** Table label: the country, or the subdivision for the US. */
  code: string;
  country: string;
  subdivision?: string;
  weight: number;
  /** [locale, weight] */
  locales: [string, number][];
}

const JURISDICTIONS: JurisdictionSpec[] = [
  { code: 'US-CA', country: 'US', subdivision: 'US-CA', weight: 9, locales: [['en-US', 8], ['es-US', 2]] },
  { code: 'US-NY', country: 'US', subdivision: 'US-NY', weight: 7, locales: [['en-US', 9], ['es-US', 1]] },
  { code: 'US-TX', country: 'US', subdivision: 'US-TX', weight: 8, locales: [['en-US', 7], ['es-US', 3]] },
  { code: 'CA', country: 'CA', weight: 6, locales: [['en-CA', 3], ['fr-CA', 1]] },
  { code: 'GB', country: 'GB', weight: 7, locales: [['en-GB', 1]] },
  { code: 'HK', country: 'HK', weight: 3, locales: [['zh-HK', 2], ['en-HK', 1]] },
  { code: 'CH', country: 'CH', weight: 3, locales: [['de-CH', 6], ['fr-CH', 3], ['it-CH', 1]] },
  { code: 'FR', country: 'FR', weight: 6, locales: [['fr-FR', 1]] },
  { code: 'DE', country: 'DE', weight: 7, locales: [['de-DE', 1]] },
  { code: 'IE', country: 'IE', weight: 3, locales: [['en-IE', 9], ['ga-IE', 1]] },
  { code: 'IT', country: 'IT', weight: 5, locales: [['it-IT', 1]] },
  { code: 'ES', country: 'ES', weight: 5, locales: [['es-ES', 8], ['ca-ES', 2]] },
  { code: 'NL', country: 'NL', weight: 4, locales: [['nl-NL', 1]] },
  { code: 'PL', country: 'PL', weight: 4, locales: [['pl-PL', 1]] },
  { code: 'NO', country: 'NO', weight: 2, locales: [['nb-NO', 1]] },
  { code: 'IS', country: 'IS', weight: 1, locales: [['is-IS', 1]] },
  { code: 'BR', country: 'BR', weight: 6, locales: [['pt-BR', 1]] },
  { code: 'IN', country: 'IN', weight: 8, locales: [['en-IN', 3], ['hi-IN', 1]] },
  { code: 'JP', country: 'JP', weight: 4, locales: [['ja-JP', 1]] },
  { code: 'AU', country: 'AU', weight: 4, locales: [['en-AU', 1]] },
  { code: 'SG', country: 'SG', weight: 3, locales: [['en-SG', 3], ['zh-SG', 1]] },
];

/** The smallest group a country belongs to (EU before EEA), for the table's labels. */
function groupOf(country: string): string {
  return applicableCodes({ country }).find((code) => JURISDICTION_GROUPS.has(code)) ?? '';
}

function pickWeighted<T>(random: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function yearsBefore(date: Date, years: number): number {
  return Date.UTC(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate());
}

interface SampleMember {
  memberId: string;
  jurisdiction: string;
  profile: { email: string; country: string; subdivision?: string; birthDate?: string; suspectedMinor?: boolean; locale: string };
  choice?: 'granted' | 'denied';
}

function sampleMembers(count: number, today: Date): SampleMember[] {
  const digits = Math.max(5, String(count).length);
  // Minors are 15-17 today: born after (today - 18 years), on or before (today - 15 years),
  // with a couple of days' margin so nobody turns 18 (or 15) while the demo runs.
  const minorFrom = yearsBefore(today, 18) + 2 * DAY_MS;
  const minorTo = yearsBefore(today, 15) - 2 * DAY_MS;
  const adultFrom = Date.UTC(1950, 0, 1);
  const adultTo = Date.UTC(2000, 11, 31);
  const members: SampleMember[] = [];
  for (let i = 1; i <= count; i++) {
    // One stream per member, so member i is the same whatever --members says.
    const random = mulberry32(SEED ^ Math.imul(i, 0x9e3779b1));
    const memberId = `demo-${String(i).padStart(digits, '0')}`;
    const place = pickWeighted(random, JURISDICTIONS, (j) => j.weight);
    const locale = pickWeighted(random, place.locales, (l) => l[1])[0];
    const kind = random();
    const dayIn = (from: number, to: number) => isoDate(from + Math.floor(random() * ((to - from) / DAY_MS + 1)) * DAY_MS);
    const profile: SampleMember['profile'] = { email: `${memberId}@example.com`, country: place.country, locale };
    if (place.subdivision !== undefined) profile.subdivision = place.subdivision;
    if (kind < 0.05) {
      profile.birthDate = dayIn(minorFrom, minorTo);
    } else {
      // Suspected minors claim an adult birth date; the flag still makes them minors.
      profile.birthDate = dayIn(adultFrom, adultTo);
      if (kind < 0.06) profile.suspectedMinor = true;
    }
    const c = random();
    const member: SampleMember = { memberId, jurisdiction: place.code, profile };
    if (c < 0.12) member.choice = 'denied';
    else if (c < 0.15) member.choice = 'granted';
    members.push(member);
  }
  return members;
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr

function progress(label: string, total: number): { tick(): void; update(count: number, total: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let count = 0;
  let lastDraw = 0;
  let lastDecile = 0;
  const rate = () => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? Math.round(count / seconds) : 0;
  };
  const line = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((count / total) * width);
    const pad = String(total).length;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(count).padStart(pad)}/${total} ${label}  ${rate()}/s`;
  };
  const draw = (force: boolean) => {
    if (tty) {
      const now = Date.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      process.stderr.write(`\r${line()}\x1b[K`);
    } else {
      // A total still unknown (0) is not progress yet.
      const decile = total === 0 ? 0 : Math.floor((count * 10) / total);
      if (decile > lastDecile || force) {
        lastDecile = decile;
        process.stderr.write(`${line()}\n`);
      }
    }
  };
  draw(true);
  return {
    tick() {
      count += 1;
      draw(count === total);
    },
    /** For totals that grow while work goes on (a campaign's targeted members). */
    update(newCount: number, newTotal: number) {
      count = newCount;
      total = newTotal;
      draw(false);
    },
    done() {
      if (tty) {
        process.stderr.write(`\r${line()}  ${((Date.now() - started) / 1000).toFixed(1)}s\x1b[K\n`);
      } else if (lastDecile < 10) {
        process.stderr.write(`${line()}\n`);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

class DemoError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
  return `${error.message}${detail}`;
}

let token = '';

async function call(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  let lastProblem = '';
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) await sleep(150 * 2 ** (attempt - 1) + Math.random() * 100);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: payload ?? null,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      lastProblem = `network error: ${describeNetworkError(error)}`;
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        throw new DemoError(`${method} ${path} answered ${response.status} with a body that is not JSON:\n${text.slice(0, 2000)}`);
      }
    }
    lastProblem = `${response.status} ${response.statusText}\n${text.slice(0, 2000)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) await sleep(Math.min(retryAfter, 5) * 1000);
      continue;
    }
    let hint = '';
    if (response.status === 401) hint = '\n(The service refused the demo\'s token: is it running with the same --state-dir as the demo?)';
    throw new DemoError(`${method} ${path} failed: ${lastProblem}${hint}`);
  }
  throw new DemoError(`${method} ${path} still failing after ${MAX_RETRIES} retries: ${lastProblem}`);
}

/** Runs `worker` over `items` with at most `concurrency` in flight; stops at the first failure. */
async function pool<T, R>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<R>, onDone: () => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const run = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await worker(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
  return results;
}

async function checkHealth(): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new DemoError(
      `The Consent Ledger is not running at ${baseUrl} (${describeNetworkError(error)}).\n` +
        'Start it with npm start in another terminal, then run npm run demo again.',
    );
  }
  if (response.status !== 200) {
    const text = await response.text().catch(() => '');
    throw new DemoError(`GET ${baseUrl}/health answered ${response.status}, not 200:\n${text.slice(0, 2000)}\nIs something else listening there? Start the service with npm start.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Training runs

/**
 * GET `path` until its run has settled: 503 with Retry-After until pinnedAt + 35 s (the `call`
 * helper gives up after a few seconds, this waits as long as the service says).
 */
async function whenSettled(path: string): Promise<unknown> {
  for (;;) {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text().catch(() => '');
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 503 && Number.isFinite(retryAfter) && retryAfter > 0) {
      process.stderr.write(`  run settling: asked again in ${retryAfter} s (Retry-After)\n`);
      await sleep(retryAfter * 1000 + 200);
      continue;
    }
    if (!response.ok) throw new DemoError(`GET ${path} failed: ${response.status} ${response.statusText}\n${text.slice(0, 2000)}`);
    return JSON.parse(text) as unknown;
  }
}

interface TrainingRun {
  runId: string;
  name: string;
  snapshotAt: string;
  pinnedAt: string;
}

/**
 * README "For training pipelines": a run registered at snapshot 2025-01-01 pins its answers. A
 * member eligible then opts out afterwards: under the run they still count (the run already read
 * their data), asked about now they do not, and their exposure lists the run.
 */
async function trainingRun(members: readonly SampleMember[], eligibleThen: ReadonlySet<string>): Promise<void> {
  const member = members.find((m) => eligibleThen.has(m.memberId));
  if (!member) {
    console.log('No demo member was eligible at 2025-01-01: skipping the training run.');
    return;
  }
  const id = encodeURIComponent(member.memberId);
  const run = (await call('POST', '/v1/training-runs', {
    purpose: PURPOSE,
    snapshotAt: '2025-01-01T00:00:00Z',
    name: `demo run ${new Date().toISOString().slice(0, 19)}`,
    model: 'demo-model',
    dataset: 'members-2025-01-01',
  })) as TrainingRun;
  console.log('');
  console.log(`Training run ${run.runId} registered: snapshotAt ${run.snapshotAt}, pinned at ${run.pinnedAt}.`);
  await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { choice: 'denied' }, { 'idempotency-key': `demo-${randomUUID()}` });
  console.log(`${member.memberId} (${member.jurisdiction}), eligible at 2025-01-01, opts out now, after the pin.`);
  console.error('Waiting for the run to settle (its answers are final 35 s after the pin)...');
  const underRun = (await whenSettled(`/v1/eligibility/${PURPOSE}/${id}?runId=${run.runId}`)) as Result;
  const now = (await call('GET', `/v1/eligibility/${PURPOSE}/${id}`)) as Result;
  const exposure = (await call('GET', `/v1/members/${id}/exposure?purpose=${PURPOSE}`)) as { items: TrainingRun[]; next?: string };
  printTable(
    ['Asked', 'Eligible', 'Reason', 'Policy'],
    [
      [`runId ${run.runId}`, String(underRun.eligible), underRun.reason, underRun.policyVersion ?? '-'],
      ['now', String(now.eligible), now.reason, now.policyVersion ?? '-'],
    ],
  );
  console.log('  The run keeps its answer: the opt-out came after the pin, and a retried batch must not change.');
  console.log(`  A run registered with a snapshot after the opt-out leaves ${member.memberId} out.`);
  console.log('');
  console.log(`Exposure of ${member.memberId}: the runs allowed to use their data (${exposure.items.length}${exposure.next ? '+' : ''}, newest first)`);
  for (const item of exposure.items.slice(0, 5)) {
    console.log(`  ${item.runId}  ${item.name}  snapshot ${item.snapshotAt.slice(0, 10)}, pinned ${item.pinnedAt}${item.runId === run.runId ? '  <- this run' : ''}`);
  }
  if (exposure.items.length > 5) console.log(`  ... and ${exposure.items.length - 5} more (earlier demo runs)`);
}

// ---------------------------------------------------------------------------------------------
// Eligibility

interface Result {
  memberId: string;
  eligible: boolean;
  reason: string;
  policyVersion: string | null;
}
interface BatchAnswer {
  purpose: string;
  at: string;
  results: Result[];
}

interface Moment {
  label: string;
  at?: string;
}

const MOMENTS: Moment[] = [
  { label: '2024-10-01', at: '2024-10-01T00:00:00Z' },
  { label: '2025-01-01', at: '2025-01-01T00:00:00Z' },
  { label: 'now' },
];

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Table

const SHORT: Record<string, string> = {
  minor: 'm',
  opted_out: 'o',
  opted_in: 'i',
  excluded_jurisdiction: 'x',
  default_opt_in: 'd',
  no_consent: 'c',
  notice_pending: 'p',
  no_policy_in_force: 'n',
  purpose_not_covered: 'u',
  unknown_member: '?',
};
const BREAKDOWN_ORDER = Object.keys(SHORT);

interface Tally {
  total: number;
  eligible: number;
  reasons: Map<string, number>;
}

function newTally(): Tally {
  return { total: 0, eligible: 0, reasons: new Map() };
}

function add(tally: Tally, result: Result): void {
  tally.total += 1;
  if (result.eligible) tally.eligible += 1;
  tally.reasons.set(result.reason, (tally.reasons.get(result.reason) ?? 0) + 1);
}

function cell(tally: Tally): string {
  if (tally.total === 0) return '-';
  const sorted = [...tally.reasons].sort((a, b) => b[1] - a[1]);
  const dominant = sorted[0]?.[0] ?? '';
  const others = [...tally.reasons]
    .filter(([reason]) => reason !== dominant)
    .sort((a, b) => BREAKDOWN_ORDER.indexOf(a[0]) - BREAKDOWN_ORDER.indexOf(b[0]))
    .map(([reason, n]) => `${SHORT[reason] ?? reason}${n}`);
  return `${tally.eligible}/${tally.total} ${dominant}${others.length > 0 ? ` (${others.join(' ')})` : ''}`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: string[]) =>
    row
      .map((value, i) => (i === 1 ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.log(format(header));
  console.log(rule);
  for (const row of rows.slice(0, -1)) console.log(format(row));
  console.log(rule);
  console.log(format(rows[rows.length - 1] ?? []));
}

// ---------------------------------------------------------------------------------------------
// Main

/**
 * Announces a policy version: every member processable under it gets one email (DOMAIN.md
 * section 5), seen in the SES emulator's inbox. Follows the campaign to its end.
 */
async function announce(policyId: string): Promise<void> {
  console.log('');
  console.log(`Announcing policy ${policyId}: one email to each member it applies to (not excluded, not a minor).`);
  const started = (await call('POST', `/v1/policies/${policyId}/notices`)) as { campaignId: string };
  const bar = progress('notices (sent, failed or skipped of targeted)', 0);
  let latest: CampaignProgress;
  for (;;) {
    latest = (await call('GET', `/v1/policies/${policyId}/notices?campaignId=${started.campaignId}`)) as CampaignProgress;
    bar.update(latest.sent + latest.failed + latest.skipped, latest.targeted);
    if (latest.status === 'done') break;
    await sleep(250);
  }
  bar.done();
  const seconds = (Date.parse(latest.finishedAt ?? latest.startedAt) - Date.parse(latest.startedAt)) / 1000;
  console.log(
    `Campaign ${latest.campaignId}: ${latest.scanned} members examined, ${latest.targeted} targeted, ` +
      `${latest.sent} sent, ${latest.skipped} skipped (told before), ${latest.failed} failed, in ${seconds.toFixed(1)} s.`,
  );
  if (latest.skipped > 0 && latest.sent === 0) console.log('Everyone had been told already: announcing twice sends nobody a second email.');
  console.log(`The emails are in the SES emulator's inbox (npm start prints its address, by default http://127.0.0.1:8005).`);
}

/** The stack's event topic, followed through a new queue; undefined when the stack has none (not local). */
async function followEvents(): Promise<EventCollector | undefined> {
  const stack = (await fetch(`${baseUrl}/_local/stack`).then((response) => (response.ok ? response.json() : {})).catch(() => ({}))) as { sqsEndpoint?: string; eventTopicArn?: string };
  if (!stack.sqsEndpoint || !stack.eventTopicArn) return undefined;
  return new EventCollector(stack.sqsEndpoint, await subscribeNewQueue(stack.sqsEndpoint, stack.eventTopicArn, 'demo-events'));
}

/** Waits for the change event of every choice just made, and shows a few opt-outs as they arrived. */
async function showOptOutEvents(events: EventCollector | undefined, choosers: readonly SampleMember[]): Promise<void> {
  if (events === undefined) return;
  const chose = new Set(choosers.map((m) => m.memberId));
  const arrived = () => events.received.filter(({ event }) => event.type === 'consent.choice.recorded' && chose.has(event.subject));
  const deadline = Date.now() + 60_000;
  while (arrived().length < chose.size && Date.now() < deadline) await sleep(200);
  await events.stop();
  const optOuts = arrived().filter(({ event }) => (event.data as { choice?: string }).choice === 'denied');
  console.log('');
  console.log(`Change events: ${arrived().length} of the ${chose.size} choices just made arrived as consent.choice.recorded events`);
  console.log(`(${optOuts.length} opt-outs), through the SNS FIFO topic into a queue of the demo's own. A few opt-outs:`);
  for (const { event } of optOuts.slice(0, 5)) console.log(`  ${eventLine(event)}`);
  console.log('  npm run events -- --follow shows them as the stack\'s example subscription (the audit queue) receives them.');
}

async function main(): Promise<void> {
  const started = Date.now();
  await checkHealth();
  const keys = await ensureKeys(values['state-dir']);
  token = await mintToken(keys, { sub: 'demo-admin', scope: 'consent:admin' });

  const members = sampleMembers(memberCount, new Date());
  const runId = randomUUID();
  // A subscriber of the demo's own, from before its first write: the opt-outs it makes arrive as events.
  const events = await followEvents();
  console.error(`Consent Ledger at ${baseUrl}: loading ${members.length} demo members (${CONCURRENCY} requests in flight)`);

  const memberBar = progress('members', members.length);
  await pool(
    members,
    CONCURRENCY,
    (m) => call('PUT', `/v1/members/${encodeURIComponent(m.memberId)}`, m.profile),
    () => memberBar.tick(),
  ).finally(() => memberBar.done());

  const choosers = members.filter((m) => m.choice !== undefined);
  const choiceBar = progress('choices', choosers.length);
  await pool(
    choosers,
    CONCURRENCY,
    // The key makes a retry after a lost answer safe; a second demo run adds history, as a member would.
    (m) =>
      call('PUT', `/v1/members/${encodeURIComponent(m.memberId)}/consents/${PURPOSE}`, { choice: m.choice }, {
        'idempotency-key': `demo-${runId}-${m.memberId}`,
      }),
    () => choiceBar.tick(),
  ).finally(() => choiceBar.done());
  await showOptOutEvents(events, choosers);

  const ids = members.map((m) => m.memberId);
  const jobs = MOMENTS.flatMap((moment, momentIndex) =>
    chunk(ids, BATCH_SIZE).map((memberIds, chunkIndex) => ({ moment, momentIndex, chunkIndex, memberIds })),
  );
  const askBar = progress('eligibility batches', jobs.length);
  const answers = await pool(
    jobs,
    4,
    async (job) => {
      const body = job.moment.at === undefined ? { memberIds: job.memberIds } : { memberIds: job.memberIds, at: job.moment.at };
      const answer = (await call('POST', `/v1/eligibility/${PURPOSE}/batch`, body)) as BatchAnswer;
      if (!Array.isArray(answer?.results) || answer.results.length !== job.memberIds.length) {
        throw new DemoError(`POST /v1/eligibility/${PURPOSE}/batch answered ${answer?.results?.length ?? 'no'} results for ${job.memberIds.length} member ids`);
      }
      return answer;
    },
    () => askBar.tick(),
  ).finally(() => askBar.done());

  // Tally by jurisdiction and moment, and compare with what the rules say.
  const byMember = new Map(members.map((m) => [m.memberId, m]));
  const tallies = new Map<string, Tally[]>();
  for (const j of JURISDICTIONS) tallies.set(j.code, MOMENTS.map(newTally));
  const totals = MOMENTS.map(newTally);
  const momentAt: string[] = MOMENTS.map((m) => m.at ?? '');
  const policies: Set<string>[] = MOMENTS.map(() => new Set());
  const surprises: string[] = [];
  let surpriseCount = 0;
  jobs.forEach((job, jobIndex) => {
    const answer = answers[jobIndex] as BatchAnswer;
    momentAt[job.momentIndex] = answer.at;
    answer.results.forEach((result, i) => {
      const asked = job.memberIds[i] as string;
      if (result.memberId !== asked) {
        surpriseCount += 1;
        if (surprises.length < 5) surprises.push(`result ${i} of a batch is for ${result.memberId}, asked for ${asked} (not in request order)`);
      }
      const member = byMember.get(asked) as SampleMember;
      const tally = tallies.get(member.jurisdiction) as Tally[];
      add(tally[job.momentIndex] as Tally, result);
      add(totals[job.momentIndex] as Tally, result);
      if (result.policyVersion !== null) policies[job.momentIndex]?.add(result.policyVersion);
    });
  });

  const headers = MOMENTS.map((moment, i) => {
    const at = moment.at === undefined ? `now ${(momentAt[i] ?? '').slice(0, 10)}` : moment.label;
    const used = [...(policies[i] ?? [])];
    return `${at} [${used.length > 0 ? `policy ${used.join(', ')}` : 'no policy'}]`;
  });
  const rows = JURISDICTIONS.map((j) => {
    const t = tallies.get(j.code) as Tally[];
    const group = groupOf(j.country);
    return [group ? `${j.code} (${group})` : j.code, String(t[0]?.total ?? 0), ...t.map(cell)];
  });
  rows.push(['Total', String(members.length), ...totals.map(cell)]);

  console.log('');
  console.log(`Who may be used for ${PURPOSE}? eligible/members, most common reason (other reasons)`);
  console.log('');
  printTable(['Jurisdiction', 'Members', ...headers], rows);
  console.log('');
  console.log('Other reasons: m = minor, o = opted_out, i = opted_in, x = excluded_jurisdiction, d = default_opt_in.');
  console.log('  2024-10-01  No policy was in force yet (the first one took effect on 2024-11-20): nobody is eligible.');
  console.log('  2025-01-01  Policy 2024-11-20: opt-out by default, but the EU, EEA (IS, NO), CH, GB and HK are');
  console.log('              excluded, so nobody there is eligible whatever they chose. Under-18s never are.');
  console.log('  now         Policy 2025-11-03 covers everyone (opt-out by default, legitimate interest);');
  console.log('              only minors and members who opted out are left out, members who opted in count.');
  console.log('  The opt-outs and opt-ins were made just now, so they appear only in the "now" column:');
  console.log('  choices are not retroactive, and earlier snapshots keep their answers.');
  console.log('');
  if (surpriseCount > 0) {
    console.log(`Warning: ${surpriseCount} batch results were not in request order, e.g.:`);
    for (const line of surprises) console.log(`  ${line}`);
  }
  const eligibleThen = new Set(
    jobs.flatMap((job, jobIndex) => (job.momentIndex === 1 ? (answers[jobIndex] as BatchAnswer).results.filter((r) => r.eligible).map((r) => r.memberId) : [])),
  );
  await trainingRun(members, eligibleThen);
  await announce('2025-11-03');
  console.error(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
}

try {
  await main();
} catch (error) {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (error instanceof DemoError) console.error(error.message);
  else console.error('demo failed:', error);
  process.exit(1);
}
