// What each function is and how its queue feeds it: read by the CDK stack (infra/stack.ts) and the
// local stack (infra/local/stack.ts), so both run the consumers with the same settings. No CDK
// imports here: the local stack loads this module.
import type { HandlerName } from './bundling.ts';

/** What each handler is: its size, its time limit, and which DynamoDB actions it uses. */
export interface FunctionSpec {
  memoryMb: number;
  timeoutSeconds: number;
  tableActions: string[];
}

/**
 * Each function is granted only the DynamoDB actions its code sends. TransactWriteItems is
 * authorised per item action (PutItem, UpdateItem), so it needs no action of its own.
 */
export const FUNCTIONS: Record<HandlerName, FunctionSpec> = {
  public: { memoryMb: 256, timeoutSeconds: 5, tableActions: [] },
  admin: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  consents: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  eligibility: { memoryMb: 1024, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] },
  optout: { memoryMb: 512, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
  // Scan: the dashboard's eligibility sample (bounded: lib/app/dashboard.ts SAMPLE).
  pages: { memoryMb: 1024, timeoutSeconds: 10, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan'] },
  fanout: { memoryMb: 512, timeoutSeconds: 60, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan'] },
  notify: { memoryMb: 1024, timeoutSeconds: 60, tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'] },
};

/** A visibility timeout of at least six times the consumer's timeout, as AWS advises for Lambda. */
export const VISIBILITY_FACTOR = 6;
export const MAX_RECEIVE_COUNT = 5;
/** A consumer sends one SendBulkEmail (50 emails) a second at most usefully; more would only wait. */
export const EMAILS_PER_CONSUMER_SECOND = 50;

/** The fan-out event source mapping: messages per invocation and concurrent consumers. */
export const FANOUT_CONSUMER = { batchSize: 5, maxConcurrency: 4 } as const;
