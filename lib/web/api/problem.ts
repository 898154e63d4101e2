// RFC 9457 problem details. Every error the API returns is one of these.

export interface FieldError {
  /** Dotted path into the request, e.g. "body.memberIds.3" or "path.memberId". */
  field: string;
  /** The rule that failed, e.g. "pattern", "max_length", "unknown_field". */
  rule: string;
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TYPE_BASE = 'urn:consent-ledger:problem:';

export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    type: string,
    title: string,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.type = TYPE_BASE + type;
    this.title = title;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toBody(): ProblemBody {
    const body: ProblemBody = { type: this.type, title: this.title, status: this.status, detail: this.message };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export function invalidRequest(errors: FieldError[]): HttpProblem {
  const first = errors[0];
  const detail = first ? `${first.field}: ${first.detail} (rule: ${first.rule})` : 'The request is invalid.';
  return new HttpProblem(400, 'invalid-request', 'Invalid request', detail, { errors });
}

export function invalidField(field: string, rule: string, detail: string): HttpProblem {
  return invalidRequest([{ field, rule, detail }]);
}

export const problems = {
  unauthorized: () =>
    new HttpProblem(401, 'unauthorized', 'Unauthorized', 'A valid bearer token is required.'),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', 'Conflict', detail),
  gone: (detail: string) => new HttpProblem(410, 'gone', 'Gone', detail),
  preconditionFailed: (detail: string) =>
    new HttpProblem(412, 'precondition-failed', 'Precondition failed', detail),
  payloadTooLarge: (detail: string) => new HttpProblem(413, 'payload-too-large', 'Payload too large', detail),
  unsupportedMediaType: (detail: string) =>
    new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail),
  idempotencyKeyReused: () =>
    new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request; use a new key.',
    ),
  /** Well formed, but a business rule refuses it; `errors` name each field and rule. */
  ruleViolated: (errors: FieldError[]) => {
    const first = errors[0];
    const detail = first ? `${first.field}: ${first.detail} (rule: ${first.rule})` : 'The request breaks a rule.';
    return new HttpProblem(422, 'rule-violated', 'Rule violated', detail, { errors });
  },
  linkRefused: (status: number, reason: string, detail: string) =>
    new HttpProblem(status, `link-${reason.replace('_', '-')}`, 'Link refused', detail),
  serviceUnavailable: (detail: string, retryAfterSeconds = 1) =>
    new HttpProblem(503, 'service-unavailable', 'Service unavailable', detail, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};
