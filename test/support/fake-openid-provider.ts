// An OpenID provider in memory, for the pages' sign-in unit tests: discovery, JWKS, and a token
// endpoint that redeems the codes the test issues, once each, against their PKCE challenge, as a
// real provider does. Served through openid-client's customFetch; no network. Each way a provider
// can go wrong is a knob.
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { CustomFetch } from 'openid-client';

export const ISSUER = 'https://idp.test';
export const CLIENT_ID = 'pages-client';
export const AUDIENCE = 'consent-ledger';

interface IssuedCode {
  challenge: string;
  nonce: string;
  redirectUri: string;
  sub: string;
  scope: string;
  used: boolean;
}

export interface FakeProviderKnobs {
  /** The discovery document answers 500. */
  discoveryDown?: boolean;
  /** The token endpoint answers 500. */
  tokenEndpointDown?: boolean;
  /** Every request fails as fetch does when the network does. */
  unreachable?: boolean;
  /** The ID token carries this nonce instead of the one asked for. */
  idTokenNonce?: string;
  /** The ID token is signed by a key the JWKS does not hold. */
  idTokenForeignKey?: boolean;
  /** The access token is for another audience. */
  accessTokenAudience?: string;
  /** No end_session_endpoint in the discovery document (as Cognito's). */
  noEndSession?: boolean;
}

export async function createFakeProvider() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  const codes = new Map<string, IssuedCode>();
  const knobs: FakeProviderKnobs = {};
  const tokenRequests: URLSearchParams[] = [];

  const sign = (claims: Record<string, unknown>, key: CryptoKey = privateKey, audience = CLIENT_ID) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(audience).setIssuedAt().setExpirationTime('1h').sign(key);

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch: CustomFetch = async (url, options) => {
    if (knobs.unreachable) throw new TypeError('fetch failed');
    const { pathname } = new URL(url);
    if (pathname === '/.well-known/openid-configuration') {
      if (knobs.discoveryDown) return json(500, { error: 'server_error' });
      return json(200, {
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/jwks`,
        ...(knobs.noEndSession ? {} : { end_session_endpoint: `${ISSUER}/logout` }),
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (pathname === '/jwks') return json(200, jwks);
    if (pathname === '/token') {
      if (knobs.tokenEndpointDown) return json(500, { error: 'server_error' });
      const body = new URLSearchParams(String(options.body));
      tokenRequests.push(body);
      const issued = codes.get(body.get('code') ?? '');
      const verifier = body.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!issued || issued.used || issued.challenge !== challenge || issued.redirectUri !== body.get('redirect_uri') || body.get('client_id') !== CLIENT_ID) {
        return json(400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
      }
      issued.used = true;
      return json(200, {
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: await sign({ sub: issued.sub, scope: issued.scope, client_id: CLIENT_ID }, privateKey, knobs.accessTokenAudience ?? AUDIENCE),
        id_token: await sign({ sub: issued.sub, nonce: knobs.idTokenNonce ?? issued.nonce }, knobs.idTokenForeignKey ? foreign.privateKey : privateKey),
      });
    }
    return json(404, { error: 'not_found' });
  };

  return {
    fetch,
    jwks,
    knobs,
    tokenRequests,
    /** What the provider does once the member signed in at its authorization URL: a code for it, in the redirect's query. */
    authorize(authorizationUrl: URL, sub: string, scope = ''): URLSearchParams {
      const params = authorizationUrl.searchParams;
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { challenge: params.get('code_challenge') ?? '', nonce: params.get('nonce') ?? '', redirectUri: params.get('redirect_uri') ?? '', sub, scope, used: false });
      return new URLSearchParams({ code, state: params.get('state') ?? '', iss: ISSUER });
    },
  };
}

export type FakeProvider = Awaited<ReturnType<typeof createFakeProvider>>;
