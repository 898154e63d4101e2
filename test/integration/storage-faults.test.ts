// DynamoDB failing under the service (injected throttling and timeouts at the SDK client, on a
// stack of its own): eligibility fails closed with 503 and Retry-After, never a guess; every
// acknowledged choice is in the history; a refused one wrote nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { adminToken, call, memberToken, pipelineToken, PURPOSE, useStack } from './api-client.ts';

let stack: StackProcess;
const FAILURE_RATE = 0.5;

/** Retries a call until storage answers: for setting up and for reading back. */
async function eventually<T extends { status: number }>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    const response = await attempt();
    if (response.status !== 503 || i > 30) return response;
  }
}

beforeAll(async () => {
  stack = await startStackProcess({ CONSENT_LEDGER_FAULTS: JSON.stringify({ dynamoFailureRate: FAILURE_RATE }) });
  useStack(stack.ready);
  const admin = await adminToken();
  const created = await eventually(() => call('PUT', '/v1/members/faulty-1', { token: admin, body: { email: 'f@example.com', country: 'US' } }));
  expect([200, 201]).toContain(created.status);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe(`with ${FAILURE_RATE * 100} % of DynamoDB requests failing`, () => {
  it('eligibility answers correctly or 503 with Retry-After; never a 500, never a guess', async () => {
    const pipeline = await pipelineToken();
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 60; i++) {
      const response = await call('GET', `/v1/eligibility/${PURPOSE}/faulty-1?at=2025-06-01`, { token: pipeline });
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
  }, 120_000);

  it('keeps every acknowledged choice and nothing from a refused one', async () => {
    const token = await memberToken('faulty-1');
    const acknowledged: string[] = [];
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const choice = i % 2 ? 'granted' : 'denied';
      const response = await call('PUT', `/v1/members/faulty-1/consents/${PURPOSE}`, { token, body: { choice } });
      expect([200, 503], response.text).toContain(response.status);
      if (response.status === 200) acknowledged.push(choice);
      else refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
    const history = await eventually(() => call('GET', `/v1/members/faulty-1/consents/${PURPOSE}/history`, { token }));
    expect(history.status).toBe(200);
    expect(history.body.items.map((item: { choice: string }) => item.choice)).toEqual(acknowledged);
  }, 120_000);
});
