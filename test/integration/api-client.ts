// A small client for the local HTTP API, and tokens for every kind of caller.
import { appendFileSync } from 'node:fs';
import { afterAll, expect, inject } from 'vitest';
import { ensureKeys, mintToken, readIdentity, type LocalIdentity, type TokenRequest } from '../../infra/local/identity.ts';
import { ContractViolation, OpenApiContract } from '../support/openapi-contract.ts';
import { redirectBackFrom } from '../support/provider-sign-in.ts';

/** The shared stack by default; a file with a stack of its own points the client there. */
let target: { baseUrl: string; stateDir: string } | undefined;
export function useStack(stack: { url: string; stateDir: string }): void {
  target = { baseUrl: stack.url, stateDir: stack.stateDir };
}

export const baseUrl = () => target?.baseUrl ?? inject('baseUrl');
const stateDir = () => target?.stateDir ?? inject('stateDir');

// `any` by default: tests assert on arbitrary JSON shapes of many routes.
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  // Redirects are answers to assert on (the pages' 303s), not to follow.
  const response = await fetch(`${baseUrl()}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  await expectDocumented(method, path, { status: response.status, headers: response.headers, text });
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

// Local-only helpers of the emulated stack (infra/local/http-api.ts), not part of the API.
const LOCAL_ONLY = /^\/_local\//;

let contract: Promise<OpenApiContract> | undefined;
/** The document the stack serves, loaded once per test file (module) and compiled lazily. */
export function openApiContract(): Promise<OpenApiContract> {
  contract ??= fetch(`${baseUrl()}/openapi.json`).then(async (response) => {
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return new OpenApiContract((await response.json()) as Record<string, unknown>);
  });
  return contract;
}

const violationsSeen: string[] = [];
/**
 * Fails the test when an answer departs from /openapi.json. Violations are also remembered and
 * checked after the file, so a helper that retries on errors cannot swallow one.
 */
export async function expectDocumented(method: string, path: string, answer: { status: number; headers: Headers; text: string }): Promise<void> {
  // The path as it went on the wire: fetch resolves "." and ".." segments before sending.
  const sent = new URL(path, 'http://stack.invalid');
  const sentPath = sent.pathname + sent.search;
  if (LOCAL_ONLY.test(sentPath)) return;
  const checker = await openApiContract();
  if (process.env.OPENAPI_CONTRACT_LOG) {
    // Opt-in: which documented answers the suite exercises at all (a conforming suite proves
    // nothing about answers it never receives).
    const mediaType = (answer.headers.get('content-type') ?? '-').split(';')[0];
    appendFileSync(process.env.OPENAPI_CONTRACT_LOG, `${method} ${checker.routeOf(method, sentPath) ?? '(no route)'} ${answer.status} ${mediaType}\n`);
  }
  try {
    checker.assertDocumented(method, sentPath, { status: answer.status, contentType: answer.headers.get('content-type'), text: answer.text });
  } catch (error) {
    if (error instanceof ContractViolation) violationsSeen.push(error.message);
    throw error;
  }
}

afterAll(() => {
  expect(violationsSeen, 'answers that depart from /openapi.json').toEqual([]);
});

/** Who the stack's identity provider is: its issuer, the audience, the token names. */
export const stackIdentity = (): LocalIdentity => readIdentity(stateDir());

export async function token(request: TokenRequest): Promise<string> {
  return mintToken(await ensureKeys(stateDir()), request);
}

export const adminToken = () => token({ sub: 'test-admin', scope: 'consent:admin' });
export const memberToken = (memberId: string) => token({ sub: memberId });
export const pipelineToken = () => token({ sub: 'training-pipeline', scope: 'eligibility:read' });

/** `name=value` of the Set-Cookie named `name` in an answer. */
const setCookiePair = (answer: ApiResponse, name: string): string | undefined =>
  answer.headers.getSetCookie().map((set) => set.split(';')[0]!).find((pair) => pair.startsWith(`${name}=`));

/**
 * Signs `memberId` in to the pages as a browser does, through the stack's identity provider and
 * its sign-in page (the admin box ticked for `admin`), without a browser: the session cookie the
 * callback sets, as `cl_session=...`, to send as a Cookie header.
 */
export async function pageSession(memberId: string, options: { admin?: boolean } = {}): Promise<string> {
  const started = await call('GET', '/sign-in');
  expect(started.status).toBe(303);
  const transaction = setCookiePair(started, 'cl_signin')!;
  const form = { member: memberId, ...(options.admin ? { admin: 'yes' } : {}) };
  const callback = await redirectBackFrom(started.headers.get('location')!, baseUrl(), form);
  const signedIn = await call('GET', callback.slice(baseUrl().length), { headers: { cookie: transaction } });
  expect(signedIn.status, signedIn.text).toBe(200);
  return setCookiePair(signedIn, 'cl_session')!;
}

let counter = 0;
/** A member id no other test uses. */
export function uniqueMemberId(prefix = 'm'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export async function createMember(
  memberId: string,
  profile: Record<string, unknown> = {},
): Promise<ApiResponse> {
  const response = await call('PUT', `/v1/members/${encodeURIComponent(memberId)}`, {
    token: await adminToken(),
    body: { email: `${memberId.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`, country: 'US', ...profile },
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`could not create ${memberId}: ${response.status} ${response.text}`);
  }
  return response;
}

export const PURPOSE = 'genai-training';

/** A purpose's whole history, page after page (the route answers at most 1,000 choices a page). */
export async function wholeHistory(memberId: string, token: string, purpose = PURPOSE): Promise<{ at: string; choice: string; source: string; actor: string }[]> {
  const items = [];
  let cursor: string | undefined;
  do {
    const query = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call('GET', `/v1/members/${memberId}/consents/${purpose}/history?${query}`, { token });
    if (page.status !== 200) throw new Error(`history page answered ${page.status}: ${page.text}`);
    items.push(...page.body.items);
    cursor = page.body.next;
  } while (cursor);
  return items;
}
