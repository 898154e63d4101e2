// Typed failures of the use cases in lib/app; lib/web/api/framework.ts (toProblem) maps each to one HTTP status.

export class NotFoundError extends Error {}
/** The thing existed and was erased for good (410): a member after DELETE. */
export class GoneError extends Error {}
export class ConflictError extends Error {}
export class PreconditionFailedError extends Error {}
export class IdempotencyKeyReusedError extends Error {}
/** A request value that no answer can be given for, named by field and rule (the HTTP layer answers 400). */
export class InvalidInputError extends Error {
  readonly field: string;
  readonly rule: string;
  constructor(field: string, rule: string, detail: string) {
    super(detail);
    this.field = field;
    this.rule = rule;
  }
}
/** Storage could not answer (throttled, timed out, unreachable): the caller may retry. */
export class StorageUnavailableError extends Error {}
/** A well-formed request that breaks a business rule (422); each violation names field and rule. */
export class RuleViolationError extends Error {
  readonly violations: readonly { field: string; rule: string; detail: string }[];

  constructor(violations: readonly { field: string; rule: string; detail: string }[]) {
    super(violations.map((violation) => `${violation.field}: ${violation.detail}`).join('; '));
    this.violations = violations;
  }
}
/** The answer is not final yet (a run's pin has not settled): ask again after `retryAfterSeconds` (503). */
export class NotSettledError extends Error {
  readonly retryAfterSeconds: number;
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
