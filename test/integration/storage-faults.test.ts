// DynamoDB failing under the service, on a stack of its own: throttling and timeouts injected at
// the SDK client before requests are sent, and answers lost after DynamoDB applied a choice
// write (the SDK then sends it again). Eligibility fails closed with 503 and Retry-After, never a
// guess; a client that retries with its Idempotency-Key gets every choice recorded exactly once;
// every acknowledged write is in the history at the position its ETag names, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKeys, mintToken } from '../../infra/local/identity.ts';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { adminToken, call, expectDocumented, memberToken, pipelineToken, PURPOSE, useStack } from './api-client.ts';
import { reportReliability } from './reliability-report.ts';

const STRESS = Boolean(process.env.CONSENT_LEDGER_STRESS);
const FAILURE_RATE = 0.5;
const LOST_ANSWER_RATE = 0.3;
const QUESTIONS = STRESS ? 300 : 60;
const WRITES = STRESS ? 100 : 20;

let stack: StackProcess;
const figures = { operations: 0, faultsInjected: 0, badInputs: 0, lostWrites: 0, duplicates: 0, serverErrors: 0, failClosed: 0 };

/** Counts an answer: a 503 with Retry-After is the documented fail-closed answer, any other 5xx is not. */
function tally(response: { status: number; headers: Headers }): void {
  figures.operations += 1;
  if (response.status === 503 && response.headers.get('retry-after')) figures.failClosed += 1;
  else if (response.status >= 500) figures.serverErrors += 1;
}

/** Retries a call until storage answers, as a client should: for setting up and reading back. */
async function eventually<T extends { status: number; headers: Headers }>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    const response = await attempt();
    tally(response);
    if (response.status !== 503 || i > 50) return response;
  }
}

beforeAll(async () => {
  stack = await startStackProcess({
    CONSENT_LEDGER_FAULTS: JSON.stringify({ dynamoFailureRate: FAILURE_RATE, dynamoLostAnswerRate: LOST_ANSWER_RATE }),
  });
  useStack(stack.ready);
  const admin = await adminToken();
  for (const id of ['faulty-1', 'faulty-2', 'faulty-3']) {
    const created = await eventually(() => call('PUT', `/v1/members/${id}`, { token: admin, body: { email: `${id}@example.com`, country: 'US' } }));
    expect([200, 201]).toContain(created.status);
  }
}, 120_000);

afterAll(async () => {
  if (stack) {
    const faults = (await call('GET', '/_local/faults')).body as Record<string, number>;
    figures.faultsInjected = Object.values(faults).reduce((sum, count) => sum + count, 0);
    reportReliability('storage faults', figures);
  }
  await stack?.stop();
});

describe(`with ${FAILURE_RATE * 100} % of DynamoDB requests failing and ${LOST_ANSWER_RATE * 100} % of choice-write answers lost`, () => {
  it('eligibility answers correctly or 503 with Retry-After; never a 500, never a guess', async () => {
    const pipeline = await pipelineToken();
    const statuses: Record<number, number> = {};
    for (let i = 0; i < QUESTIONS; i++) {
      const response = await call('GET', `/v1/eligibility/${PURPOSE}/faulty-1?at=2025-06-01`, { token: pipeline });
      tally(response);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 200) expect(response.body).toMatchObject({ eligible: true, reason: 'default_opt_in', policyVersion: '2024-11-20' });
      else {
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    // Both paths ran: the SDK's retries absorbed some faults, others reached the caller. (With
    // these sizes a run with none of one kind has a chance of about 1 in 3,000.)
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[503]).toBeGreaterThan(0);
  }, 180_000);

  it('records every choice exactly once for a client that retries with its Idempotency-Key', async () => {
    const token = await memberToken('faulty-2');
    const intended: string[] = [];
    for (let i = 0; i < WRITES; i++) {
      const choice = i % 2 ? 'granted' : 'denied';
      const response = await eventually(() =>
        call('PUT', `/v1/members/faulty-2/consents/${PURPOSE}`, { token, body: { choice }, headers: { 'idempotency-key': `write-${i}` } }),
      );
      expect(response.status, response.text).toBe(200);
      expect(response.body.choice).toBe(choice);
      intended.push(choice);
    }
    const history = await eventually(() => call('GET', `/v1/members/faulty-2/consents/${PURPOSE}/history`, { token }));
    expect(history.status).toBe(200);
    const recorded = history.body.items.map((item: { choice: string }) => item.choice) as string[];
    figures.lostWrites += Math.max(0, intended.length - recorded.length);
    figures.duplicates += Math.max(0, recorded.length - intended.length);
    expect(recorded).toEqual(intended);
  }, 180_000);

  it('keeps every acknowledged plain write once, at the position its ETag names', async () => {
    const token = await memberToken('faulty-3');
    const acknowledged = new Map<number, string>();
    let refused = 0;
    // At least WRITES, and on until one was refused, so the refused path is always exercised.
    for (let i = 0; i < 200 && (i < WRITES || refused === 0); i++) {
      const choice = i % 2 ? 'granted' : 'denied';
      const response = await call('PUT', `/v1/members/faulty-3/consents/${PURPOSE}`, { token, body: { choice } });
      tally(response);
      expect([200, 503], response.text).toContain(response.status);
      if (response.status === 200) acknowledged.set(Number(JSON.parse(response.headers.get('etag')!)), choice);
      else refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
    const history = await eventually(() => call('GET', `/v1/members/faulty-3/consents/${PURPOSE}/history`, { token }));
    const recorded = history.body.items.map((item: { choice: string }) => item.choice) as string[];
    // Distinct positions, each holding what was acknowledged there. A refused write's outcome is
    // unknown to its client (the 503 says so), so the history may hold up to `refused` more.
    for (const [position, choice] of acknowledged) {
      if (recorded[position - 1] !== choice) figures.lostWrites += 1;
      expect(recorded[position - 1], `acknowledged as ${position}`).toBe(choice);
    }
    expect(recorded.length).toBeGreaterThanOrEqual(acknowledged.size);
    expect(recorded.length).toBeLessThanOrEqual(acknowledged.size + refused);
  }, 180_000);
});

describe('with every DynamoDB request failing', () => {
  it('the stack still starts (its own setup is not under test), and every answer is a 503', async () => {
    const down = await startStackProcess({ CONSENT_LEDGER_FAULTS: JSON.stringify({ dynamoFailureRate: 1 }) });
    try {
      const pipeline = await mintToken(await ensureKeys(down.ready.stateDir), { sub: 'training-pipeline', scope: 'eligibility:read' });
      const path = `/v1/eligibility/${PURPOSE}/anyone`;
      const response = await fetch(`${down.ready.url}${path}`, { headers: { authorization: `Bearer ${pipeline}` } });
      expect(response.status).toBe(503);
      await expectDocumented('GET', path, { status: response.status, headers: response.headers, text: await response.text() });
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await down.stop();
    }
  }, 120_000);
});
