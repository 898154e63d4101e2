// The local stack's identity provider: a real OpenID provider (oidc-provider) on
// http://localhost:<port>, while the service is on 127.0.0.1, so the browser's return trip from
// sign-in is cross-site as it is in production. It signs with the local keys (./identity.ts), so
// the tokens `npm run token` mints are the same kind, for the same issuer and JWKS. One client: the
// pages (authorization code with PKCE, no secret). Its sign-in page asks for a member id and
// whether to grant the admin scope; no password: it is a stand-in for an identity provider, not one.
import { createPrivateKey, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type InteractionDetails, type KoaContextWithOIDC } from 'oidc-provider';
import type { TokenNames } from '../../lib/web/api/auth.ts';
import { MEMBER_ID_PATTERN } from '../../lib/web/api/schemas.ts';
import { card, escapeHtml, renderPage } from '../../lib/web/pages/layout.ts';
import { issuerAt, subjectOf, type LocalKeys } from './identity.ts';

/** The pages' client at the provider (OIDC_CLIENT_ID). */
export const PAGES_CLIENT_ID = 'consent-ledger-pages';
/** The resource indicator of the API, whose access tokens are JWTs for LOCAL_AUDIENCE. */
const API_RESOURCE = 'urn:consent-ledger:api';
/** Seconds an access token (and so a page session) lasts. */
const ACCESS_TOKEN_SECONDS = 3600;

export interface LocalIdentityProvider {
  issuer: string;
  /** Registers the pages' client with the service's address, and starts answering. */
  serve(serviceUrl: string): void;
  stop(): Promise<void>;
}

/** Listens on `port` of localhost (0: any free one) at once, to know the issuer; answers once `serve` is called. */
export async function startIdentityProvider(options: { port: number; keys: LocalKeys; audience: string; tokenNames: TokenNames }): Promise<LocalIdentityProvider> {
  const servers: Server[] = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const listen = (host: string, port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer((req, res) => handle(req, res));
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  const first = await listen('127.0.0.1', options.port);
  servers.push(first);
  const { port } = first.address() as AddressInfo;
  // `localhost` may resolve to ::1 first; where the machine has IPv6 loopback, answer there too.
  await listen('::1', port).then((server) => servers.push(server), () => undefined);
  const issuer = issuerAt(port);

  return {
    issuer,
    serve(serviceUrl) {
      // The member id behind each subject signed in (a subject is opaque when the claim is not `sub`).
      const members = new Map<string, string>();
      const provider = createProvider(issuer, serviceUrl, options, members);
      const oidc = provider.callback();
      handle = (req, res) => {
        const interaction = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec((req.url ?? '').split('?')[0] ?? '');
        if (!interaction) return oidc(req, res);
        const step = interaction[2];
        const answer = req.method === 'GET' && !step ? showSignIn(provider, req, res) : req.method === 'POST' && step ? finishSignIn(provider, req, res, step, options.tokenNames, members) : undefined;
        if (!answer) return void res.writeHead(405).end();
        answer.catch((error: unknown) => page(res, 400, 'Sign-in expired', `<p>${escapeHtml(error instanceof Error ? error.message : String(error))}. Start again from the service.</p>`));
      };
    },
    async stop() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

type Stored = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/**
 * oidc-provider's storage (sessions, interactions, codes, grants) in this process's memory, one
 * per provider: a restart of the local stack signs everyone out of the provider, as a real one that
 * lost its storage would. The page sessions (the service's cookies) outlive it until their tokens
 * expire. A factory of one store per model, as oidc-provider takes it.
 */
function memoryStorage() {
  const entries = new Map<string, { payload: Stored; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry : undefined;
  };
  return (model: string) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = async (field: 'uid' | 'userCode', value: string) =>
      [...entries.keys()].filter((stored) => stored.startsWith(`${model}:`)).map(live).find((entry) => entry?.payload[field] === value)?.payload;
    return {
      upsert: async (id: string, payload: Stored, expiresIn: number) => void entries.set(key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 }),
      find: async (id: string) => live(key(id))?.payload,
      findByUid: (uid: string) => findBy('uid', uid),
      findByUserCode: (userCode: string) => findBy('userCode', userCode),
      consume: async (id: string) => {
        const entry = live(key(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id: string) => void entries.delete(key(id)),
      revokeByGrantId: async (grantId: string) => {
        for (const [stored, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(stored);
      },
    };
  };
}

function createProvider(issuer: string, serviceUrl: string, options: { keys: LocalKeys; audience: string; tokenNames: TokenNames }, members: ReadonlyMap<string, string>): Provider {
  const { tokenNames } = options;
  const signingKey = { ...createPrivateKey(options.keys.privateKeyPem).export({ format: 'jwk' }), kid: options.keys.jwks.keys[0]?.kid, alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    adapter: memoryStorage(),
    clients: [
      {
        client_id: PAGES_CLIENT_ID,
        client_name: 'Consent Ledger',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [new URL('/sign-in/callback', serviceUrl).href],
        post_logout_redirect_uris: [new URL('/signed-out', serviceUrl).href],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid'],
    claims: { openid: ['sub'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        // The code's resource, even though `openid` was asked for too: the API's JWT, not a userinfo token.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== API_RESOURCE) throw new Error(`unknown resource ${indicator}`);
          return {
            scope: [tokenNames.scopes.admin, tokenNames.scopes.eligibilityRead].join(' '),
            audience: options.audience,
            accessTokenTTL: ACCESS_TOKEN_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = shell(
            'Sign out of the local identity provider',
            `${form}<p>You are signed out of Consent Ledger. Sign out of the local identity provider as well, so the next sign-in asks who you are?</p>` +
              '<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button> <button class="secondary" type="submit" form="op.logoutForm">Stay signed in here</button>',
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = shell('Signed out', '<p>You are signed out of the local identity provider.</p>');
        },
      },
    },
    // The member id, in its own claim when the deployment's member id claim is not `sub`.
    extraTokenClaims: async (_ctx: unknown, token: { kind: string; accountId?: string }) =>
      token.kind === 'AccessToken' && tokenNames.memberIdClaim !== 'sub' && token.accountId ? { [tokenNames.memberIdClaim]: members.get(token.accountId) } : undefined,
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: ACCESS_TOKEN_SECONDS, IdToken: ACCESS_TOKEN_SECONDS, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = shell('Sign-in failed', Object.entries(out).map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`).join(''));
    },
  };
  return new Provider(issuer, configuration);
}

function shell(title: string, body: string): string {
  return renderPage({ lang: 'en', title: `${title} · Local identity provider`, body: card(`<h1>${escapeHtml(title)}</h1>\n${body}`), header: '<span><strong>Local identity provider</strong> (stand-in for Cognito or your IdP)</span>' });
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(shell(title, body));
}

function signInForm(details: InteractionDetails, error?: string, memberId = ''): string {
  return [
    error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '',
    `<p>Consent Ledger asks you to sign in.</p>`,
    `<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">`,
    '<label for="member">Member id</label>',
    `<input type="text" id="member" name="member" required autocomplete="username" spellcheck="false" value="${escapeHtml(memberId)}">`,
    '<p><input type="checkbox" id="admin" name="admin" value="yes"> <label for="admin" style="display:inline">Administrator (grants the admin scope)</label></p>',
    '<button type="submit">Sign in</button>',
    '</form>',
    `<form method="post" action="/interaction/${escapeHtml(details.uid)}/abort"><button class="secondary" type="submit">Cancel</button></form>`,
  ].join('\n');
}

async function showSignIn(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  page(res, 200, 'Sign in', signInForm(details));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Signs the member in and records the grant at once: the admin scope if ticked, refused otherwise. */
async function finishSignIn(provider: Provider, req: IncomingMessage, res: ServerResponse, step: string, tokenNames: TokenNames, members: Map<string, string>): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (step === '/abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The member cancelled the sign-in.' }, { mergeWithLastSubmission: false });
  }
  const form = await readForm(req);
  const memberId = (form.get('member') ?? '').trim();
  if (!MEMBER_ID_PATTERN.test(memberId)) {
    return page(res, 400, 'Sign in', signInForm(details, 'A member id is 1-128 characters of A-Z a-z 0-9 . _ : @ -', memberId));
  }
  const accountId = subjectOf(memberId, tokenNames);
  members.set(accountId, memberId);
  const clientId = details.params.client_id ?? '';
  const existing = details.grantId && details.session?.accountId === accountId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  grant.addOIDCScope('openid');
  const requested = new Set((details.params.scope ?? '').split(' '));
  for (const scope of [tokenNames.scopes.admin, tokenNames.scopes.eligibilityRead]) {
    if (!requested.has(scope)) continue;
    if (scope === tokenNames.scopes.admin && form.get('admin') === 'yes') grant.addResourceScope(API_RESOURCE, scope);
    else grant.rejectResourceScope(API_RESOURCE, scope);
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
