// Replay on the stack: `knownAt` answers with only what was recorded by then, echoes K, says
// whether the answer has settled, and refuses a K in the future.
import { describe, expect, it } from 'vitest';
import { call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('knownAt', () => {
  it('answers what the ledger knew then, for single and batch questions alike', async () => {
    const pipeline = await pipelineToken();
    const memberId = uniqueMemberId('replay');
    const beforeMember = new Date(Date.now() - 5).toISOString();
    await pause(20);
    await createMember(memberId, { country: 'US' });
    const token = await memberToken(memberId);
    const path = `/v1/members/${memberId}/consents/${PURPOSE}`;
    expect((await call('PUT', path, { token, body: { choice: 'denied' } })).status).toBe(200);
    await pause(20);
    const known = new Date().toISOString();
    await pause(20);
    expect((await call('PUT', path, { token, body: { choice: 'granted' } })).status).toBe(200);

    const ask = (query: string) => call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?${query}`, { token: pipeline });
    const live = await ask('');
    expect(live.body).toMatchObject({ eligible: true, reason: 'opted_in', settled: false });
    const then = await ask(`knownAt=${encodeURIComponent(known)}`);
    expect(then.body).toMatchObject({ eligible: false, reason: 'opted_out', knownAt: known, settled: false });
    expect((await ask(`knownAt=${encodeURIComponent(beforeMember)}`)).body).toMatchObject({ reason: 'unknown_member' });

    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [memberId], knownAt: known } });
    expect(batch.body).toMatchObject({ knownAt: known, settled: false, results: [{ memberId, eligible: false, reason: 'opted_out' }] });
  });

  it('says an answer known long enough ago has settled', async () => {
    const pipeline = await pipelineToken();
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    const answer = await call('GET', `/v1/eligibility/${PURPOSE}/anyone?knownAt=${encodeURIComponent(longAgo)}`, { token: pipeline });
    expect(answer.body).toMatchObject({ settled: true, knownAt: longAgo });
  });

  it.each([
    { name: 'in the future', value: () => new Date(Date.now() + 3_600_000).toISOString(), rule: 'not_in_future' },
    { name: 'not an instant', value: () => 'yesterday', rule: 'format' },
  ])('refuses a knownAt $name, naming the field and the rule', async ({ value, rule }) => {
    const pipeline = await pipelineToken();
    const single = await call('GET', `/v1/eligibility/${PURPOSE}/anyone?knownAt=${encodeURIComponent(value())}`, { token: pipeline });
    expect(single.status).toBe(400);
    expect(single.body.errors[0]).toMatchObject({ field: 'query.knownAt', rule });
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: ['anyone'], knownAt: value() } });
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0]).toMatchObject({ field: 'body.knownAt', rule: rule === 'format' ? expect.any(String) : rule });
  });
});
