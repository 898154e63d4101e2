// Every route x every kind of caller, with the exact status the contract (DOMAIN.md section 6)
// and the JWT authorizer require, generated from one table.
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { ROUTES, routeKey } from '../../lib/web/api/routes.ts';
import { baseUrl, call, createMember, PURPOSE, stackIdentity, token, uniqueMemberId } from './api-client.ts';
import { reportReliability } from './reliability-report.ts';

const CALLERS = [
  'none', 'malformed', 'badSignature', 'wrongIssuer', 'wrongAudience', 'expired', 'notYetValid',
  'otherMember', 'self', 'pipeline', 'admin',
] as const;
type CallerKind = (typeof CALLERS)[number];

const INVALID: CallerKind[] = ['none', 'malformed', 'badSignature', 'wrongIssuer', 'wrongAudience', 'expired', 'notYetValid'];
type Access = 'public' | 'selfOrAdmin' | 'adminOnly' | 'eligibility' | 'page';
/** Pages verify the token themselves (public at the gateway): their answer per kind of valid caller. */
type PageAnswers = Record<'invalid' | 'otherMember' | 'self' | 'pipeline' | 'admin', number>;

/** The expected status for each kind of access and caller. */
function expectedStatus(access: Access, caller: CallerKind, okStatus: number, page?: PageAnswers): number {
  if (access === 'public') return okStatus;
  if (access === 'page') return page![INVALID.includes(caller) ? 'invalid' : (caller as keyof PageAnswers)];
  if (INVALID.includes(caller)) return 401;
  const allowed: Record<Exclude<Access, 'public' | 'page'>, CallerKind[]> = {
    selfOrAdmin: ['self', 'admin'],
    adminOnly: ['admin'],
    eligibility: ['pipeline', 'admin'],
  };
  return allowed[access].includes(caller) ? okStatus : 403;
}

const memberId = uniqueMemberId('authz');
const policy = REFERENCE_POLICIES[0]!;
const { id: _id, ...policyBody } = policy;
/** Its French texts, as the bootstrap recorded them: sending them again records nothing. */
const frenchTexts = REFERENCE_TRANSLATIONS.find((translation) => translation.policyId === policy.id && translation.locale === 'fr')!.texts;

/** What each route is called with, its kind of access, and its success status. */
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ROUTE_CALLS: Record<string, { access: Access; path: string; body?: unknown; form?: string; ok: number; page?: PageAnswers; sameOrigin?: boolean }> = {
  'GET /health': { access: 'public', path: '/health', ok: 200 },
  'GET /openapi.json': { access: 'public', path: '/openapi.json', ok: 200 },
  'GET /asyncapi.json': { access: 'public', path: '/asyncapi.json', ok: 200 },
  'GET /.well-known/jwks.json': { access: 'public', path: '/.well-known/jwks.json', ok: 200 },
  'PUT /v1/members/{memberId}': { access: 'adminOnly', path: `/v1/members/${memberId}`, body: { email: 'authz@example.com', country: 'US' }, ok: 200 },
  'GET /v1/members/{memberId}': { access: 'selfOrAdmin', path: `/v1/members/${memberId}`, ok: 200 },
  // Runs after every other cell (see ERASURE_LAST): self erases, and admin's repeat answers the same.
  'DELETE /v1/members/{memberId}': { access: 'selfOrAdmin', path: `/v1/members/${memberId}`, ok: 200 },
  'GET /v1/members/{memberId}/consents': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/consents`, ok: 200 },
  'GET /v1/members/{memberId}/consents/{purpose}': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/consents/${PURPOSE}`, ok: 200 },
  'PUT /v1/members/{memberId}/consents/{purpose}': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/consents/${PURPOSE}`, body: { choice: 'granted' }, ok: 200 },
  'GET /v1/members/{memberId}/consents/{purpose}/history': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/consents/${PURPOSE}/history`, ok: 200 },
  'GET /v1/eligibility/{purpose}/{memberId}': { access: 'eligibility', path: `/v1/eligibility/${PURPOSE}/${memberId}`, ok: 200 },
  'POST /v1/eligibility/{purpose}/batch': { access: 'eligibility', path: `/v1/eligibility/${PURPOSE}/batch`, body: { memberIds: [memberId] }, ok: 200 },
  'GET /v1/members/{memberId}/exposure': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/exposure`, ok: 200 },
  'GET /v1/members/{memberId}/record': { access: 'selfOrAdmin', path: `/v1/members/${memberId}/record`, ok: 200 },
  // For content servers: eligibility's callers only, not the member (who has their settings).
  'GET /v1/members/{memberId}/content-usage': { access: 'eligibility', path: `/v1/members/${memberId}/content-usage`, ok: 200 },
  'POST /v1/training-runs': { access: 'eligibility', path: '/v1/training-runs', body: { purpose: PURPOSE, snapshotAt: '2025-01-01T00:00:00Z', name: 'authz' }, ok: 201 },
  'GET /v1/training-runs': { access: 'eligibility', path: '/v1/training-runs?limit=5', ok: 200 },
  // A run that does not exist: the pipeline and an admin get 404, the others are refused first.
  'GET /v1/training-runs/{runId}': { access: 'eligibility', path: '/v1/training-runs/run-never', ok: 404 },
  'PUT /v1/policies/{policyId}': { access: 'adminOnly', path: `/v1/policies/${policy.id}`, body: policyBody, ok: 200 },
  'PUT /v1/policies/{policyId}/texts/{locale}': { access: 'adminOnly', path: `/v1/policies/${policy.id}/texts/fr`, body: frenchTexts, ok: 200 },
  'GET /v1/policies': { access: 'adminOnly', path: '/v1/policies', ok: 200 },
  'GET /v1/policies/{policyId}': { access: 'adminOnly', path: `/v1/policies/${policy.id}`, ok: 200 },
  // A version that does not exist: an admin gets 404 rather than a real campaign on the shared stack.
  'POST /v1/policies/{policyId}/notices': { access: 'adminOnly', path: '/v1/policies/never-published/notices', ok: 404 },
  'GET /v1/policies/{policyId}/notices': { access: 'adminOnly', path: '/v1/policies/never-published/notices', ok: 404 },
  // Public pages; without a link token every caller gets the same 400 page.
  'GET /v1/opt-out': { access: 'public', path: '/v1/opt-out', ok: 400 },
  'POST /v1/opt-out': { access: 'public', path: '/v1/opt-out', ok: 400 },
  // Pages read the bearer header too (browsers use the session cookie). Sign-in goes to the
  // identity provider whoever asks; its callback, without a sign-in started in this client, is refused.
  'GET /sign-in': { access: 'public', path: '/sign-in', ok: 303 },
  'GET /sign-in/callback': { access: 'public', path: '/sign-in/callback?code=c&state=s', ok: 400 },
  // Signed out here; the page goes on to the local provider's sign-out.
  'POST /sign-out': { access: 'public', path: '/sign-out', form: '', sameOrigin: true, ok: 200 },
  'GET /signed-out': { access: 'public', path: '/signed-out', ok: 200 },
  // Anyone signed in without a member profile gets the "no profile" page.
  'GET /settings': { access: 'page', path: '/settings', ok: 200, page: { invalid: 401, otherMember: 404, self: 200, pipeline: 404, admin: 404 } },
  // A stale ETag on purpose: the matrix must not change the member's choice; self gets "changed elsewhere".
  'POST /settings': { access: 'page', path: '/settings', form: 'purpose=genai-training&choice=granted&etag=%22999%22', ok: 409, page: { invalid: 401, otherMember: 404, self: 409, pipeline: 404, admin: 404 } },
  'GET /settings/record': { access: 'page', path: '/settings/record', ok: 200, page: { invalid: 401, otherMember: 404, self: 200, pipeline: 404, admin: 404 } },
  // The confirmation page changes nothing; the form without ERASE typed in it erases nothing (400),
  // checked before the account is looked up.
  'GET /settings/erase': { access: 'page', path: '/settings/erase', ok: 200, page: { invalid: 401, otherMember: 404, self: 200, pipeline: 404, admin: 404 } },
  'POST /settings/erase': { access: 'page', path: '/settings/erase', form: 'confirm=no', ok: 400, page: { invalid: 401, otherMember: 400, self: 400, pipeline: 400, admin: 400 } },
  'GET /admin': { access: 'page', path: '/admin', ok: 200, page: { invalid: 401, otherMember: 403, self: 403, pipeline: 403, admin: 200 } },
  'GET /admin/notices/{policyId}': { access: 'page', path: '/admin/notices/never-published', ok: 404, page: { invalid: 401, otherMember: 403, self: 403, pipeline: 403, admin: 404 } },
};

const tokens = {} as Record<CallerKind, string | undefined>;

beforeAll(async () => {
  await createMember(memberId, { email: 'authz@example.com', country: 'US' });
  const stranger = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  tokens.none = undefined;
  tokens.malformed = 'not-a-jwt';
  const { issuer, audience } = stackIdentity();
  tokens.badSignature = await new SignJWT({ scope: 'consent:admin' })
    .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
    .setSubject(memberId).setIssuer(issuer).setAudience(audience).setIssuedAt(now).setExpirationTime(now + 600)
    .sign(stranger.privateKey);
  tokens.wrongIssuer = await token({ sub: memberId, scope: 'consent:admin', issuer: 'https://evil.example/' });
  tokens.wrongAudience = await token({ sub: memberId, scope: 'consent:admin', audience: 'another-api' });
  tokens.expired = await token({ sub: memberId, scope: 'consent:admin', expiresInSeconds: -60 });
  tokens.notYetValid = await token({ sub: memberId, scope: 'consent:admin', notBeforeSeconds: 3600 });
  tokens.otherMember = await token({ sub: uniqueMemberId('other') });
  tokens.self = await token({ sub: memberId });
  tokens.pipeline = await token({ sub: 'pipeline', scope: 'eligibility:read' });
  tokens.admin = await token({ sub: 'authz-admin', scope: 'consent:admin' });
});

describe('authorization matrix', () => {
  it('covers every route of the contract', () => {
    expect(Object.keys(ROUTE_CALLS).sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  // The erasure ends the member's record that every other cell reads: it goes last.
  const ERASURE_LAST = (key: string) => (key === 'DELETE /v1/members/{memberId}' ? 1 : 0);
  const cells = [...ROUTES]
    .sort((a, b) => ERASURE_LAST(routeKey(a)) - ERASURE_LAST(routeKey(b)))
    .flatMap((route) => CALLERS.map((caller) => [routeKey(route), caller] as const));
  const figures = { operations: 0, faultsInjected: 0, badInputs: 0, lostWrites: 0, duplicates: 0, serverErrors: 0 };
  it.each(cells)('%s as %s', async (key, caller) => {
    const spec = ROUTE_CALLS[key]!;
    const [method] = key.split(' ') as [string];
    const headers = { ...(spec.form === undefined ? {} : FORM), ...(spec.sameOrigin ? { origin: baseUrl() } : {}) };
    const response = await call(method, spec.path, { token: tokens[caller], body: spec.body, rawBody: spec.form, headers });
    const expected = expectedStatus(spec.access, caller, spec.ok, spec.page);
    figures.operations += 1;
    if (expected >= 400 && response.status === expected) figures.badInputs += 1;
    if (response.status >= 500) figures.serverErrors += 1;
    expect(response.status, response.text).toBe(expected);
    if (expected === 401 && spec.access !== 'page' && spec.access !== 'public') expect(response.body).toEqual({ message: 'Unauthorized' });
  });
  afterAll(() => reportReliability('authorization matrix', figures));
});
