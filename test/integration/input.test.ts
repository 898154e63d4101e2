// Bad input always gets a clear 4xx problem naming the field and the rule, and writes nothing.
import { describe, expect, it } from 'vitest';
import { POLICY_CACHE_LIFETIME_MS } from '../../lib/domain/policy.ts';
import { adminToken, call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number, field?: string, rule?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field) expect(response.body.errors).toContainEqual(expect.objectContaining({ field, ...(rule ? { rule } : {}) }));
}

describe('member profiles', () => {
  const cases: [string, unknown, string, string][] = [
    ['unknown field', { email: 'a@example.com', country: 'US', nickname: 'x' }, 'body.nickname', 'unknown_field'],
    ['missing email', { country: 'US' }, 'body.email', 'required'],
    ['bad email', { email: 'not-an-email', country: 'US' }, 'body.email', 'email'],
    ['bad country', { email: 'a@example.com', country: 'XX' }, 'body.country', 'country_code'],
    ['lower-case country', { email: 'a@example.com', country: 'us' }, 'body.country', 'country_code'],
    ['foreign subdivision', { email: 'a@example.com', country: 'US', subdivision: 'CA-QC' }, 'body.subdivision', 'subdivision_of_country'],
    ['impossible birth date', { email: 'a@example.com', country: 'US', birthDate: '2001-02-29' }, 'body.birthDate', 'date'],
    ['birth date in the future', { email: 'a@example.com', country: 'US', birthDate: '2999-01-01' }, 'body.birthDate', 'not_in_future'],
    ['wrong type', { email: 'a@example.com', country: 'US', suspectedMinor: 'yes' }, 'body.suspectedMinor', 'type'],
    ['array body', [], 'body', 'type'],
  ];
  it.each(cases)('%s → 400, nothing written', async (_name, body, field, rule) => {
    const id = uniqueMemberId('bad');
    const admin = await adminToken();
    expectProblem(await call('PUT', `/v1/members/${id}`, { token: admin, body }), 400, field, rule);
    expect((await call('GET', `/v1/members/${id}`, { token: admin })).status).toBe(404);
  });

  it('accepts a birth date of today (UTC) and Kosovo (XK) as a country', async () => {
    const admin = await adminToken();
    const today = new Date().toISOString().slice(0, 10);
    for (const body of [{ email: 'a@example.com', country: 'US', birthDate: today }, { email: 'a@example.com', country: 'XK' }]) {
      const response = await call('PUT', `/v1/members/${uniqueMemberId('ok')}`, { token: admin, body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject(body);
    }
  });

  it('refuses a malformed member id in the path', async () => {
    const response = await call('PUT', `/v1/members/${encodeURIComponent('has space')}`, { token: await adminToken(), body: { email: 'a@example.com', country: 'US' } });
    expectProblem(response, 400, 'path.memberId', 'pattern');
  });
});

describe('bodies', () => {
  it('refuses invalid JSON, a missing body, a non-JSON content type and invalid UTF-8', async () => {
    const id = uniqueMemberId('body');
    await createMember(id);
    const token = await memberToken(id);
    const path = `/v1/members/${id}/consents/${PURPOSE}`;
    expectProblem(await call('PUT', path, { token, rawBody: '{"choice":', headers: { 'content-type': 'application/json' } }), 400, 'body', 'json');
    expectProblem(await call('PUT', path, { token, headers: { 'content-type': 'application/json' } }), 400, 'body', 'required');
    expectProblem(await call('PUT', path, { token, rawBody: 'choice=denied', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    expectProblem(await call('PUT', path, { token, rawBody: Buffer.from([0x7b, 0xff, 0x7d]), headers: { 'content-type': 'application/json' } }), 400, 'body', 'json');
    expectProblem(await call('PUT', path, { token, body: { choice: 'maybe' } }), 400, 'body.choice', 'enum');
    expectProblem(await call('PUT', path, { token, body: { choice: 'denied', at: '2020-01-01' } }), 400, 'body.at', 'unknown_field');
    expect((await call('GET', `${path}/history`, { token })).body.items).toEqual([]);
  });

  it('reads a JSON body that arrives base64-encoded (a binary content type charset)', async () => {
    const id = uniqueMemberId('b64');
    await createMember(id);
    const response = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, {
      token: await memberToken(id),
      rawBody: JSON.stringify({ choice: 'denied' }),
      headers: { 'content-type': 'application/vnd.consent+json' },
    });
    expect(response.status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const memberIds = Array.from({ length: 3000 }, (_, i) => `${'x'.repeat(100)}${i}`);
    expectProblem(await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: await pipelineToken(), body: { memberIds } }), 413);
  });

  it('refuses deeply nested JSON without failing', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const response = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: await pipelineToken(), rawBody: deep, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('policies', () => {
  const valid = {
    announcedAt: '2040-01-01T00:00:00Z',
    effectiveAt: '2040-02-01T00:00:00Z',
    purposes: { 'genai-training': { default: { regime: 'opt_out', legalBasis: 'legitimate_interest' }, rules: {}, minimumAge: 18 } },
  };
  const purpose = valid.purposes['genai-training'];
  const cases: [string, unknown, string, string][] = [
    ['no purposes', { ...valid, purposes: {} }, 'body.purposes', 'min_properties'],
    ['unknown regime', { ...valid, purposes: { 'genai-training': { ...purpose, default: { regime: 'maybe', legalBasis: 'consent' } } } }, 'body.purposes.genai-training.default.regime', 'enum'],
    ['missing legal basis', { ...valid, purposes: { 'genai-training': { ...purpose, default: { regime: 'opt_in' } } } }, 'body.purposes.genai-training.default.legalBasis', 'required_unless_excluded'],
    ['unknown jurisdiction', { ...valid, purposes: { 'genai-training': { ...purpose, rules: { Europe: { regime: 'excluded' } } } } }, 'body.purposes.genai-training.rules.Europe', 'jurisdiction_code'],
    ['fractional age', { ...valid, purposes: { 'genai-training': { ...purpose, minimumAge: 17.5 } } }, 'body.purposes.genai-training.minimumAge', 'integer'],
    ['typo', { ...valid, purposes: { 'genai-training': { ...purpose, minimumAgee: 18 } } }, 'body.purposes.genai-training.minimumAgee', 'unknown_field'],
  ];
  it.each(cases)('%s → 400, nothing written', async (_name, body, field, rule) => {
    const admin = await adminToken();
    const id = `bad-${uniqueMemberId()}`.slice(0, 60);
    expectProblem(await call('PUT', `/v1/policies/${id}`, { token: admin, body }), 400, field, rule);
    expect((await call('GET', `/v1/policies/${id}`, { token: admin })).status).toBe(404);
  });

  // Well formed, but it would rewrite the past (DOMAIN.md section 7): 422, not 400.
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const refused: [string, () => unknown, string, string][] = [
    ['effective before announced', () => ({ ...valid, effectiveAt: '2039-01-01T00:00:00Z' }), 'body.announcedAt', 'not_after_effective'],
    ['effective in the past', () => ({ ...valid, announcedAt: '2025-01-01T00:00:00Z', effectiveAt: '2025-01-01T00:00:00Z' }), 'body.effectiveAt', 'after_recording'],
    ['effective now', () => ({ ...valid, announcedAt: soon(0), effectiveAt: soon(0) }), 'body.effectiveAt', 'after_recording'],
    ['effective before every container can see it', () => ({ ...valid, announcedAt: soon(0), effectiveAt: soon(POLICY_CACHE_LIFETIME_MS - 2_000) }), 'body.effectiveAt', 'after_recording'],
  ];
  it.each(refused)('%s → 422, nothing written', async (_name, body, field, rule) => {
    const admin = await adminToken();
    const id = `past-${uniqueMemberId()}`.slice(0, 60);
    const response = await call('PUT', `/v1/policies/${id}`, { token: admin, body: body() });
    expectProblem(response, 422, field, rule);
    expect(response.body.detail).toContain(`${field}:`);
    expect((await call('GET', `/v1/policies/${id}`, { token: admin })).status).toBe(404);
  });
});

describe('batch', () => {
  it('refuses empty and oversized batches and malformed ids, naming the field', async () => {
    const token = await pipelineToken();
    const path = `/v1/eligibility/${PURPOSE}/batch`;
    expectProblem(await call('POST', path, { token, body: { memberIds: [] } }), 400, 'body.memberIds', 'min_length');
    expectProblem(await call('POST', path, { token, body: { memberIds: Array.from({ length: 1001 }, (_, i) => `m${i}`) } }), 400, 'body.memberIds', 'max_length');
    expectProblem(await call('POST', path, { token, body: { memberIds: ['ok', 'not ok'] } }), 400, 'body.memberIds.1', 'pattern');
    expectProblem(await call('POST', path, { token, body: { memberIds: ['ok'], at: 'soon' } }), 400, 'body.at', 'format');
    expectProblem(await call('POST', path, { token, body: { ids: ['ok'] } }), 400, 'body.ids', 'unknown_field');
  });
});
