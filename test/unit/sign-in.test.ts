// Signing in through the identity provider, with the real openid-client against an OpenID provider
// in memory (test/support/fake-openid-provider.ts): the round trip, and every way the provider's
// redirect back is refused (nothing signed in, the check named), sign-out, and the signed-in pages
// sending a visitor without a valid session through sign-in, back to the page asked for.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SignInConfig } from '../../lib/config.ts';
import { logger } from '../../lib/log.ts';
import { CONTRACT_TOKEN_NAMES } from '../../lib/web/api/auth.ts';
import { createApiHandler, json, type ApiResult } from '../../lib/web/api/framework.ts';
import { createSessions } from '../../lib/web/pages/framework.ts';
import { createRelyingParty } from '../../lib/web/pages/relying-party.ts';
import { createTokenVerifier } from '../../lib/web/pages/session.ts';
import { SIGN_IN_COOKIE } from '../../lib/web/pages/sign-in-transaction.ts';
import { signInRoutes } from '../../lib/web/pages/sign-in-routes.ts';
import { createSignIn } from '../../lib/web/pages/signed-in.ts';
import { addMember, inMemoryDeps, type InMemoryDeps } from '../support/builders.ts';
import { AUDIENCE, CLIENT_ID, createFakeProvider, ISSUER, type FakeProvider } from '../support/fake-openid-provider.ts';

const HOST = 'ledger.example.com';
const SERVICE = `https://${HOST}`;
const CONFIG: SignInConfig = {
  issuer: new URL(ISSUER),
  clientId: CLIENT_ID,
  redirectUri: new URL(`${SERVICE}/sign-in/callback`),
  postLogoutRedirectUri: new URL(`${SERVICE}/signed-out`),
  scope: 'openid consent:admin',
  logoutUrl: undefined,
};
const context = { functionName: 'pages', awsRequestId: 'r' } as Context;

let provider: FakeProvider;
let handler: ReturnType<typeof createApiHandler>;
/** The members the pages know (their profile's locale is the language of the pages once signed in). */
let members: InMemoryDeps;

/** The pages' routes under `config`, with the fake provider; a stand-in for the settings page shows who is signed in. */
function pages(config: SignInConfig = CONFIG) {
  const sessions = createSessions(createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, tokenNames: CONTRACT_TOKEN_NAMES, keys: { jwks: provider.jwks } }));
  const signIn = createSignIn(sessions);
  return createApiHandler(
    {
      ...signInRoutes(createRelyingParty(config, { fetch: provider.fetch }), signIn, members.deps),
      'GET /settings': signIn.signedInPage(async (_request, caller) => json(200, { signedInAs: caller.sub })),
      'GET /admin/notices/{policyId}': signIn.adminOnly(async (_request, caller) => json(200, { signedInAs: caller.sub })),
    },
    CONTRACT_TOKEN_NAMES,
  );
}

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  provider = await createFakeProvider();
});
afterAll(() => logger.setLogLevel('INFO'));
beforeEach(async () => {
  for (const knob of Object.keys(provider.knobs)) delete provider.knobs[knob as keyof typeof provider.knobs];
  members = await inMemoryDeps();
  handler = pages();
});

interface Request {
  query?: string;
  cookies?: string[];
  headers?: Record<string, string>;
  /** A browser asks for HTML; false: a script, which gets problem+json. */
  browser?: boolean;
}

function event(routeKey: string, { query = '', cookies, headers = {}, browser = true }: Request = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0', routeKey, rawPath: path.replace('{policyId}', 'p-1'), rawQueryString: query, isBase64Encoded: false,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    headers: { host: HOST, ...(browser ? { accept: 'text/html,application/xhtml+xml' } : { accept: '*/*' }), ...headers },
    ...(cookies ? { cookies } : {}),
    ...(routeKey.includes('{policyId}') ? { pathParameters: { policyId: 'p-1' } } : {}),
    requestContext: { requestId: 'r', routeKey, http: { method, path } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const call = (routeKey: string, request?: Request) => handler(event(routeKey, request), context);
/** `name=value` of the Set-Cookie for `name`, with its attributes. */
const setCookie = (result: ApiResult, name: string) => result.cookies?.find((cookie) => cookie.startsWith(`${name}=`));
const cookiePair = (cookie: string | undefined) => cookie!.split(';')[0]!;
const problem = (result: ApiResult) => JSON.parse(result.body!) as { status: number; errors?: { field: string; rule: string }[] };

/** /sign-in as a browser: where it is sent, and the transaction cookie it is given. */
async function startSignIn(next = '/settings') {
  const started = await call('GET /sign-in', { query: `next=${encodeURIComponent(next)}` });
  expect(started.statusCode).toBe(303);
  return { url: new URL(started.headers!.location as string), transaction: cookiePair(setCookie(started, SIGN_IN_COOKIE)), started };
}

describe('signing in', () => {
  it('sends the browser to the provider: code flow, PKCE S256, state, nonce, the exact redirect address, and a Lax transaction cookie for the callback only', async () => {
    const { url, started } = await startSignIn('/admin');
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID, response_type: 'code', scope: 'openid consent:admin', redirect_uri: `${SERVICE}/sign-in/callback`,
      code_challenge_method: 'S256', code_challenge: expect.stringMatching(/^[\w-]{43}$/), state: expect.stringMatching(/^[\w-]{43}$/), nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(setCookie(started, SIGN_IN_COOKIE)).toMatch(/^cl_signin=[\w-]+; HttpOnly; SameSite=Lax; Path=\/sign-in\/callback; Max-Age=600; Secure$/);
    // The verifier and nonce stay in the cookie: neither is in the address.
    expect(url.href).not.toContain(JSON.parse(Buffer.from(cookiePair(setCookie(started, SIGN_IN_COOKIE)).split('=')[1]!, 'base64url').toString()).codeVerifier);
  });

  it('redeems the code, keeps the access token as the Strict session cookie, clears the transaction and goes on to the page asked for', async () => {
    const { url, transaction } = await startSignIn('/admin/notices/p-1?campaignId=c-1');
    const back = provider.authorize(url, 'alice', 'consent:admin');
    const done = await call('GET /sign-in/callback', { query: back.toString(), cookies: [transaction] });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('href="/admin/notices/p-1?campaignId=c-1"');
    expect(setCookie(done, SIGN_IN_COOKIE)).toContain('Max-Age=0');
    const session = setCookie(done, 'cl_session')!;
    expect(session).toMatch(/^cl_session=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=3\d{3}; Secure$/);
    // The token redeemed with the verifier the browser kept, at the exact redirect address.
    expect(provider.tokenRequests.at(-1)?.get('redirect_uri')).toBe(`${SERVICE}/sign-in/callback`);
    const admin = await call('GET /admin/notices/{policyId}', { cookies: [cookiePair(session)] });
    expect(JSON.parse(admin.body!)).toEqual({ signedInAs: 'alice' });
  });
});

describe('the redirect back is refused, nothing signed in, the check named', () => {
  /** A started sign-in the provider answered: the redirect back's query and the browser's transaction cookie. */
  async function answered(sub = 'alice') {
    const { url, transaction } = await startSignIn();
    return { back: provider.authorize(url, sub), transaction };
  }
  async function refused(request: Request, status: number, field: string, rule: string) {
    const result = await call('GET /sign-in/callback', { ...request, browser: false });
    expect(result.statusCode).toBe(status);
    expect(problem(result).errors).toEqual([expect.objectContaining({ field, rule })]);
    expect(setCookie(result, 'cl_session')).toBeUndefined();
    // Used up, whatever the outcome.
    expect(setCookie(result, SIGN_IN_COOKIE)).toContain('Max-Age=0');
    const page = await call('GET /sign-in/callback', { ...request, browser: true });
    expect(page.headers!['content-type']).toContain('text/html');
    expect(page.body).toContain('Sign in again');
    return result;
  }

  it('without a transaction in this browser (a forged callback, or one replayed elsewhere)', async () => {
    const { back } = await answered();
    await refused({ query: back.toString() }, 400, 'cookie.cl_signin', 'sign_in_transaction');
    await refused({ query: back.toString(), cookies: [`${SIGN_IN_COOKIE}=bm90IGpzb24`] }, 400, 'cookie.cl_signin', 'sign_in_transaction');
  });

  it('with another state than this browser\'s, or none (login CSRF)', async () => {
    const { back, transaction } = await answered();
    const forged = new URLSearchParams(back);
    forged.set('state', 'attacker-state-0123456789abcdef');
    await refused({ query: forged.toString(), cookies: [transaction] }, 400, 'query.state', 'state');
    forged.delete('state');
    await refused({ query: forged.toString(), cookies: [transaction] }, 400, 'query.state', 'state');
    // A redirect back carrying another browser's sign-in: its code, its state; this browser's cookie.
    const other = await answered('mallory');
    await refused({ query: other.back.toString(), cookies: [transaction] }, 400, 'query.state', 'state');
  });

  it('when the provider said no (the member cancelled)', async () => {
    const { back, transaction } = await answered();
    const denied = new URLSearchParams({ error: 'access_denied', state: back.get('state')!, iss: ISSUER });
    await refused({ query: denied.toString(), cookies: [transaction] }, 401, 'query.error', 'access_denied');
    denied.set('error', '<script>');
    await refused({ query: denied.toString(), cookies: [transaction] }, 401, 'query.error', 'error');
  });

  it('without a code', async () => {
    const { back, transaction } = await answered();
    back.delete('code');
    await refused({ query: back.toString(), cookies: [transaction] }, 400, 'query.code', 'required');
  });

  it('when the code was redeemed already (replayed)', async () => {
    const { back, transaction } = await answered();
    expect((await call('GET /sign-in/callback', { query: back.toString(), cookies: [transaction] })).statusCode).toBe(200);
    await refused({ query: back.toString(), cookies: [transaction] }, 400, 'query.code', 'code_refused');
  });

  it('when the PKCE verifier is not the one the code was asked with', async () => {
    const { back, transaction } = await answered();
    const kept = JSON.parse(Buffer.from(transaction.split('=')[1]!, 'base64url').toString()) as Record<string, string>;
    const swapped = Buffer.from(JSON.stringify({ ...kept, codeVerifier: 'another-verifier-0123456789abcdefghijklmnopq' })).toString('base64url');
    await refused({ query: back.toString(), cookies: [`${SIGN_IN_COOKIE}=${swapped}`] }, 400, 'query.code', 'code_refused');
  });

  it.each([
    ['an ID token with another nonce (a code injected from another sign-in)', { idTokenNonce: 'another-nonce' }],
    ['an ID token signed by a key not in the provider\'s JWKS', { idTokenForeignKey: true }],
  ])('with %s', async (_name, knobs) => {
    const { back, transaction } = await answered();
    Object.assign(provider.knobs, knobs);
    await refused({ query: back.toString(), cookies: [transaction] }, 400, 'query', 'provider_response');
  });

  it('with the `iss` of another provider (mix-up)', async () => {
    const { back, transaction } = await answered();
    back.set('iss', 'https://evil.example');
    await refused({ query: back.toString(), cookies: [transaction] }, 400, 'query', 'provider_response');
  });

  it('with an access token this service does not accept (another audience): 401', async () => {
    const { back, transaction } = await answered();
    provider.knobs.accessTokenAudience = 'another-api';
    const result = await call('GET /sign-in/callback', { query: back.toString(), cookies: [transaction], browser: false });
    expect(result.statusCode).toBe(401);
    expect(setCookie(result, 'cl_session')).toBeUndefined();
  });

  it.each([
    ['the token endpoint fails', { tokenEndpointDown: true }],
    ['the provider cannot be reached', { unreachable: true }],
  ])('503 when %s', async (_name, knobs) => {
    const { back, transaction } = await answered();
    Object.assign(provider.knobs, knobs);
    const result = await call('GET /sign-in/callback', { query: back.toString(), cookies: [transaction], browser: false });
    expect(result.statusCode).toBe(503);
    expect(result.headers!['retry-after']).toBe('5');
    expect(setCookie(result, 'cl_session')).toBeUndefined();
  });

  it('503 from /sign-in when the discovery document cannot be read, and it is tried again on the next sign-in', async () => {
    provider.knobs.discoveryDown = true;
    expect((await call('GET /sign-in', { browser: false })).statusCode).toBe(503);
    delete provider.knobs.discoveryDown;
    expect((await call('GET /sign-in')).statusCode).toBe(303);
  });
});

describe('signing out', () => {
  const sameOrigin = { origin: SERVICE, 'sec-fetch-site': 'same-origin' };

  /** Where a page that goes on by script (sign-in.ts) goes: its #continue link. */
  const onwardTo = (result: ApiResult) => new URL(/<a id="continue" href="([^"]+)"/.exec(result.body!)![1]!.replaceAll('&amp;', '&'));

  it('clears the session and goes on to the provider\'s end-session endpoint with this client and the signed-out page, from a page (a redirect answering the form would break form-action \'self\')', async () => {
    const result = await call('POST /sign-out', { headers: sameOrigin });
    expect(result.statusCode).toBe(200);
    expect(result.headers!['referrer-policy']).toBe('no-referrer');
    const url = onwardTo(result);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: CLIENT_ID, post_logout_redirect_uri: `${SERVICE}/signed-out` });
    expect(setCookie(result, 'cl_session')).toMatch(/^cl_session=; .*Max-Age=0/);
  });

  it('uses the configured logout address where discovery names none (Cognito\'s /logout and its parameters), else only signs out here', async () => {
    provider.knobs.noEndSession = true;
    handler = pages({ ...CONFIG, logoutUrl: new URL('https://ledger.auth.eu-west-1.amazoncognito.com/logout') });
    const cognito = onwardTo(await call('POST /sign-out', { headers: sameOrigin }));
    expect(cognito.pathname).toBe('/logout');
    expect(Object.fromEntries(cognito.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${SERVICE}/signed-out` });
    handler = pages();
    const here = await call('POST /sign-out', { headers: sameOrigin });
    expect(here.statusCode).toBe(303);
    expect(here.headers!.location).toBe('/signed-out');
    expect(setCookie(here, 'cl_session')).toMatch(/^cl_session=; .*Max-Age=0/);
  });

  it('refuses a cross-site sign-out (CSRF)', async () => {
    const result = await call('POST /sign-out', { headers: { origin: 'https://evil.example' } });
    expect(result.statusCode).toBe(403);
    expect(setCookie(result, 'cl_session')).toBeUndefined();
  });
});

describe('a signed-in page without a valid session', () => {
  it('sends a browser through sign-in, back to the page asked for (with its query)', async () => {
    const result = await call('GET /admin/notices/{policyId}', { query: 'campaignId=c-7' });
    expect(result.statusCode).toBe(303);
    expect(result.headers!.location).toBe(`/sign-in?next=${encodeURIComponent('/admin/notices/p-1?campaignId=c-7')}`);
    expect(result.cookies ?? []).toEqual([]);
  });

  it('clears an expired session cookie on the way', async () => {
    const { url, transaction } = await startSignIn();
    const done = await call('GET /sign-in/callback', { query: provider.authorize(url, 'alice').toString(), cookies: [transaction] });
    const token = cookiePair(setCookie(done, 'cl_session')).split('=')[1]!;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const expired = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), exp: 1 })).toString('base64url')}.${signature}`;
    const result = await call('GET /settings', { cookies: [`cl_session=${expired}`] });
    expect(result.statusCode).toBe(303);
    expect(result.headers!.location).toBe('/sign-in?next=%2Fsettings');
    expect(setCookie(result, 'cl_session')).toContain('Max-Age=0');
  });

  it('answers 401 problem+json to a client that does not ask for HTML', async () => {
    const result = await call('GET /settings', { browser: false });
    expect(result.statusCode).toBe(401);
    expect(result.headers!['content-type']).toBe('application/problem+json');
  });
});

describe('in the browser\'s language', () => {
  const french = { 'accept-language': 'fr-FR,fr;q=0.9' };

  it('a refused return trip: the check\'s own detail apart in English', async () => {
    const result = await call('GET /sign-in/callback', { query: 'code=c&state=s', headers: french });
    expect(result.statusCode).toBe(400);
    expect(result.body).toMatch(/<html lang="fr"/);
    expect(result.body).toContain('<h1>La connexion n’a pas abouti</h1>');
    expect(result.body).toContain('<span lang="en">cookie.cl_signin: No sign-in was started in this browser');
  });

  it('signed in, signing out and signed out (a member without a profile)', async () => {
    const { url, transaction } = await startSignIn();
    const done = await call('GET /sign-in/callback', { query: provider.authorize(url, 'alice').toString(), cookies: [transaction], headers: french });
    expect(done.body).toContain('<a id="continue" href="/settings">Continuer</a>');
    const out = await call('POST /sign-out', { headers: { origin: SERVICE, 'sec-fetch-site': 'same-origin', ...french } });
    expect(out.body).toContain('<h1>Déconnexion en cours</h1>');
    expect((await call('GET /signed-out', { headers: french })).body).toContain('<h1>Déconnexion effectuée</h1>');
  });
});

describe('in the member\'s language', () => {
  const french = { 'accept-language': 'fr-FR,fr;q=0.9' };

  /** A sign-in of `memberId` from a browser sending `headers`, to the callback's answer. */
  async function signedIn(memberId: string, headers: Record<string, string> = {}) {
    const { url, transaction } = await startSignIn();
    return call('GET /sign-in/callback', { query: provider.authorize(url, memberId).toString(), cookies: [transaction], headers });
  }

  it('once signed in, the page going on speaks the profile\'s language before the browser\'s, and the browser\'s for a member without one', async () => {
    await addMember(members.deps, 'hans', { country: 'DE', locale: 'de-DE' });
    const german = await signedIn('hans', french);
    expect(german.body).toMatch(/^<!DOCTYPE html>\n<html lang="de"/);
    expect(german.body).toContain('<a id="continue" href="/settings">Weiter</a>');
    await addMember(members.deps, 'nobody-chose');
    expect((await signedIn('nobody-chose', french)).body).toContain('<a id="continue" href="/settings">Continuer</a>');
    // No profile at all (an administrator, say): the browser's.
    expect((await signedIn('ops', french)).body).toMatch(/<html lang="fr"/);
  });

  it('a store that cannot say does not stop the sign-in: the browser\'s language', async () => {
    await addMember(members.deps, 'hans', { country: 'DE', locale: 'de-DE' });
    members.store.failNext('getMember');
    const result = await signedIn('hans', french);
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatch(/<html lang="fr"/);
    expect(setCookie(result, 'cl_session')).toBeDefined();
  });

  it('signing out speaks the signed-out member\'s language; the signed-out page after it, the browser\'s', async () => {
    await addMember(members.deps, 'hans', { country: 'DE', locale: 'de-DE' });
    const session = cookiePair(setCookie(await signedIn('hans'), 'cl_session'));
    const out = await call('POST /sign-out', { cookies: [session], headers: { origin: SERVICE, 'sec-fetch-site': 'same-origin', ...french } });
    expect(out.body).toMatch(/<html lang="de"/);
    expect(out.body).toContain('<h1>Abmeldung läuft</h1>');
    const signedOut = await call('GET /signed-out', { headers: french });
    expect(signedOut.body).toContain('<h1>Déconnexion effectuée</h1>');
  });
});
