import * as v from 'valibot';
import { canonicalTag } from '../../domain/language.ts';
import { invalidField } from './problem.ts';
import { languageTag, memberId, parseInstant, POLICY_ID_PATTERN } from './schemas.ts';

export const memberIdParam = memberId;
/** Any string: a purpose no policy defines is answered 404 by the use case, not 400. */
export const purposeParam = v.string();
export const policyIdParam = v.pipe(
  v.string(),
  v.regex(POLICY_ID_PATTERN, 'must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit'),
);

/** A BCP 47 language tag ('fr', 'fr-CA'), checked as Intl reads it, in its canonical form ('fr-ca' → 'fr-CA'). */
export const languageTagParam = v.pipe(languageTag, v.transform((tag) => canonicalTag(tag) as string));

/** Any run id up to 200 characters: one the ledger never issued is answered 404, not 400. */
export const runIdParam = v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'));

/** `runId` names the question by itself: with `at` or `knownAt` too, which one would count? (400) */
export function exclusiveRunId(runId: string | undefined, others: { at?: unknown; knownAt?: unknown }, field: string): void {
  if (runId !== undefined && (others.at !== undefined || others.knownAt !== undefined)) {
    throw invalidField(field, 'exclusive', 'must not be given with at or knownAt: a run pins both (its snapshotAt and pinnedAt)');
  }
}

/** `?at=`: optional ISO 8601 instant. */
export function atQuery(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = parseInstant(value);
  if (!at) {
    throw invalidField('query.at', 'format', 'must be an ISO 8601 date or date-time with a time zone, e.g. 2025-01-01T00:00:00Z');
  }
  return at;
}

/** A `knownAt` (query or body field `field`): an instant, not later than `now`. */
export function knownAtValue(value: string | undefined, now: Date, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const knownAt = parseInstant(value);
  if (!knownAt) throw invalidField(field, 'format', 'must be an ISO 8601 date or date-time with a time zone, e.g. 2025-01-01T00:00:00Z');
  if (knownAt.getTime() > now.getTime()) throw invalidField(field, 'not_in_future', 'must not be later than now: the ledger cannot know the future');
  return knownAt;
}

/** Idempotency-Key: 1-255 visible ASCII characters. */
export function idempotencyKeyHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw invalidField('header.idempotency-key', 'pattern', 'must be 1-255 visible ASCII characters');
  }
  return value;
}

/** `?limit=` of a paged list: an integer from 1 to `max`. */
export function limitQuery(value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw invalidField('query.limit', 'range', `must be an integer from 1 to ${max}`);
  }
  return Number(value);
}
