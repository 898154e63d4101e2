// A small client for the local HTTP API, and tokens for every kind of caller.
import { inject } from 'vitest';
import { ensureKeys, mintToken, type TokenRequest } from '../../infra/local/identity.ts';

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
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export async function token(request: TokenRequest): Promise<string> {
  return mintToken(await ensureKeys(stateDir()), request);
}

export const adminToken = () => token({ sub: 'test-admin', scope: 'consent:admin' });
export const memberToken = (memberId: string) => token({ sub: memberId });
export const pipelineToken = () => token({ sub: 'training-pipeline', scope: 'eligibility:read' });

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
