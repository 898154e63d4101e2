// The public contract (DOMAIN.md section 6), route by route, through the local HTTP API.
import { describe, expect, it } from 'vitest';
import { POLICY_CACHE_LIFETIME_MS } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { ROUTES } from '../../lib/web/api/routes.ts';
import { adminToken, call, createMember, memberToken, openApiContract, pipelineToken, PURPOSE, uniqueMemberId } from './api-client.ts';

describe('public routes', () => {
  it('GET /health answers 200', async () => {
    const response = await call('GET', '/health');
    expect(response.status).toBe(200);
  });

  it('GET /openapi.json describes every route of the contract as OpenAPI 3.1', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const operation = response.body.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(operation.responses).some((status) => /^[23]/.test(status)), `${route.path} has a success (or redirect) answer`).toBe(true);
    }
    const putPolicy = response.body.paths['/v1/policies/{policyId}'].put;
    expect(putPolicy.responses['422'].content['application/problem+json']).toBeDefined();
    expect(putPolicy.description).toContain('after_recording');
    const contract = [
      'GET /health', 'GET /openapi.json', 'PUT /v1/members/{memberId}', 'GET /v1/members/{memberId}',
      'GET /v1/members/{memberId}/consents', 'GET /v1/members/{memberId}/consents/{purpose}',
      'PUT /v1/members/{memberId}/consents/{purpose}', 'GET /v1/members/{memberId}/consents/{purpose}/history',
      // The member's consent record in the ISO/IEC TS 27560 shape (issue 15).
      'GET /v1/members/{memberId}/record',
      'GET /v1/eligibility/{purpose}/{memberId}', 'POST /v1/eligibility/{purpose}/batch',
      'PUT /v1/policies/{policyId}', 'GET /v1/policies', 'GET /v1/policies/{policyId}',
      'POST /v1/policies/{policyId}/notices', 'GET /v1/policies/{policyId}/notices', 'GET /v1/opt-out', 'POST /v1/opt-out',
      // Pages (issue 7): HTML for people, signed in with the same JWTs, through the identity provider (issue 16).
      'GET /sign-in', 'GET /sign-in/callback', 'POST /sign-out', 'GET /signed-out', 'GET /settings', 'POST /settings', 'GET /admin', 'GET /admin/notices/{policyId}',
      // "Download my record" (issue 15).
      'GET /settings/record',
      // Training runs and exposure (DOMAIN.md section 7, issue 13).
      'POST /v1/training-runs', 'GET /v1/training-runs', 'GET /v1/training-runs/{runId}', 'GET /v1/members/{memberId}/exposure',
      // Content-Usage for content servers (IETF AI Preferences, issue 14).
      'GET /v1/members/{memberId}/content-usage',
      // The change events' AsyncAPI document (issue 14).
      'GET /asyncapi.json',
      // Erasure (DOMAIN.md section 7, issue 15): the route, and its confirmation step on the settings pages.
      'DELETE /v1/members/{memberId}', 'GET /settings/erase', 'POST /settings/erase',
      // The keys that verify choice receipts (DOMAIN.md section 7, issue 15).
      'GET /.well-known/jwks.json',
      // A version's member-facing texts in another language (issue 16).
      'PUT /v1/policies/{policyId}/texts/{locale}',
    ];
    expect(ROUTES.map((route) => `${route.method} ${route.path}`).sort()).toEqual(contract.sort());
    // Every $ref resolves.
    const refs = [...response.text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1]);
    for (const name of refs) expect(response.body.components.schemas, name).toHaveProperty(name as string);
  });
});

describe('the contract check every call() runs', () => {
  it('compiles the served document and refuses an answer it does not describe', async () => {
    const contract = await openApiContract();
    const health = await call('GET', '/health');
    expect(contract.violations('GET', '/health', { status: health.status, contentType: health.headers.get('content-type'), text: health.text })).toEqual([]);
    expect(contract.violations('GET', '/health', { status: 200, contentType: 'application/json', text: '{"status":"maybe"}' })).toHaveLength(1);
    expect(contract.violations('GET', '/v1/policies', { status: 200, contentType: 'application/json', text: '{"items":[{"id":"x"}]}' })).toHaveLength(1);
  });
});

describe('members', () => {
  it('creates (201), reads, replaces (200) and leaves an identical profile unchanged', async () => {
    const id = uniqueMemberId();
    const admin = await adminToken();
    const created = await call('PUT', `/v1/members/${id}`, {
      token: admin,
      body: { email: 'first@example.com', country: 'US', subdivision: 'US-CA', birthDate: '1990-05-01', locale: 'en-US' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ memberId: id, email: 'first@example.com', country: 'US', subdivision: 'US-CA', birthDate: '1990-05-01', suspectedMinor: false, locale: 'en-US' });

    const read = await call('GET', `/v1/members/${id}`, { token: await memberToken(id) });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const replaced = await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: 'first@example.com', country: 'FR' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ country: 'FR', locale: 'en' });
    expect(replaced.body).not.toHaveProperty('subdivision');

    const unchanged = await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: 'first@example.com', country: 'FR' } });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.updatedAt).toBe(replaced.body.updatedAt);
  });

  it('erases (self or admin) with the same answer every time; then 410 for reads and choices, 409 for a profile', async () => {
    const id = uniqueMemberId('erase');
    await createMember(id, { birthDate: '1990-05-01', locale: 'fr-FR' });
    const self = await memberToken(id);
    const erased = await call('DELETE', `/v1/members/${id}`, { token: self });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toEqual({ memberId: id, erasedAt: expect.any(String) });
    expect((await call('DELETE', `/v1/members/${id}`, { token: await adminToken() })).body).toEqual(erased.body);
    for (const path of [`/v1/members/${id}`, `/v1/members/${id}/consents`, `/v1/members/${id}/consents/${PURPOSE}`, `/v1/members/${id}/consents/${PURPOSE}/history`]) {
      const read = await call('GET', path, { token: self });
      expect(read.status, path).toBe(410);
      expect(read.headers.get('content-type')).toBe('application/problem+json');
      expect(read.body.type).toBe('urn:consent-ledger:problem:gone');
    }
    expect((await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: self, body: { choice: 'denied' } })).status).toBe(410);
    const again = await call('PUT', `/v1/members/${id}`, { token: await adminToken(), body: { email: 'again@example.com', country: 'US' } });
    expect(again.status).toBe(409);
    const eligibility = await call('GET', `/v1/eligibility/${PURPOSE}/${id}`, { token: await pipelineToken() });
    expect(eligibility.body).toMatchObject({ eligible: false, reason: 'erased', policyVersion: null });
    expect((await call('DELETE', `/v1/members/${uniqueMemberId('never')}`, { token: await adminToken() })).status).toBe(404);
  });

  it('answers 404 for an unknown member', async () => {
    const response = await call('GET', `/v1/members/${uniqueMemberId()}`, { token: await adminToken() });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('accepts every character the contract allows in a member id', async () => {
    const id = `a.b_c:d@e-${Date.now()}`;
    await createMember(id);
    const response = await call('GET', `/v1/members/${encodeURIComponent(id)}`, { token: await memberToken(id) });
    expect(response.status).toBe(200);
    expect(response.body.memberId).toBe(id);
  });
});

describe('consents', () => {
  it('reads the default, records choices, and lists history oldest first', async () => {
    const id = uniqueMemberId();
    await createMember(id, { country: 'US' });
    const self = await memberToken(id);

    const initial = await call('GET', `/v1/members/${id}/consents/${PURPOSE}`, { token: self });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      memberId: id, purpose: PURPOSE, choice: null, eligible: true, reason: 'default_opt_in', policyVersion: '2025-11-03', updatedAt: null,
    });
    expect(initial.headers.get('etag')).toBe('"0"');

    const denied = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: self, body: { choice: 'denied' } });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ choice: 'denied', eligible: false, reason: 'opted_out', policyVersion: '2025-11-03' });
    expect(denied.headers.get('etag')).toBe('"1"');

    const granted = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: await adminToken(), body: { choice: 'granted' } });
    expect(granted.body).toMatchObject({ choice: 'granted', eligible: true, reason: 'opted_in' });

    const history = await call('GET', `/v1/members/${id}/consents/${PURPOSE}/history`, { token: self });
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      { at: denied.body.updatedAt, choice: 'denied', source: 'api', actor: id },
      { at: granted.body.updatedAt, choice: 'granted', source: 'support', actor: 'test-admin' },
    ]);

    const list = await call('GET', `/v1/members/${id}/consents`, { token: self });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      memberId: id,
      policyVersion: '2025-11-03',
      items: [{ purpose: PURPOSE, choice: 'granted', eligible: true, reason: 'opted_in', updatedAt: granted.body.updatedAt }],
    });
  });

  it('answers 404 for a purpose no policy defines, on every purpose route', async () => {
    const id = uniqueMemberId();
    await createMember(id);
    const self = await memberToken(id);
    const pipeline = await pipelineToken();
    const responses = await Promise.all([
      call('GET', `/v1/members/${id}/consents/no-such-purpose`, { token: self }),
      call('PUT', `/v1/members/${id}/consents/no-such-purpose`, { token: self, body: { choice: 'denied' } }),
      call('GET', `/v1/members/${id}/consents/no-such-purpose/history`, { token: self }),
      call('GET', `/v1/eligibility/no-such-purpose/${id}`, { token: pipeline }),
      call('POST', '/v1/eligibility/no-such-purpose/batch', { token: pipeline, body: { memberIds: [id] } }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers 404 when recording a choice for an unknown member, and writes nothing', async () => {
    const id = uniqueMemberId();
    const response = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: await adminToken(), body: { choice: 'denied' } });
    expect(response.status).toBe(404);
    const member = await call('GET', `/v1/members/${id}`, { token: await adminToken() });
    expect(member.status).toBe(404);
  });
});

describe('eligibility', () => {
  it('answers with reason and policy version for any time, and an opt-out today is not retroactive', async () => {
    const id = uniqueMemberId();
    await createMember(id, { country: 'US', subdivision: 'US-NY' });
    const pipeline = await pipelineToken();
    const ask = (at?: string) =>
      call('GET', `/v1/eligibility/${PURPOSE}/${id}${at ? `?at=${encodeURIComponent(at)}` : ''}`, { token: pipeline });

    expect((await ask('2024-10-01')).body).toEqual({
      memberId: id, purpose: PURPOSE, at: '2024-10-01T00:00:00.000Z', knownAt: expect.any(String), settled: false, eligible: false, reason: 'no_policy_in_force', policyVersion: null,
    });
    expect((await ask('2025-01-01T00:00:00Z')).body).toMatchObject({ eligible: true, reason: 'default_opt_in', policyVersion: '2024-11-20' });

    const before = await ask();
    expect(before.body).toMatchObject({ eligible: true, reason: 'default_opt_in', policyVersion: '2025-11-03' });

    await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: await memberToken(id), body: { choice: 'denied' } });

    expect((await ask()).body).toMatchObject({ eligible: false, reason: 'opted_out' });
    // Earlier snapshots keep their answers: the opt-out is not retroactive.
    expect((await ask('2025-01-01T00:00:00Z')).body).toMatchObject({ eligible: true, reason: 'default_opt_in' });
    expect((await ask(before.body.at)).body).toMatchObject({ eligible: true, reason: 'default_opt_in' });
  });

  it('knows jurisdictions and minors under the reference policies', async () => {
    const pipeline = await pipelineToken();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ country: 'FR' }, 'excluded_jurisdiction', 'default_opt_in'],
      [{ country: 'NO' }, 'excluded_jurisdiction', 'default_opt_in'],
      [{ country: 'CH' }, 'excluded_jurisdiction', 'default_opt_in'],
      [{ country: 'GB' }, 'excluded_jurisdiction', 'default_opt_in'],
      [{ country: 'HK' }, 'excluded_jurisdiction', 'default_opt_in'],
      [{ country: 'CA' }, 'default_opt_in', 'default_opt_in'],
      [{ country: 'US', subdivision: 'US-TX' }, 'default_opt_in', 'default_opt_in'],
      [{ country: 'US', suspectedMinor: true }, 'minor', 'minor'],
      [{ country: 'US', birthDate: '2010-01-01' }, 'minor', 'minor'],
    ];
    for (const [profile, at2025, now] of cases) {
      const id = uniqueMemberId();
      await createMember(id, profile);
      const early = await call('GET', `/v1/eligibility/${PURPOSE}/${id}?at=2025-01-01`, { token: pipeline });
      const late = await call('GET', `/v1/eligibility/${PURPOSE}/${id}`, { token: pipeline });
      expect([early.body.reason, late.body.reason], JSON.stringify(profile)).toEqual([at2025, now]);
    }
  });

  it('names the jurisdiction that decided, single and batch; territories follow their state', async () => {
    const pipeline = await pipelineToken();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ country: 'RE' }, { reason: 'excluded_jurisdiction', jurisdiction: 'EU' }],
      [{ country: 'SJ' }, { reason: 'excluded_jurisdiction', jurisdiction: 'EEA' }],
      [{ country: 'GL' }, { reason: 'default_opt_in', jurisdiction: 'default' }],
      [{ country: 'XK' }, { reason: 'default_opt_in', jurisdiction: 'default' }],
      [{ country: 'US', suspectedMinor: true }, { reason: 'minor' }],
    ];
    const ids: string[] = [];
    for (const [profile, expected] of cases) {
      const id = uniqueMemberId();
      ids.push(id);
      await createMember(id, profile);
      const single = await call('GET', `/v1/eligibility/${PURPOSE}/${id}?at=2025-01-01`, { token: pipeline });
      expect(single.body, JSON.stringify(profile)).toMatchObject({ ...expected, policyVersion: '2024-11-20' });
      if (!('jurisdiction' in expected)) expect(single.body).not.toHaveProperty('jurisdiction');
    }
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: pipeline, body: { memberIds: [...ids, uniqueMemberId()], at: '2025-01-01' } });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { jurisdiction?: string }) => r.jurisdiction)).toEqual(['EU', 'EEA', 'default', 'default', undefined, undefined]);
  });

  it('answers unknown_member for an id never registered', async () => {
    const response = await call('GET', `/v1/eligibility/${PURPOSE}/${uniqueMemberId()}`, { token: await pipelineToken() });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ eligible: false, reason: 'unknown_member', policyVersion: null });
  });

  it('refuses a malformed at with a problem naming the field', async () => {
    for (const at of ['yesterday', '2025-02-30', '2025-01-01T10:00:00']) {
      const response = await call('GET', `/v1/eligibility/${PURPOSE}/someone?at=${encodeURIComponent(at)}`, { token: await pipelineToken() });
      expect(response.status, at).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ field: 'query.at', rule: 'format' });
    }
  });
});

describe('policies', () => {
  const policy = (effectiveAt: string) => ({
    announcedAt: '2030-01-01T00:00:00Z',
    effectiveAt,
    purposes: {
      'genai-training': {
        default: { regime: 'opt_in', legalBasis: 'consent' },
        rules: { 'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true } },
        minimumAge: 18,
        noticePeriodDays: 30,
      },
    },
  });

  it('records a version (201), re-sending it is harmless (200), changing it is a conflict (409)', async () => {
    const admin = await adminToken();
    const id = `test-${Date.now()}`;
    const effectiveAt = new Date(Date.UTC(2031 + (Date.now() % 1000), 0, 1)).toISOString();
    const created = await call('PUT', `/v1/policies/${id}`, { token: admin, body: policy(effectiveAt) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, effectiveAt, recordedBy: 'test-admin' });

    expect((await call('PUT', `/v1/policies/${id}`, { token: admin, body: policy(effectiveAt) })).status).toBe(200);
    const changed = await call('PUT', `/v1/policies/${id}`, { token: admin, body: { ...policy(effectiveAt), summary: 'changed' } });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');

    const same = await call('PUT', `/v1/policies/${id}-twin`, { token: admin, body: policy(effectiveAt) });
    expect(same.status).toBe(409);

    const read = await call('GET', `/v1/policies/${id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const list = await call('GET', '/v1/policies', { token: admin });
    const ids = list.body.items.map((item: { id: string }) => item.id);
    expect(ids.slice(0, 2)).toEqual(['2024-11-20', '2025-11-03']);
    expect(ids).toContain(id);

    expect((await call('GET', '/v1/policies/never-recorded', { token: admin })).status).toBe(404);
  });

  it('refuses a version effective before every container can see it (422), naming the field and rule', async () => {
    const admin = await adminToken();
    const id = `test-soon-${Date.now()}`;
    // A few seconds short of the limit: the request is recorded a moment after it is built. (The
    // exact boundary is the unit test's; a version accepted here would come into force on the
    // stack every test shares, so accepted versions in these tests take effect far in the future.)
    const effectiveAt = new Date(Date.now() + POLICY_CACHE_LIFETIME_MS - 5_000).toISOString();
    const early = await call('PUT', `/v1/policies/${id}`, { token: admin, body: { ...policy(effectiveAt), announcedAt: new Date().toISOString() } });
    expect(early.status).toBe(422);
    expect(early.headers.get('content-type')).toBe('application/problem+json');
    expect(early.body).toMatchObject({ status: 422, type: 'urn:consent-ledger:problem:rule-violated' });
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'body.effectiveAt', rule: 'after_recording' })]);
    expect((await call('GET', `/v1/policies/${id}`, { token: admin })).status).toBe(404);
  });

  it('answers an unchanged replay of a stored version 200 though it took effect long ago; a changed one 409', async () => {
    const admin = await adminToken();
    for (const { id, ...body } of REFERENCE_POLICIES) {
      const replay = await call('PUT', `/v1/policies/${id}`, { token: admin, body });
      expect(replay.status, JSON.stringify(replay.body)).toBe(200);
      expect(replay.body).toMatchObject({ id, effectiveAt: body.effectiveAt, recordedBy: 'local-stack' });
      // Immutability is the first answer for a known id: the fix is a new id, not a later date.
      const changed = await call('PUT', `/v1/policies/${id}`, { token: admin, body: { ...body, summary: 'changed' } });
      expect(changed.status).toBe(409);
    }
  });
});
