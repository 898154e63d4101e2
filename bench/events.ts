// The change-event pipeline under load: choices on distinct members through the API, each
// followed to its event in a subscriber queue of the bench's own (subscribed to the topic as any
// downstream system would be). Counts SNS requests and publish invocations per 1,000 events
// (machine-independent), and the local delay from a write's answer to its event in the queue.
import { EventCollector, subscribeNewQueue } from '../infra/local/event-reader.ts';
import { LOCAL_STACK_PATH } from '../infra/local/http-api.ts';
import { percentile, round, sum, usage, type BenchContext } from './scenarios.ts';
import { benchMemberId } from './population.ts';

interface StackDetails {
  sqsEndpoint: string;
  eventTopicArn: string;
  publishInvocations: number;
  streamIdleMs: number;
}

const details = async (ctx: BenchContext) => (await (await fetch(`${ctx.baseUrl}${LOCAL_STACK_PATH}`)).json()) as StackDetails;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the publisher has done every change so far: what came before must not be counted. */
export async function streamDrained(ctx: BenchContext, quietMs = 2_000, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await details(ctx)).streamIdleMs < quietMs) {
    if (Date.now() > deadline) throw new Error(`the change stream was still busy after ${timeoutMs / 1000} s`);
    await pause(250);
  }
}

export async function changeEvents(ctx: BenchContext, writes: number, clients = 8) {
  await streamDrained(ctx);
  const before = await details(ctx);
  const collector = new EventCollector(before.sqsEndpoint, await subscribeNewQueue(before.sqsEndpoint, before.eventTopicArn, 'bench-events'));
  await usage(ctx, true);
  const answeredAt = new Map<string, number>();
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < writes) {
        const i = next++;
        const memberId = benchMemberId((1_000 + i) % ctx.members);
        const response = await fetch(`${ctx.baseUrl}/v1/members/${memberId}/consents/genai-training`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${await ctx.tokens.member(memberId)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ choice: i % 2 ? 'granted' : 'denied' }),
        });
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
        // The event of this write: its member's choice numbered by the ETag the answer carries.
        else answeredAt.set(`${memberId}#${JSON.parse(response.headers.get('etag') ?? '0')}`, Date.now());
      }
    }),
  );
  const writeSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 120_000;
  const choiceEvents = () => collector.received.filter(({ event }) => event.type === 'consent.choice.recorded');
  while (choiceEvents().length < answeredAt.size && Date.now() < deadline) await pause(100);
  await streamDrained(ctx, 1_500);
  await collector.stop();
  const after = await details(ctx);
  const used = await usage(ctx);

  const delays: number[] = [];
  for (const { event, receivedAt } of choiceEvents()) {
    const at = answeredAt.get(`${event.subject}#${(event.data as { sequence: number }).sequence}`);
    if (at !== undefined) delays.push(receivedAt - at);
  }
  const events = collector.received.length;
  const snsRequests = sum(used, 'SNS');
  const invocations = after.publishInvocations - before.publishInvocations;
  return {
    writes,
    failures,
    writesPerSecond: round(writes / writeSeconds),
    events,
    eventsMatched: delays.length,
    duplicates: events - new Set(collector.received.map(({ event }) => event.id)).size,
    snsRequestsPer1000: round((snsRequests / Math.max(1, events)) * 1000, 1),
    publishInvocationsPer1000: round((invocations / Math.max(1, events)) * 1000, 1),
    eventsPerInvocation: round(events / Math.max(1, invocations), 1),
    delayMs: { p50: Math.round(percentile(delays, 50)), p99: Math.round(percentile(delays, 99)) },
  };
}
