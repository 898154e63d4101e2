// Typed failures of the use cases in lib/services; lib/http/router maps each to one HTTP status.

export class NotFoundError extends Error {}
export class ConflictError extends Error {}
export class PreconditionFailedError extends Error {}
export class IdempotencyKeyReusedError extends Error {}
/** Storage could not answer (throttled, timed out, unreachable): the caller may retry. */
export class StorageUnavailableError extends Error {}
