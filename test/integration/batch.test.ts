// A full batch of 1,000 members through the HTTP API, answered in request order.
import { describe, expect, it } from 'vitest';
import { adminToken, call, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

const COUNTRIES = ['US', 'FR', 'GB', 'CA', 'DE', 'HK', 'NO', 'JP'];

async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++] as T);
  }));
}

describe('batch eligibility', () => {
  it('answers 1,000 members in request order, at any time', async () => {
    const prefix = uniqueMemberId('batch');
    const ids = Array.from({ length: 1000 }, (_, i) => `${prefix}-${i}`);
    const admin = await adminToken();
    await inParallel(ids, 16, async (id) => {
      const i = Number(id.split('-').at(-1));
      const response = await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: `b${i}@example.com`, country: COUNTRIES[i % COUNTRIES.length] } });
      expect(response.status).toBe(201);
    });
    const optedOut = ids[8]!; // a US member
    await call('PUT', `/v1/members/${optedOut}/consents/${PURPOSE}`, { token: await memberToken(optedOut), body: { choice: 'denied' } });

    const shuffled = [...ids].reverse();
    const pipeline = await pipelineToken();
    const early = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: shuffled, at: '2025-01-01T00:00:00Z' } });
    expect(early.status).toBe(200);
    expect(early.body.purpose).toBe(PURPOSE);
    expect(early.body.at).toBe('2025-01-01T00:00:00.000Z');
    expect(early.body.results.map((r: { memberId: string }) => r.memberId)).toEqual(shuffled);
    const reasonOf = (body: any, id: string) => body.results.find((r: { memberId: string }) => r.memberId === id).reason;
    expect(reasonOf(early.body, ids[0]!)).toBe('default_opt_in'); // US
    expect(reasonOf(early.body, ids[1]!)).toBe('excluded_jurisdiction'); // FR
    expect(reasonOf(early.body, ids[3]!)).toBe('default_opt_in'); // CA
    expect(reasonOf(early.body, optedOut)).toBe('default_opt_in'); // the opt-out came later

    const now = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: ids } });
    expect(now.body.results).toHaveLength(1000);
    expect(now.body.results.filter((r: { eligible: boolean }) => r.eligible)).toHaveLength(999);
    expect(reasonOf(now.body, optedOut)).toBe('opted_out');
    for (const result of now.body.results) expect(result.policyVersion).toBe('2025-11-03');
  }, 120_000);
});
