// The local stack's identity provider and JWT authorizer under other token names than the
// contract's (the member id in `custom:member_id`, scopes prefixed `ledger/`), in this process and
// without the emulators: the pages' code flow through the provider's sign-in page yields an access
// token with the member id in that claim, an opaque `sub`, and the renamed admin scope only when
// the box is ticked; the authorizer emulation requires the routes' scopes under those names; a
// handler reads the caller by them; and `npm run token`'s tokens, minted from the identity the
// stack writes, pass alike.
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHttpApi } from '../../infra/local/http-api.ts';
import { ensureKeys, mintToken, writeIdentity, type LocalKeys } from '../../infra/local/identity.ts';
import { PAGES_CLIENT_ID, startIdentityProvider, type LocalIdentityProvider } from '../../infra/local/identity-provider.ts';
import type { UsageSnapshot, FaultKind } from '../../infra/local/instrumentation/index.ts';
import { logger } from '../../lib/log.ts';
import { tokenNamesConfig } from '../../lib/config.ts';
import { createApiHandler, json } from '../../lib/web/api/framework.ts';
import { createRelyingParty } from '../../lib/web/pages/relying-party.ts';
import { redirectBackFrom } from '../support/provider-sign-in.ts';

const NAMES = tokenNamesConfig({ MEMBER_ID_CLAIM: 'custom:member_id', ADMIN_SCOPE: 'ledger/consent:admin', ELIGIBILITY_SCOPE: 'ledger/eligibility:read' });
const AUDIENCE = 'consent-ledger';

let keys: LocalKeys;
let provider: LocalIdentityProvider;
let api: LocalHttpApi;
let url: string;

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  const stateDir = mkdtempSync(join(tmpdir(), 'local-identity-'));
  provider = await startIdentityProvider({ port: 0, keys: await ensureKeys(stateDir), audience: AUDIENCE, tokenNames: NAMES });
  writeIdentity(stateDir, { issuer: provider.issuer, audience: AUDIENCE, tokenNames: NAMES });
  keys = await ensureKeys(stateDir);
  // Two routes of the admin function, answering who called, as the framework reads it under NAMES.
  const handler = createApiHandler(
    {
      'GET /v1/policies': async (request) => json(200, { caller: request.caller().sub, scopes: [...request.caller().scopes] }),
      'GET /v1/members/{memberId}': async (request) => json(200, { caller: request.caller().sub, scopes: [...request.caller().scopes] }),
    },
    NAMES,
  );
  api = new LocalHttpApi({
    port: 0,
    host: '127.0.0.1',
    jwks: keys.jwks,
    issuer: provider.issuer,
    audience: AUDIENCE,
    tokenNames: NAMES,
    loadFunction: async () => handler as never,
    usage: async () => ({}) as UsageSnapshot,
    faults: async () => ({}) as Record<FaultKind, number>,
  });
  url = await api.listen();
  provider.serve(url);
}, 30_000);

afterAll(async () => {
  await api?.close();
  await provider?.stop();
  logger.setLogLevel('INFO');
});

/** The pages' sign-in at the provider, as member `memberId` (the admin box ticked or not): the access token. */
async function signIn(memberId: string, admin: boolean): Promise<string> {
  const party = createRelyingParty({
    issuer: new URL(provider.issuer),
    clientId: PAGES_CLIENT_ID,
    redirectUri: new URL(`${url}/sign-in/callback`),
    postLogoutRedirectUri: new URL(`${url}/signed-out`),
    scope: `openid ${NAMES.scopes.admin}`,
    logoutUrl: undefined,
  });
  const { url: authorization, checks } = await party.startSignIn();
  const back = await redirectBackFrom(authorization.href, url, { member: memberId, ...(admin ? { admin: 'yes' } : {}) });
  return (await party.finishSignIn(new URL(back).searchParams, checks)).accessToken;
}

const get = (path: string, token: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (response) => ({ status: response.status, body: await response.json() }));

describe('the local provider under other token names', () => {
  it('issues the member id in the configured claim, an opaque sub, and the renamed admin scope when the box is ticked', async () => {
    const claims = decodeJwt(await signIn('alice', true));
    expect(claims).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, 'custom:member_id': 'alice', scope: 'ledger/consent:admin', client_id: PAGES_CLIENT_ID });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('leaves the admin scope out when it is not', async () => {
    const claims = decodeJwt(await signIn('bruno', false));
    expect(claims['custom:member_id']).toBe('bruno');
    expect(claims.scope).toBeUndefined();
  });
});

describe('the authorizer emulation and a handler under those names', () => {
  it('let an administrator\'s token through an admin route; the handler sees the member id and the contract\'s scope', async () => {
    expect(await get('/v1/policies', await signIn('ops', true))).toEqual({ status: 200, body: { caller: 'ops', scopes: ['consent:admin'] } });
  });

  it('stop a member\'s token at an admin route (403 from the authorizer), and let it read as itself', async () => {
    const member = await signIn('carla', false);
    expect(await get('/v1/policies', member)).toEqual({ status: 403, body: { message: 'Forbidden' } });
    expect(await get('/v1/members/carla', member)).toEqual({ status: 200, body: { caller: 'carla', scopes: [] } });
  });

  it('take `npm run token`\'s tokens alike (the contract\'s scope names written as the deployment names them)', async () => {
    const minted = await mintToken(keys, { sub: 'ops', scope: 'consent:admin' });
    expect(decodeJwt(minted)).toMatchObject({ 'custom:member_id': 'ops', scope: 'ledger/consent:admin' });
    expect(await get('/v1/policies', minted)).toEqual({ status: 200, body: { caller: 'ops', scopes: ['consent:admin'] } });
  });

  it('refuse the contract\'s own scope name where the deployment renamed it', async () => {
    const key = await importPKCS8(keys.privateKeyPem, 'RS256');
    const literal = await new SignJWT({ 'custom:member_id': 'mallory', scope: 'consent:admin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
      .setSubject('x').setIssuer(provider.issuer).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m')
      .sign(key);
    expect((await get('/v1/policies', literal)).status).toBe(403);
  });
});
