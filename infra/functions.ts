// The environment of each function, by variable name: what lib/config.ts requires of it. The CDK
// stack (infra/stack.ts) must give each function exactly these names, and the local stack
// (infra/local/) gives each function's worker exactly these too, with local values, so a variable
// missing from one function fails at its cold start locally as it would in Lambda (issue 12).
import type { HandlerName } from './bundling.ts';

/** Every function. */
export const COMMON_ENVIRONMENT = ['TABLE_NAME', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS'] as const;

/** Each function's own variables, on top of COMMON_ENVIRONMENT. */
export const FUNCTION_ENVIRONMENT = {
  public: [],
  admin: ['FANOUT_QUEUE_URL'],
  consents: [],
  eligibility: [],
  optout: ['LINK_SIGNING_KEY_SECRET_ARN'],
  pages: ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL', 'FANOUT_DLQ_URL', 'NOTICE_DLQ_URL'],
  fanout: ['FANOUT_QUEUE_URL', 'NOTICE_QUEUE_URL', 'NOTICE_RECIPIENTS_PER_MESSAGE'],
  notify: [
    'FANOUT_QUEUE_URL',
    'NOTICE_QUEUE_URL',
    'LINK_SIGNING_KEY_SECRET_ARN',
    'NOTICE_FROM_ADDRESS',
    'NOTICE_TEMPLATE_NAME',
    'SES_CONFIGURATION_SET',
    'SES_MAX_SEND_RATE',
    'SES_RATE_SHARES',
    'PUBLIC_BASE_URL',
  ],
} as const satisfies Record<HandlerName, readonly string[]>;

export type CommonVariable = (typeof COMMON_ENVIRONMENT)[number];
export type FunctionVariable<Name extends HandlerName> = (typeof FUNCTION_ENVIRONMENT)[Name][number];
/** Every variable some function is given. */
export type EnvironmentVariable = CommonVariable | FunctionVariable<HandlerName>;

/** The names `name` is given, common ones first. */
export function environmentOf(name: HandlerName): EnvironmentVariable[] {
  return [...COMMON_ENVIRONMENT, ...FUNCTION_ENVIRONMENT[name]];
}

const NOTICE_TUNING = [
  'NOTICE_SCAN_SEGMENTS',
  'NOTICE_PAGE_SIZE',
  'NOTICE_RECIPIENTS_PER_MESSAGE',
  'NOTICE_LEASE_SECONDS',
  'NOTICE_MAX_ATTEMPTS',
  'NOTICE_RETRY_BASE_SECONDS',
] as const;

/**
 * Tuning values each function reads through lib/config.ts with a default, the same everywhere
 * (DYNAMODB_MAX_SOCKETS is for the local stack). Not given in AWS unless listed above; the local
 * stack passes them on to the functions that read them when its own environment sets them, as
 * tests and benchmarks do to shape a run. A default never stands in for a required variable.
 */
export const FUNCTION_TUNING: Record<HandlerName, readonly string[]> = {
  public: ['DYNAMODB_MAX_SOCKETS'],
  admin: ['DYNAMODB_MAX_SOCKETS', ...NOTICE_TUNING],
  consents: ['DYNAMODB_MAX_SOCKETS'],
  eligibility: ['DYNAMODB_MAX_SOCKETS'],
  optout: ['DYNAMODB_MAX_SOCKETS'],
  pages: ['DYNAMODB_MAX_SOCKETS'],
  fanout: ['DYNAMODB_MAX_SOCKETS', ...NOTICE_TUNING],
  notify: ['DYNAMODB_MAX_SOCKETS', ...NOTICE_TUNING, 'SES_MAX_SEND_RATE', 'SES_RATE_SHARES', 'LINK_TTL_DAYS'],
};
