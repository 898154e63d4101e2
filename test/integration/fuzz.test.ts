// Hostile input, generated (fast-check): every route with malformed JSON, wrong types, huge and
// deeply nested bodies, unicode edge cases, path tricks and odd headers, as anonymous and as valid
// callers. Every answer is a correct 2xx or a 4xx in the right shape; never a 5xx; a rejected
// request writes nothing.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/web/api/routes.ts';
import { adminToken, baseUrl, call, createMember, expectDocumented, memberToken, pipelineToken, PURPOSE } from './api-client.ts';
import { reportReliability } from './reliability-report.ts';

/** Generated requests: the fast profile in npm test; CONSENT_LEDGER_STRESS=1 sends 2,000. */
const RUNS = process.env.CONSENT_LEDGER_STRESS ? 2000 : 300;
const SENTINEL = `fuzz-sentinel-${process.pid}`;

let tokens: string[];
const HUGE_BODY = JSON.stringify({ choice: 'denied', pad: 'x'.repeat(10 * 1024 * 1024 + 1) });

const pathValue = fc.oneof(
  fc.constant(SENTINEL),
  fc.constant(PURPOSE),
  fc.constant('2025-11-03'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('..', '.', '%2e%2e', '%2F', 'a%00b', '%ZZ', 'x'.repeat(300), '🙂', 'constructor', '__proto__', 'STATE'),
);

const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.record({ choice: fc.oneof(fc.constantFrom('granted', 'denied', 'GRANTED', ''), fc.anything()) }).map((value) => JSON.stringify(value)),
  fc.record({ email: fc.string(), country: fc.string({ maxLength: 3 }), extra: fc.option(fc.anything()) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.record({ memberIds: fc.array(fc.string({ maxLength: 140 }), { maxLength: 30 }), at: fc.option(fc.string()) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom('', '{', 'null', '"text"', '{"choice":"denied"', '\uFEFF{}', '{"a":1,"a":2}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Oversized batches, and bodies large and beyond API Gateway's 10 MB (built once).
  fc.integer({ min: 1001, max: 2500 }).map((count) => JSON.stringify({ memberIds: Array.from({ length: count }, (_, i) => `m${i}`) })),
  fc.integer({ min: 10_000, max: 1_000_000 }).map((size) => JSON.stringify({ choice: 'denied', email: 'x'.repeat(size) })),
  fc.constant(HUGE_BODY),
);

/** Raw UTF-8 bytes, as a client puts non-ASCII text in a header (fetch takes bytes as Latin-1). */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const header = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(utf8Bytes),
  fc.constantFrom('*', 'W/"1"', '"0"', '"1"', 'x'.repeat(300), '"1", *', 'W/"0", "999999999999999999"', utf8Bytes('"1"\u2028Set-Cookie: a=b')),
);

/**
 * Every route but the erasure: a generated DELETE by the sentinel itself or an admin would end the
 * sentinel's record, whose history the test reads back (erasure's refusals are in the input,
 * authorization and erasure tests).
 */
const isMemberPath = (path: string) => path === '/v1/members/{memberId}';
const FUZZED_ROUTES = ROUTES.filter((route) => !(route.method === 'DELETE' && isMemberPath(route.path)));

const request = fc.record({
  route: fc.constantFrom(...FUZZED_ROUTES),
  wrongMethod: fc.boolean(),
  params: fc.array(pathValue, { minLength: 3, maxLength: 3 }),
  query: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('at=yesterday', 'at=2025-02-30', 'at=2025-01-01', 'token=x.y.z', 'at=%ZZ', 'campaignId=..'))),
  caller: fc.integer({ min: 0, max: 4 }),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', ''),
  body: fc.option(body),
  ifMatch: fc.option(header),
  idempotencyKey: fc.option(header),
});

beforeAll(async () => {
  await createMember(SENTINEL, { country: 'US' });
  tokens = [await adminToken(), await memberToken(SENTINEL), await pipelineToken(), 'garbage'];
});

describe('generated hostile requests', () => {
  it(`${RUNS} requests: no 5xx, 4xx in the right shape, no write from a rejected request`, async () => {
    let acknowledgedSentinelChoices = 0;
    let refusedByClient = 0;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        let index = 0;
        // A real announcement would start a campaign over every member of the shared stack;
        // campaigns have their own suite.
        if (generated.route.path.endsWith('/notices') && generated.route.method === 'POST') generated.params[0] = 'never-published';
        const path = generated.route.path.replace(/\{\w+\}/g, () => encodeURIComponent(generated.params[index++]!));
        // A wrong method is DELETE for GET routes, except on a member, where DELETE erases them (see FUZZED_ROUTES).
        const method = generated.wrongMethod ? (generated.route.method === 'GET' && !isMemberPath(generated.route.path) ? 'DELETE' : generated.route.method === 'GET' ? 'PATCH' : 'GET') : generated.route.method;
        const headers: Record<string, string> = {};
        if (generated.caller < tokens.length) headers.authorization = `Bearer ${tokens[generated.caller]}`;
        if (generated.contentType) headers['content-type'] = generated.contentType;
        if (generated.ifMatch !== null) headers['if-match'] = generated.ifMatch;
        if (generated.idempotencyKey !== null) headers['idempotency-key'] = generated.idempotencyKey;
        const hasBody = generated.body !== null && method !== 'GET';
        let response: Response;
        try {
          response = await fetch(`${baseUrl()}${path}${generated.query === null ? '' : `?${generated.query}`}`, {
            method,
            headers,
            // The answer to this request is the one to check, not the page a redirect leads to.
            redirect: 'manual',
            ...(hasBody ? { body: generated.body! } : {}),
          });
        } catch (error) {
          // Headers no HTTP client may send (control characters): refused before leaving here.
          if (error instanceof TypeError) {
            refusedByClient += 1;
            return;
          }
          throw error;
        }
        const text = await response.text();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        expect(response.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
        // Hostile or not, every answer is one the OpenAPI document describes.
        await expectDocumented(method, path, { status: response.status, headers: response.headers, text });
        const type = response.headers.get('content-type') ?? '';
        if (response.status >= 400) {
          if (type.startsWith('application/problem+json')) {
            const problem = JSON.parse(text);
            expect(problem).toMatchObject({ status: response.status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
          } else if (type.startsWith('text/html')) {
            expect(path.startsWith('/v1/opt-out')).toBe(true);
          } else {
            // API Gateway's own answers: no route, no valid token, missing scope, too large.
            expect([401, 403, 404, 413]).toContain(response.status);
            expect(JSON.parse(text)).toHaveProperty('message');
          }
        }
        if (
          response.status === 200 && method === 'PUT' && generated.route.path === '/v1/members/{memberId}/consents/{purpose}' &&
          generated.params[0] === SENTINEL && generated.params[1] === PURPOSE && response.headers.get('idempotent-replayed') !== 'true'
        ) {
          acknowledgedSentinelChoices += 1;
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    // Only acknowledged writes reached the sentinel: everything refused wrote nothing.
    const history = await call('GET', `/v1/members/${SENTINEL}/consents/${PURPOSE}/history`, { token: tokens[0] });
    expect(history.status, history.text).toBe(200);
    expect(history.body.items).toHaveLength(acknowledgedSentinelChoices);
    expect(Object.keys(statuses).some((status) => status.startsWith('2'))).toBe(true);
    const count = (test: (status: number) => boolean) =>
      Object.entries(statuses).reduce((sum, [status, times]) => sum + (test(Number(status)) ? times : 0), 0);
    // Nearly every generated request reaches the service; few are refused by fetch itself.
    expect(refusedByClient).toBeLessThan(RUNS * 0.05);
    reportReliability('hostile input (fast-check)', {
      operations: count(() => true),
      faultsInjected: 0,
      badInputs: count((status) => status >= 400 && status < 500),
      lostWrites: Math.max(0, acknowledgedSentinelChoices - history.body.items.length),
      duplicates: Math.max(0, history.body.items.length - acknowledgedSentinelChoices),
      serverErrors: count((status) => status >= 500),
    });
  }, 300_000);
});
