// How the stores read DynamoDB's failures: which are the storage's (retry later), which are a
// condition that did not hold, and which are a collision with a concurrent transaction.
import { StorageUnavailableError } from '../../app/errors.ts';
import { CONTENTION, retry } from '../../app/retry.ts';

const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * True when the failure is the storage's (retry later), not the caller's or ours: throttling,
 * server faults, and anything without a service answer at all (refused, reset, timed out).
 */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const fault = (error as Error & { $fault?: string }).$fault;
  return RETRYABLE_ERRORS.has(error.name) || fault !== 'client';
}

/** The error to throw for a failed storage call: StorageUnavailableError when it is the storage's fault. */
export function storageError(error: unknown): unknown {
  return isUnavailable(error)
    ? new StorageUnavailableError(`storage unavailable: ${(error as Error).name}`, { cause: error })
    : error;
}

/** Keys a BatchGetItem answer left unprocessed; the last one is what the caller gets. */
export class UnprocessedKeysError extends StorageUnavailableError {}

export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storageError(error);
  }
}

type Reasons = { CancellationReasons?: { Code?: string }[] };
/** The codes a cancelled transaction gives, one per item (empty for any other error). */
export const reasonsOf = (error: Error) => ((error as Error & Reasons).CancellationReasons ?? []).map((reason) => reason.Code);

/** A condition that did not hold, as opposed to a conflict with a concurrent transaction. */
function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  const reasons = reasonsOf(error);
  return error.name === 'TransactionCanceledException' && reasons.includes('ConditionalCheckFailed') && !reasons.includes('TransactionConflict');
}

/** A plain write refused because a transaction holds its item for now: worth sending again shortly. */
export const isHeldByTransaction = (error: unknown) => error instanceof Error && error.name === 'TransactionConflictException';

export const isTransactionConflict = (error: unknown) =>
  error instanceof Error && error.name === 'TransactionCanceledException' && reasonsOf(error).includes('TransactionConflict');

/**
 * Runs a conditional write: true when applied, false when its condition did not hold. A
 * transaction that collided with another one on the same item is tried again.
 */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await retry(() => guarded(write), { ...CONTENTION, retryable: isTransactionConflict });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
