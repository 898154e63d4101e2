// The environment of each function, read and checked in this one place (issue 12). A function
// asks for what it needs at cold start; a missing or malformed variable fails there, with an error
// that names it, rather than on the first request that happens to use it. Nothing here knows the
// local stack: infra/stack.ts sets these variables in AWS and infra/local/stack.ts sets them
// locally. The few defaults below are tuning values, the same everywhere.
//
// Not read here: the AWS SDK's own variables (AWS_REGION, AWS_ENDPOINT_URL_*, credentials) and
// Powertools' (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL), which those libraries read themselves.
import type { JSONWebKeySet, JWK } from 'jose';
import type { NoticeConfig } from './app/notices/deps.ts';
import { CONTRACT_TOKEN_NAMES, type TokenNames } from './web/api/auth.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** '' counts as unset, as a template or shell often leaves a variable it meant to omit. */
function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`${name} is not set`);
  return value;
}

/**
 * An http(s) URL. Checked by its form, not with `new URL`: SQS emulators answer queue URLs such as
 * http://sqs.us-east-1.127.0.0.1:9324/..., whose host WHATWG URL parsing refuses as a bad IPv4.
 */
function url(env: Env, name: string): string {
  const value = required(env, name);
  if (!/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/.test(value)) throw new ConfigError(`${name} must be an absolute http(s) URL, not ${value}`);
  return value;
}

function number(env: Env, name: string, fallback: number, { min = 0, integer = false } = {}): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, not ${raw}`);
  }
  return value;
}

/** Every function: the one table. */
export function tableConfig(env: Env = process.env): { tableName: string } {
  return { tableName: required(env, 'TABLE_NAME') };
}

/**
 * The DynamoDB client's sockets: unset in AWS (the SDK's default); set by the local stack, where
 * one worker thread per function stands for all of that function's containers, on one client.
 */
export function dynamoClientConfig(env: Env = process.env): { maxSockets: number | undefined } {
  const maxSockets = number(env, 'DYNAMODB_MAX_SOCKETS', 0, { min: 0, integer: true });
  return { maxSockets: maxSockets || undefined };
}

/** Admin, fanout and notify: how campaigns walk members and retry deliveries. */
export function noticeConfig(env: Env = process.env): NoticeConfig {
  return {
    segments: number(env, 'NOTICE_SCAN_SEGMENTS', 4, { min: 1, integer: true }),
    pageSize: number(env, 'NOTICE_PAGE_SIZE', 1000, { min: 1, integer: true }),
    recipientsPerMessage: number(env, 'NOTICE_RECIPIENTS_PER_MESSAGE', 250, { min: 1, integer: true }),
    leaseSeconds: number(env, 'NOTICE_LEASE_SECONDS', 120),
    maxAttempts: number(env, 'NOTICE_MAX_ATTEMPTS', 5, { min: 1, integer: true }),
    retryBaseSeconds: number(env, 'NOTICE_RETRY_BASE_SECONDS', 30),
  };
}

/** Admin (starts campaigns) and fanout (re-enqueues pages). */
export function fanoutQueueConfig(env: Env = process.env): { fanoutQueueUrl: string } {
  return { fanoutQueueUrl: url(env, 'FANOUT_QUEUE_URL') };
}

/** Fanout and notify. */
export function noticeQueueConfig(env: Env = process.env): { noticeQueueUrl: string } {
  return { noticeQueueUrl: url(env, 'NOTICE_QUEUE_URL') };
}

/** Pages: the dead-letter queues whose depth the dashboard shows. */
export function deadLetterConfig(env: Env = process.env): { fanoutDlqUrl: string; noticeDlqUrl: string } {
  return { fanoutDlqUrl: url(env, 'FANOUT_DLQ_URL'), noticeDlqUrl: url(env, 'NOTICE_DLQ_URL') };
}

/** Publish: the FIFO topic change events go to, and their CloudEvents `source` (one per deployment). */
export function eventsConfig(env: Env = process.env): { topicArn: string; source: string } {
  const topicArn = required(env, 'EVENT_TOPIC_ARN');
  if (!/^arn:[\w-]+:sns:[\w-]+:\d{12}:[\w-]+\.fifo$/.test(topicArn)) throw new ConfigError(`EVENT_TOPIC_ARN must be the ARN of an SNS FIFO topic, not ${topicArn}`);
  return { topicArn, source: required(env, 'EVENT_SOURCE') };
}

/**
 * Consents, pages and notify: the public address of this API (PUBLIC_BASE_URL), where links for
 * members point: the settings page, the opt-out links in emails.
 */
export function publicBaseUrlConfig(env: Env = process.env): { publicBaseUrl: string } {
  return { publicBaseUrl: url(env, 'PUBLIC_BASE_URL') };
}

export interface SenderConfig {
  fromAddress: string;
  configurationSet: string | undefined;
  templateName: string | undefined;
  /** SES_MAX_SEND_RATE (emails a second for the account) over SES_RATE_SHARES (concurrent consumers). */
  sendRate: number;
  /** Where links in emails point: the public address of this API. */
  publicBaseUrl: string;
  linkTtlDays: number;
}

/** Notify: how and from whom the emails go, and where their links point. */
export function senderConfig(env: Env = process.env): SenderConfig {
  const fromAddress = required(env, 'NOTICE_FROM_ADDRESS');
  if (!/^[^@\s]+@[^@\s]+$/.test(fromAddress)) throw new ConfigError(`NOTICE_FROM_ADDRESS must be an email address, not ${fromAddress}`);
  // Each concurrent consumer takes its share of the account's send rate (SES_RATE_SHARES is the
  // event source mapping's maximum concurrency in AWS; 1 locally, where consumers share a limiter).
  const maxSendRate = number(env, 'SES_MAX_SEND_RATE', 14, { min: Number.MIN_VALUE });
  const shares = number(env, 'SES_RATE_SHARES', 1, { min: 1 });
  return {
    fromAddress,
    configurationSet: optional(env, 'SES_CONFIGURATION_SET'),
    templateName: optional(env, 'NOTICE_TEMPLATE_NAME'),
    sendRate: maxSendRate / shares,
    publicBaseUrl: publicBaseUrlConfig(env).publicBaseUrl,
    linkTtlDays: number(env, 'LINK_TTL_DAYS', 90, { min: 1 }),
  };
}

const MIN_LINK_KEY_BYTES = 32;

/**
 * Optout and notify: the key that signs opt-out links, as LINK_SIGNING_KEY (base64; locally) or
 * the Secrets Manager secret LINK_SIGNING_KEY_SECRET_ARN names (AWS).
 */
export function linkKeyConfig(env: Env = process.env): { key: Uint8Array } | { secretArn: string } {
  const encoded = optional(env, 'LINK_SIGNING_KEY');
  if (encoded !== undefined) {
    const key = Buffer.from(encoded, 'base64');
    if (key.length < MIN_LINK_KEY_BYTES) throw new ConfigError(`LINK_SIGNING_KEY must hold at least ${MIN_LINK_KEY_BYTES} bytes (base64)`);
    return { key: new Uint8Array(key) };
  }
  const secretArn = optional(env, 'LINK_SIGNING_KEY_SECRET_ARN');
  if (secretArn === undefined) throw new ConfigError('LINK_SIGNING_KEY_SECRET_ARN is not set (nor LINK_SIGNING_KEY, its local alternative)');
  return { secretArn };
}

/** A claim or scope name: visible ASCII, no space (scopes are space-separated). */
function tokenName(env: Env, name: string, fallback: string): string {
  const value = optional(env, name) ?? fallback;
  if (!/^[\x21-\x7e]{1,256}$/.test(value)) throw new ConfigError(`${name} must be a claim or scope name (visible ASCII, no spaces), not ${value}`);
  return value;
}

/**
 * Every function that reads a caller: the names the identity provider's tokens use for the member
 * id claim and the two scopes (lib/web/api/auth.ts), the contract's own by default.
 */
export function tokenNamesConfig(env: Env = process.env): TokenNames {
  const names: TokenNames = {
    memberIdClaim: tokenName(env, 'MEMBER_ID_CLAIM', CONTRACT_TOKEN_NAMES.memberIdClaim),
    scopes: {
      admin: tokenName(env, 'ADMIN_SCOPE', CONTRACT_TOKEN_NAMES.scopes.admin),
      eligibilityRead: tokenName(env, 'ELIGIBILITY_SCOPE', CONTRACT_TOKEN_NAMES.scopes.eligibilityRead),
    },
  };
  if (names.scopes.admin === names.scopes.eligibilityRead) throw new ConfigError('ADMIN_SCOPE and ELIGIBILITY_SCOPE must differ');
  return names;
}

/** The Cognito pre-token-generation trigger: the group whose members get the admin scope (as ADMIN_SCOPE names it). */
export function adminGroupConfig(env: Env = process.env): { group: string; scope: string } {
  return { group: required(env, 'ADMIN_GROUP'), scope: tokenNamesConfig(env).scopes.admin };
}

/**
 * Consents, optout and pages: the key that signs choice receipts, as RECEIPT_SIGNING_KEY (a
 * private P-256 JWK; locally, where there is no KMS) or the KMS key RECEIPT_KMS_KEY_ARN names,
 * under which the table's receipt keys are encrypted (AWS).
 */
export function receiptSigningConfig(env: Env = process.env): { privateJwk: JWK } | { kmsKeyArn: string } {
  const document = optional(env, 'RECEIPT_SIGNING_KEY');
  if (document !== undefined) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(document);
    } catch {
      throw new ConfigError('RECEIPT_SIGNING_KEY must be a private JWK (JSON)');
    }
    const { kty, crv, d, x, y } = (typeof jwk === 'object' && jwk !== null ? jwk : {}) as Record<string, unknown>;
    if (kty !== 'EC' || crv !== 'P-256' || [d, x, y].some((part) => typeof part !== 'string')) {
      throw new ConfigError('RECEIPT_SIGNING_KEY must be a private EC P-256 JWK (kty, crv, x, y, d)');
    }
    return { privateJwk: jwk as JWK };
  }
  const kmsKeyArn = optional(env, 'RECEIPT_KMS_KEY_ARN');
  if (kmsKeyArn === undefined) throw new ConfigError('RECEIPT_KMS_KEY_ARN is not set (nor RECEIPT_SIGNING_KEY, its local alternative)');
  if (!/^arn:[\w-]+:kms:[\w-]+:\d{12}:key\/[\w-]+$/.test(kmsKeyArn)) throw new ConfigError(`RECEIPT_KMS_KEY_ARN must be the ARN of a KMS key, not ${kmsKeyArn}`);
  return { kmsKeyArn };
}

export interface SessionConfig {
  issuer: string;
  audience: string;
  tokenNames: TokenNames;
  /** The keys: a JWKS document (JWT_JWKS, locally) or the identity provider's endpoint (JWT_JWKS_URL). */
  keys: { jwks: JSONWebKeySet } | { jwksUrl: URL };
}

/** Pages: verifies session tokens as the API's JWT authorizer does. */
export function sessionConfig(env: Env = process.env): SessionConfig {
  const issuer = required(env, 'JWT_ISSUER');
  const audience = required(env, 'JWT_AUDIENCE');
  const document = optional(env, 'JWT_JWKS');
  if (document !== undefined) {
    let jwks: unknown;
    try {
      jwks = JSON.parse(document);
    } catch {
      throw new ConfigError('JWT_JWKS must be a JWKS document (JSON)');
    }
    if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
      throw new ConfigError('JWT_JWKS must be a JWKS document with a keys array');
    }
    return { issuer, audience, tokenNames: tokenNamesConfig(env), keys: { jwks: jwks as JSONWebKeySet } };
  }
  return { issuer, audience, tokenNames: tokenNamesConfig(env), keys: { jwksUrl: new URL(url(env, 'JWT_JWKS_URL')) } };
}

export interface SignInConfig {
  /** The identity provider's issuer (JWT_ISSUER, as the authorizer's), whose discovery document names its endpoints. */
  issuer: URL;
  /** The pages' client at the provider: a public client (no secret), authorization code with PKCE. */
  clientId: string;
  /** Where the provider sends the browser back: this service's /sign-in/callback, exactly as registered. */
  redirectUri: URL;
  /** Where the provider sends the browser after signing out: /signed-out beside the callback. */
  postLogoutRedirectUri: URL;
  /** The scope asked for; `openid` is needed (the ID token's nonce binds the answer to the browser). */
  scope: string;
  /** The provider's sign-out address when its discovery document names none (Cognito's /logout). */
  logoutUrl: URL | undefined;
}

/** Pages: how they sign people in through the identity provider (OpenID Connect). */
export function signInConfig(env: Env = process.env): SignInConfig {
  const redirectUri = new URL(url(env, 'OIDC_REDIRECT_URI'));
  const scope = optional(env, 'OIDC_SCOPE') ?? 'openid';
  if (!scope.split(' ').includes('openid')) throw new ConfigError(`OIDC_SCOPE must include openid, not ${scope}`);
  const logoutUrl = optional(env, 'OIDC_LOGOUT_URL');
  return {
    issuer: new URL(url(env, 'JWT_ISSUER')),
    clientId: required(env, 'OIDC_CLIENT_ID'),
    redirectUri,
    postLogoutRedirectUri: new URL('../signed-out', redirectUri),
    scope,
    logoutUrl: logoutUrl === undefined ? undefined : new URL(url(env, 'OIDC_LOGOUT_URL')),
  };
}
