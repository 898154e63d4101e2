// The small framework layer every API handler shares: route by routeKey, parse input, map typed
// errors to RFC 9457 problems, never leak internals.
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { GenericSchema, InferOutput } from 'valibot';
import {
  ConflictError,
  GoneError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  NotSettledError,
  PreconditionFailedError,
  RuleViolationError,
  StorageUnavailableError,
} from '../../app/errors.ts';
import { tokenNamesConfig } from '../../config.ts';
import { logger } from '../../log.ts';
import { callerFrom, CONTRACT_TOKEN_NAMES, requireAnyScope, type Caller, type TokenNames } from './auth.ts';
import { HttpProblem, invalidField, problems } from './problem.ts';
import { ROUTES, routeKey } from './routes.ts';
import { parseOrThrow } from './schemas.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;
export type Route = (request: ApiRequest) => Promise<ApiResult>;

/** Largest JSON body any route accepts; a batch of 1,000 ids of 128 characters is ~135 KB. */
export const MAX_BODY_BYTES = 256 * 1024;

export class ApiRequest {
  readonly event: ApiEvent;
  /** How this deployment's tokens name the member id claim and the scopes. */
  readonly tokenNames: TokenNames;

  constructor(event: ApiEvent, tokenNames: TokenNames = CONTRACT_TOKEN_NAMES) {
    this.event = event;
    this.tokenNames = tokenNames;
  }

  get requestId(): string {
    return this.event.requestContext?.requestId ?? 'unknown';
  }

  caller(): Caller {
    return callerFrom(this.event, this.tokenNames);
  }

  /** A path parameter, validated; API Gateway has already percent-decoded it. */
  path<S extends GenericSchema>(name: string, schema: S): InferOutput<S> {
    return parseOrThrow(schema, this.event.pathParameters?.[name], `path.${name}`);
  }

  header(name: string): string | undefined {
    return this.event.headers?.[name.toLowerCase()];
  }

  query(name: string): string | undefined {
    return this.event.queryStringParameters?.[name];
  }

  get contentType(): string {
    return (this.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  }

  /** The body as UTF-8 text, decoded from base64 where API Gateway encoded it; '' when none. */
  text(): string {
    const { body, isBase64Encoded } = this.event;
    if (body === undefined || body === null || body === '') return '';
    const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    if (bytes.length > MAX_BODY_BYTES) {
      throw problems.payloadTooLarge(`The body is ${bytes.length} bytes; at most ${MAX_BODY_BYTES} are accepted.`);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw invalidField('body', 'encoding', 'is not valid UTF-8');
    }
  }

  /** The JSON body, validated against `schema`. */
  body<S extends GenericSchema>(schema: S): InferOutput<S> {
    const { body } = this.event;
    if (body === undefined || body === null || body === '') throw invalidField('body', 'required', 'a JSON body is required');
    if (this.contentType !== 'application/json' && !this.contentType.endsWith('+json')) {
      throw problems.unsupportedMediaType('The body must be JSON, sent with Content-Type: application/json.');
    }
    const text = this.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidField('body', 'json', 'is not valid UTF-8 JSON');
    }
    // Every body of this API is a JSON object; say so rather than report its missing fields.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidField('body', 'type', 'must be a JSON object');
    }
    return parseOrThrow(schema, parsed, 'body');
  }
}

const BASE_HEADERS = { 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...BASE_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function problemResponse(problem: HttpProblem): ApiResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...BASE_HEADERS, ...problem.headers },
    body: JSON.stringify(problem.toBody()),
  };
}

/** The one place where typed errors become HTTP statuses. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NotFoundError) return problems.notFound(error.message);
  if (error instanceof GoneError) return problems.gone(error.message);
  if (error instanceof PreconditionFailedError) return problems.preconditionFailed(error.message);
  if (error instanceof ConflictError) return problems.conflict(error.message);
  if (error instanceof IdempotencyKeyReusedError) return problems.idempotencyKeyReused();
  if (error instanceof InvalidInputError) return invalidField(error.field, error.rule, error.message);
  // Every rule so far is about a request body, so its fields are named as the 400s name them.
  if (error instanceof RuleViolationError) {
    return problems.ruleViolated(error.violations.map((violation) => ({ ...violation, field: `body.${violation.field}` })));
  }
  if (error instanceof NotSettledError) return problems.serviceUnavailable(error.message, error.retryAfterSeconds);
  if (error instanceof StorageUnavailableError) {
    return problems.serviceUnavailable(
      'Storage is unavailable right now, so no answer was given. A write may or may not have been recorded: retry it with the same Idempotency-Key to have it recorded exactly once.',
    );
  }
  return new HttpProblem(500, 'internal', 'Internal error', 'The service failed unexpectedly; the error is logged.');
}

/** Each route's scopes from the route table, the one the gateway's authorizer enforces too. */
const ROUTE_SCOPES = new Map(ROUTES.flatMap((route) => (route.scopes ? [[routeKey(route), route.scopes] as const] : [])));

/** `tokenNames`: read at cold start (MEMBER_ID_CLAIM, ADMIN_SCOPE, ELIGIBILITY_SCOPE; the contract's by default). */
export function createApiHandler(routes: Record<string, Route>, tokenNames: TokenNames = tokenNamesConfig()) {
  return async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    logger.addContext(context);
    logger.appendKeys({ requestId: event.requestContext?.requestId, routeKey: event.routeKey });
    try {
      const route = routes[event.routeKey];
      if (!route) return problemResponse(problems.notFound(`No route ${event.routeKey}.`));
      const request = new ApiRequest(event, tokenNames);
      // Checked again here, from the same table, so a handler never runs without its scopes.
      const scopes = ROUTE_SCOPES.get(event.routeKey);
      if (scopes) requireAnyScope(request.caller(), ...scopes);
      const result = await route(request);
      logger.info('request handled', { statusCode: result.statusCode });
      return result;
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) logger.error('request failed', { statusCode: problem.status, error: error as Error });
      else logger.info('request refused', { statusCode: problem.status, problemType: problem.type });
      return problemResponse(problem);
    } finally {
      logger.removeKeys(['requestId', 'routeKey']);
    }
  };
}
