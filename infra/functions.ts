// What each function is, how its queue feeds it and which environment variables it is given: read
// by the CDK stack (infra/stack.ts) and the local stack (infra/local/), so both run the consumers
// with the same settings and give each function the same variable names: a variable missing from
// one function fails at its cold start locally as it would in Lambda (issue 12). No CDK imports
// here: the local stack loads this module.
import { join } from 'node:path';
import { RECEIPT_KEY } from '../lib/adapters/dynamo/receipt-keys.ts';
import { PROJECT_ROOT } from './paths.ts';

/** THE list of functions: every other list (specs, environments, bundles) is keyed by it. */
export const HANDLERS = ['public', 'admin', 'consents', 'eligibility', 'optout', 'pages', 'fanout', 'notify', 'publish'] as const;
export type HandlerName = (typeof HANDLERS)[number];

/** Each function's composition root. */
export const handlerEntry = (name: HandlerName): string => join(PROJECT_ROOT, 'functions', `${name}.ts`);

/** What each handler is: its size, its time limit, and which DynamoDB actions it uses. */
export interface FunctionSpec {
  memoryMb: number;
  timeoutSeconds: number;
  tableActions: string[];
  /** When set, the table actions are granted on items of these partition keys only (dynamodb:LeadingKeys). */
  tablePartitions?: readonly string[];
}

/**
 * Each function is granted only the DynamoDB actions its code sends. TransactWriteItems is
 * authorised per item action (PutItem, UpdateItem), so it needs no action of its own.
 */
export const FUNCTIONS: Record<HandlerName, FunctionSpec> = {
  // Query: the receipt keys it publishes (GET /.well-known/jwks.json), and no other partition.
  public: { memoryMb: 256, timeoutSeconds: 5, tableActions: ['dynamodb:Query'], tablePartitions: [RECEIPT_KEY] },
  admin: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  consents: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  // PutItem: registering a training run (with its Idempotency-Key mark, in one transaction).
  eligibility: { memoryMb: 1024, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'] },
  optout: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  // Scan: the dashboard's eligibility sample (bounded: lib/app/dashboard.ts SAMPLE).
  pages: { memoryMb: 1024, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan'] },
  fanout: { memoryMb: 512, timeoutSeconds: 60, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan'] },
  // BatchGetItem: the look right before sending, at the recipients' hot items, for an erasure.
  notify: { memoryMb: 1024, timeoutSeconds: 60, tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  // Query: the policy list (the version in force at a choice). Reading the stream is granted apart.
  publish: { memoryMb: 512, timeoutSeconds: 30, tableActions: ['dynamodb:Query'] },
};

/**
 * The one function deployed only with the stack's own Cognito user pool (-c cognito=true): its
 * pre-token-generation trigger, which puts the admin scope in the access tokens of the admin
 * group's members. The local stack does not run it: its own identity provider grants the admin
 * scope itself. Cognito waits 5 s for a trigger.
 */
export const ADMIN_SCOPE_TRIGGER = {
  entry: join(PROJECT_ROOT, 'functions', 'admin-scope.ts'),
  spec: { memoryMb: 256, timeoutSeconds: 5, tableActions: [] } satisfies FunctionSpec,
  environment: ['ADMIN_GROUP', 'ADMIN_SCOPE'],
} as const;

/** A visibility timeout of at least six times the consumer's timeout, as AWS advises for Lambda. */
export const VISIBILITY_FACTOR = 6;
export const MAX_RECEIVE_COUNT = 5;
/** A consumer sends one SendBulkEmail (50 emails) a second at most usefully; more would only wait. */
export const EMAILS_PER_CONSUMER_SECOND = 50;

/** The fan-out event source mapping: messages per invocation and concurrent consumers. */
export const FANOUT_CONSUMER = { batchSize: 5, maxConcurrency: 4 } as const;

/**
 * The change stream's event source mapping. A batch of up to 500 records (about 2 MB of new and
 * old images, well inside an invocation's 6 MB) is published in up to 4 lanes of full 10-entry
 * PublishBatch calls (lib/adapters/sns.ts), so one shard keeps up with its partition's writes; a
 * one-second window lets a quiet stream gather them. A failing batch is split in two
 * (bisect) until the change at fault stands alone; after `retryAttempts` retries its details go
 * to the publish DLQ (an alarm watches it) and the shard moves on.
 */
export const PUBLISH_CONSUMER = { batchSize: 500, maxBatchingWindowSeconds: 1, retryAttempts: 10, bisectOnError: true } as const;

/** Every function. */
export const COMMON_ENVIRONMENT = ['TABLE_NAME', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS'] as const;

/** What a function that reads callers needs: the names its tokens use for the member id claim and the scopes. */
const TOKEN_NAMES = ['MEMBER_ID_CLAIM', 'ADMIN_SCOPE', 'ELIGIBILITY_SCOPE'] as const;

/** Each function's own variables, on top of COMMON_ENVIRONMENT. */
export const FUNCTION_ENVIRONMENT = {
  public: [],
  admin: ['FANOUT_QUEUE_URL', ...TOKEN_NAMES],
  // The consent record's withdrawal method is the settings page's public address; the functions
  // that record choices sign their receipts (lib/adapters/compose/receipts.ts).
  consents: ['PUBLIC_BASE_URL', 'RECEIPT_KMS_KEY_ARN', ...TOKEN_NAMES],
  eligibility: [...TOKEN_NAMES],
  optout: ['LINK_SIGNING_KEY_SECRET_ARN', 'RECEIPT_KMS_KEY_ARN'],
  pages: [
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'JWT_JWKS_URL',
    ...TOKEN_NAMES,
    'OIDC_CLIENT_ID',
    'OIDC_REDIRECT_URI',
    'OIDC_SCOPE',
    'OIDC_LOGOUT_URL',
    'FANOUT_DLQ_URL',
    'NOTICE_DLQ_URL',
    'PUBLIC_BASE_URL',
    'RECEIPT_KMS_KEY_ARN',
  ],
  fanout: ['FANOUT_QUEUE_URL', 'NOTICE_QUEUE_URL', 'NOTICE_RECIPIENTS_PER_MESSAGE'],
  notify: [
    'NOTICE_QUEUE_URL',
    'LINK_SIGNING_KEY_SECRET_ARN',
    'NOTICE_FROM_ADDRESS',
    'NOTICE_TEMPLATE_NAME',
    'SES_CONFIGURATION_SET',
    'SES_MAX_SEND_RATE',
    'SES_RATE_SHARES',
    'PUBLIC_BASE_URL',
  ],
  publish: ['EVENT_TOPIC_ARN', 'EVENT_SOURCE'],
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
  publish: ['DYNAMODB_MAX_SOCKETS'],
};
