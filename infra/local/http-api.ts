// A local stand-in for API Gateway HTTP API: routing, path parameters, query strings, headers,
// base64 bodies, the JWT authorizer (against a local JWKS) with route scopes, and payload
// format 2.0 events and results. Answers API Gateway gives itself keep its {"message"} shape.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { FaultKind, UsageSnapshot } from './instrumentation/index.ts';
import { lambdaContext } from './lambda-context.ts';
import { deployedScopes, type TokenNames } from '../../lib/web/api/auth.ts';
import { ROUTES, routeKey, type FunctionName, type RouteSpec } from '../../lib/web/api/routes.ts';
import { audienceMatches } from '../../lib/web/pages/session.ts';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

export interface HttpApiOptions {
  port: number;
  host: string;
  jwks: JSONWebKeySet;
  issuer: string;
  audience: string;
  /** The names the tokens use: each route's contract scopes are required under them, as the CDK stack configures its authorizer. */
  tokenNames: TokenNames;
  loadFunction: (name: FunctionName) => Promise<Handler>;
  /** AWS usage counted over every function (and the event source mappings); `reset`: start again. */
  usage: (reset: boolean) => Promise<UsageSnapshot>;
  /** Faults injected so far over every function, by kind. */
  faults: () => Promise<Record<FaultKind, number>>;
  /** More of the stack for /_local/stack: the event topology, the stream mapping's invocations. */
  details?: () => Record<string, unknown>;
}

/** GET: AWS requests and capacity units counted so far by the stack's functions; DELETE: start again. */
export const LOCAL_USAGE_PATH = '/_local/aws-usage';

/** GET: faults injected so far (CONSENT_LEDGER_FAULTS), by kind. */
export const LOCAL_FAULTS_PATH = '/_local/faults';

/** GET: the emulators' endpoints and the stack's settings. */
export const LOCAL_STACK_PATH = '/_local/stack';

/** Verified tokens remembered, to spare a signature check per request. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** API Gateway's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout. */
const INTEGRATION_TIMEOUT_MS = 30_000;
const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded))/i;

interface CompiledRoute {
  spec: RouteSpec;
  /** The scopes the authorizer requires, as the deployment names them. */
  scopes: string[] | undefined;
  pattern: RegExp;
  names: string[];
  /** Static segments count: a route with more of them wins, as in API Gateway. */
  staticSegments: number;
}

function compile(spec: RouteSpec, tokenNames: TokenNames): CompiledRoute {
  const names: string[] = [];
  const source = spec.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const scopes = spec.scopes && deployedScopes(spec.scopes, tokenNames);
  return { spec, scopes, pattern: new RegExp(`^${source}$`), names, staticSegments: spec.path.split('/').filter((s) => s && !s.startsWith('{')).length };
}

function gatewayAnswer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ message }));
}

/** API Gateway hands claims to the function as strings. */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (typeof value === 'string') claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'object' && value !== null) claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        resolve('too_large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class LocalHttpApi {
  private readonly options: HttpApiOptions;
  private readonly routes: CompiledRoute[];
  private readonly keySet: ReturnType<typeof createLocalJWKSet>;
  private server: Server | undefined;
  private readonly verified = new Map<string, JWTPayload>();

  constructor(options: HttpApiOptions) {
    this.options = options;
    this.routes = ROUTES.map((spec) => compile(spec, options.tokenNames)).sort((a, b) => b.staticSegments - a.staticSegments);
    this.keySet = createLocalJWKSet(options.jwks);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        console.error('local http api: unexpected failure', error);
        if (!res.headersSent) gatewayAnswer(res, 500, 'Internal Server Error');
        else res.end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host, resolve);
    });
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.options.host}:${port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.spec.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => {
          params[name] = decodeURIComponent(found[i + 1] as string);
        });
      } catch {
        return undefined;
      }
      return { route, params };
    }
    return undefined;
  }

  /** The JWT authorizer: a valid RS256 token from our JWKS, our issuer and audience (or client_id), in time. */
  private async authorize(token: string | undefined): Promise<JWTPayload | undefined> {
    if (!token) return undefined;
    const jwt = token.replace(/^Bearer\s+/i, '');
    // A signature, once verified, stays verified: only the time checks need doing again.
    const known = this.verified.get(jwt);
    const now = Date.now() / 1000;
    if (known) {
      if ((known.exp ?? 0) > now && (known.nbf ?? 0) <= now) return known;
      this.verified.delete(jwt);
    }
    try {
      const { payload } = await jwtVerify(jwt, this.keySet, { issuer: this.options.issuer, algorithms: ['RS256'], requiredClaims: ['exp'] });
      if (!audienceMatches(payload, this.options.audience)) return undefined;
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
      this.verified.set(jwt, payload);
      return payload;
    } catch {
      return undefined;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('apigw-requestid', requestId);
    const rawUrl = req.url ?? '/';
    const queryIndex = rawUrl.indexOf('?');
    const rawPath = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
    const rawQueryString = queryIndex === -1 ? '' : rawUrl.slice(queryIndex + 1);
    const method = (req.method ?? 'GET').toUpperCase();

    // Local only, not part of the API: where the emulators are, for tools such as the benchmark.
    if (rawPath === LOCAL_STACK_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        sqsEndpoint: process.env.AWS_ENDPOINT_URL_SQS,
        sesEndpoint: process.env.AWS_ENDPOINT_URL_SESV2,
        tableName: process.env.TABLE_NAME,
        sesMaxSendRate: Number(process.env.SES_MAX_SEND_RATE),
        ...this.options.details?.(),
      }));
      return;
    }
    // Local only, not part of the API: the faults injected into the functions.
    if (rawPath === LOCAL_FAULTS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(await this.options.faults()));
      return;
    }

    if (rawPath === LOCAL_USAGE_PATH) {
      const usage = await this.options.usage(method === 'DELETE');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(usage));
      return;
    }

    const matched = this.match(method, rawPath);
    if (!matched) return gatewayAnswer(res, 404, 'Not Found');
    const { route, params } = matched;

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'cookie') continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }

    let claims: JWTPayload | undefined;
    if (route.spec.auth === 'jwt') {
      claims = await this.authorize(headers.authorization);
      if (!claims) return gatewayAnswer(res, 401, 'Unauthorized', { 'www-authenticate': 'Bearer' });
      const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
      if (route.scopes && !route.scopes.some((scope) => granted.includes(scope))) {
        return gatewayAnswer(res, 403, 'Forbidden');
      }
    }

    const body = await readBody(req);
    if (body === 'too_large') return gatewayAnswer(res, 413, 'Request Entity Too Large');
    const isText = TEXT_TYPES.test(headers['content-type'] ?? '');

    const query = new URLSearchParams(rawQueryString);
    const queryStringParameters: Record<string, string> = {};
    for (const name of new Set(query.keys())) queryStringParameters[name] = query.getAll(name).join(',');

    const now = new Date();
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: routeKey(route.spec),
      rawPath,
      rawQueryString,
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(rawQueryString ? { queryStringParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        ...(claims
          ? {
              authorizer: {
                principalId: '',
                integrationLatency: 0,
                jwt: {
                  claims: flattenClaims(claims),
                  scopes: route.scopes && typeof claims.scope === 'string' ? claims.scope.split(' ') : (null as unknown as string[]),
                },
              },
            }
          : {}),
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0] as string,
        http: {
          method,
          path: rawPath,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: routeKey(route.spec),
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
      ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !isText,
    };

    const handler = await this.options.loadFunction(route.spec.function);
    let result: unknown;
    try {
      result = await Promise.race([
        handler(event, lambdaContext(`consent-ledger-${route.spec.function}`, requestId, INTEGRATION_TIMEOUT_MS)),
        new Promise((_, reject) => setTimeout(() => reject(new Error('integration timeout')), INTEGRATION_TIMEOUT_MS).unref()),
      ]);
    } catch (error) {
      if (error instanceof Error && error.message === 'integration timeout') return gatewayAnswer(res, 503, 'Service Unavailable');
      console.error(`local http api: function ${route.spec.function} failed`, error);
      return gatewayAnswer(res, 500, 'Internal Server Error');
    }
    this.respond(res, result);
  }

  /** Payload 2.0 results: a structured result, or anything else as a 200 JSON body. */
  private respond(res: ServerResponse, result: unknown): void {
    const structured =
      typeof result === 'object' && result !== null && 'statusCode' in result
        ? (result as APIGatewayProxyStructuredResultV2)
        : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
    const payload = structured.body === undefined ? Buffer.alloc(0) : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
    headers['content-length'] = String(payload.length);
    res.writeHead(structured.statusCode ?? 200, headers);
    res.end(payload);
  }
}
