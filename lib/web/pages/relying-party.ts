// The pages as an OpenID Connect relying party, through openid-client (a certified RP library):
// the authorization request (code flow, PKCE S256, state, nonce), the redeeming of the provider's
// redirect back, and the provider's sign-out address. The provider is found through its discovery
// document, once per container, on first need. Every way the return trip can be refused is named
// (SignInRefused), so the callback can say which check failed.
import * as client from 'openid-client';
import { signInConfig, type SignInConfig } from '../../config.ts';
import { isLoopbackHost } from './session.ts';

/** What the browser keeps between the redirect to the provider and its return (the transaction cookie). */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type SignInFailure =
  /** The redirect back carries no `state`, or not this browser's: forged, or from another attempt. */
  | 'state'
  /** No `code` in the redirect back. */
  | 'code'
  /** The provider said no (`error`: the member cancelled, or may not sign in). */
  | 'provider_error'
  /** The provider refused to redeem the code: used already, expired, or PKCE did not match. */
  | 'code_refused'
  /** The provider's answer did not verify (ID token signature, issuer, audience, nonce, time; `iss` of the redirect). */
  | 'response'
  /** The provider could not be reached, or failed. */
  | 'unavailable';

export class SignInRefused extends Error {
  override name = 'SignInRefused';
  readonly reason: SignInFailure;
  /** The provider's own error code, when it gave one (`error`), already checked to be a plain token. */
  readonly providerError: string | undefined;

  constructor(reason: SignInFailure, message: string, providerError?: string) {
    super(message);
    this.reason = reason;
    this.providerError = providerError;
  }
}

export interface RelyingParty {
  /** Where to send the browser to sign in, and the checks its return must pass. */
  startSignIn(): Promise<{ url: URL; checks: SignInChecks }>;
  /** Redeems the redirect back (its query) under `checks`: the access token the API accepts. */
  finishSignIn(query: URLSearchParams, checks: SignInChecks): Promise<{ accessToken: string }>;
  /** The provider's RP-initiated logout address for this client, or undefined where it offers none. */
  signOutUrl(): Promise<URL | undefined>;
}

/** OAuth error codes are plain tokens; anything else in `error` is not worth repeating. */
const ERROR_CODE = /^[a-z_]{1,64}$/;

/**
 * `fetch`: the HTTP client openid-client uses (tests give it an in-memory provider). Plain http is
 * allowed for a provider on this machine only (the local stack's); everywhere else HTTPS.
 */
export function createRelyingParty(config: SignInConfig = signInConfig(), options: { fetch?: client.CustomFetch } = {}): RelyingParty {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(config.issuer, config.clientId, undefined, client.None(), {
        ...(options.fetch ? { [client.customFetch]: options.fetch } : {}),
        // The ID token's signature is checked too, against the provider's JWKS: TLS to the token
        // endpoint would do by the letter of OpenID Connect, but the local provider speaks plain http.
        execute: [client.enableNonRepudiationChecks, ...(config.issuer.protocol === 'http:' && isLoopbackHost(config.issuer.host) ? [client.allowInsecureRequests] : [])],
        timeout: 5,
      })
      .catch((error: unknown) => {
        // Not kept: the next sign-in tries again.
        discovered = undefined;
        throw new SignInRefused('unavailable', `The identity provider's discovery document could not be read (${describe(error)}).`);
      });
    return discovered;
  };

  return {
    async startSignIn() {
      const checks: SignInChecks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUri.href,
        scope: config.scope,
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, checks };
    },

    async finishSignIn(query, checks) {
      // Checked here first, to name the failure; openid-client checks them again.
      const state = query.get('state');
      if (state === null || state !== checks.state) {
        throw new SignInRefused('state', state === null ? 'The redirect back carries no state.' : 'The redirect back carries another state than this browser\'s sign-in.');
      }
      const error = query.get('error');
      if (error !== null) {
        const code = ERROR_CODE.test(error) ? error : undefined;
        throw new SignInRefused('provider_error', `The identity provider did not sign you in${code ? ` (${code})` : ''}.`, code);
      }
      if (!query.get('code')) throw new SignInRefused('code', 'The redirect back carries no code.');
      const callback = new URL(config.redirectUri);
      callback.search = query.toString();
      try {
        const tokens = await client.authorizationCodeGrant(
          await configuration(),
          callback,
          { expectedState: checks.state, expectedNonce: checks.nonce, pkceCodeVerifier: checks.codeVerifier, idTokenExpected: true },
          { redirect_uri: config.redirectUri.href },
        );
        return { accessToken: tokens.access_token };
      } catch (caught) {
        throw refusal(caught);
      }
    },

    async signOutUrl() {
      const found = await configuration().catch(() => undefined);
      if (found?.serverMetadata().end_session_endpoint) {
        return client.buildEndSessionUrl(found, { client_id: config.clientId, post_logout_redirect_uri: config.postLogoutRedirectUri.href });
      }
      if (config.logoutUrl === undefined) return undefined;
      // Cognito's /logout: its own parameter names.
      const url = new URL(config.logoutUrl);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('logout_uri', config.postLogoutRedirectUri.href);
      return url;
    },
  };
}

/** openid-client's codes for an answer that failed a check (rather than a provider that failed to answer). */
const ANSWER_CHECKS = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
]);
/** ... and for a provider that answered with something other than a token response (a 5xx, an HTML page). */
const PROVIDER_FAILED = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

/** What went wrong on the way back, named; a failure that is none of these (a bug) is thrown on as it is. */
function refusal(caught: unknown): unknown {
  if (caught instanceof SignInRefused) return caught;
  if (caught instanceof client.ResponseBodyError) {
    const code = ERROR_CODE.test(caught.error) ? caught.error : 'error';
    // invalid_grant: the code was used already, has expired, or the PKCE verifier does not match it.
    if (caught.status < 500) return new SignInRefused('code_refused', `The identity provider refused to redeem the code (${code}).`, code);
    return new SignInRefused('unavailable', `The identity provider failed (${code}).`);
  }
  if (caught instanceof client.ClientError && caught.code !== undefined) {
    if (ANSWER_CHECKS.has(caught.code)) return new SignInRefused('response', `The identity provider's answer did not verify (${caught.message}).`);
    if (PROVIDER_FAILED.has(caught.code)) return new SignInRefused('unavailable', `The identity provider failed (${caught.message}).`);
  }
  if (unreachable(caught)) return new SignInRefused('unavailable', `The identity provider could not be reached (${describe(caught)}).`);
  return caught;
}

/** fetch's network failure (a TypeError "fetch failed"), or the request's timeout. */
const unreachable = (error: unknown): boolean =>
  error instanceof Error && ((error instanceof TypeError && error.message === 'fetch failed') || error.name === 'TimeoutError' || error.name === 'AbortError');

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
