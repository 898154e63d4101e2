// Request schemas: every input the API accepts is checked here, so handlers see only valid data.
import * as v from 'valibot';
import { isCountryCode, isJurisdictionCode, isSubdivisionCode } from '../../domain/jurisdictions.ts';
import type { Clock } from '../../app/ports/clock.ts';
import { CHOICES, isBornBy } from '../../domain/member.ts';
import { canonicalTag, isLanguageTag } from '../../domain/language.ts';
import { AI_PREFERENCES, LEGAL_BASES, REGIMES, type LocalizedText, type PolicyVersion } from '../../domain/policy.ts';
import { invalidRequest, type FieldError } from './problem.ts';

export const MAX_BATCH_SIZE = 1000;
export const MEMBER_ID_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
export const PURPOSE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const POLICY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An ISO 8601 instant: a date (midnight UTC) or a date-time with an explicit zone. A local time
 * without a zone is ambiguous, so it is refused rather than guessed.
 */
export function parseInstant(value: string): Date | undefined {
  const m = INSTANT.exec(value);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return undefined;
  const time = Date.parse(m[4] === undefined ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

const INSTANT_MESSAGE = 'format: must be an ISO 8601 date or date-time with a time zone, e.g. 2025-01-01T00:00:00Z';
export const instant = v.pipe(
  v.string('must be a string'),
  v.check((value) => parseInstant(value) !== undefined, INSTANT_MESSAGE),
);

export const memberId = v.pipe(
  v.string('must be a string'),
  v.regex(MEMBER_ID_PATTERN, 'must be 1-128 characters of A-Z a-z 0-9 . _ : @ -'),
);

const countryCode = v.pipe(
  v.string('must be a string'),
  v.check(isCountryCode, 'country_code: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. US'),
);

/**
 * A member profile. A birth date must not be in the future by `clock` (the service's clock, read
 * when the request is checked), so the schema is made per clock.
 */
export function memberProfileSchema(clock: Clock) {
  return v.pipe(
    v.strictObject({
      email: v.pipe(
        v.string('must be a string'),
        v.maxLength(254, 'must be at most 254 characters'),
        v.email('must be an email address'),
      ),
      country: countryCode,
      subdivision: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.check(isSubdivisionCode, 'subdivision_code: must be an ISO 3166-2 subdivision code, e.g. US-CA'),
        ),
      ),
      birthDate: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.check(isDate, 'date: must be a calendar date YYYY-MM-DD'),
          v.check((birthDate) => isBornBy(birthDate, clock.now()), 'not_in_future: must not be after today (UTC)'),
        ),
      ),
      suspectedMinor: v.optional(v.boolean('must be true or false')),
      locale: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, e.g. en-US'),
          v.maxLength(35, 'must be at most 35 characters'),
        ),
      ),
    }),
    v.forward(
      v.check(
        (profile) => profile.subdivision === undefined || profile.subdivision.startsWith(`${profile.country}-`),
        'subdivision_of_country: must be a subdivision of the member\'s country',
      ),
      ['subdivision'],
    ),
  );
}
export type MemberProfileInput = v.InferOutput<ReturnType<typeof memberProfileSchema>>;

/** Announcing takes no options yet; an empty object is accepted, anything else is a typo. */
export const announceBody = v.strictObject({});

export const choiceBody = v.strictObject({
  choice: v.picklist(CHOICES, 'must be "granted" or "denied"'),
});

export const batchBody = v.strictObject({
  memberIds: v.pipe(
    v.array(memberId, 'must be an array of member ids'),
    v.minLength(1, 'must hold at least 1 member id'),
    v.maxLength(MAX_BATCH_SIZE, `must hold at most ${MAX_BATCH_SIZE} member ids`),
  ),
  at: v.optional(instant),
  knownAt: v.optional(instant),
  runId: v.optional(v.pipe(v.string('must be a string'), v.maxLength(200, 'must be at most 200 characters'))),
});

const runText = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters'));

/** A training run to register; that snapshotAt is not after the request is checked by the use case. */
export const runBody = v.strictObject({
  purpose: v.pipe(v.string('must be a string'), v.maxLength(200, 'must be at most 200 characters')),
  snapshotAt: instant,
  name: runText,
  model: v.optional(runText),
  dataset: v.optional(runText),
});

const regimeRule = v.pipe(
  v.strictObject({
    regime: v.picklist(REGIMES, `must be one of ${REGIMES.join(', ')}`),
    legalBasis: v.optional(v.picklist(LEGAL_BASES, `must be one of ${LEGAL_BASES.join(', ')}`)),
    honorGpc: v.optional(v.boolean('must be true or false')),
  }),
  v.forward(
    v.check(
      (rule) => rule.regime === 'excluded' || rule.legalBasis !== undefined,
      'required_unless_excluded: is required unless the regime is excluded',
    ),
    ['legalBasis'],
  ),
);

const LANGUAGE_TAG_MESSAGE = 'language_tag: must be a BCP 47 language tag, e.g. fr or fr-CA';
export const languageTag = v.pipe(
  v.string('must be a string'),
  v.maxLength(35, 'must be at most 35 characters'),
  v.check(isLanguageTag, LANGUAGE_TAG_MESSAGE),
);

/** A translated text: never empty, at most `max` characters. */
const text = (max: number) =>
  v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

/**
 * A member-facing text of a version: a string (in the version's defaultLocale, `en` when absent;
 * what every v1 body sends) or an object of BCP 47 tag to text. That an object holds the default
 * locale's text is a rule on recording the version (lib/domain/policy-texts.ts, 422).
 */
const localizedText = (max: number) =>
  v.union(
    [
      v.pipe(v.string('must be a string'), v.maxLength(max, `must be at most ${max} characters`)),
      v.pipe(
        v.record(v.pipe(v.string(), v.check(isLanguageTag, LANGUAGE_TAG_MESSAGE)), text(max), 'must be an object of language tag to text'),
        v.check((texts) => Object.keys(texts).length > 0, 'min_properties: must hold at least one text'),
      ),
    ],
    'must be a string, or an object of BCP 47 language tag to text',
  );

const purposePolicy = v.strictObject({
  description: v.optional(localizedText(500)),
  setting: v.optional(localizedText(200)),
  default: regimeRule,
  rules: v.pipe(
    v.record(
      v.pipe(v.string(), v.check(isJurisdictionCode, 'jurisdiction_code: must be EU, EEA, a country (GB) or a subdivision (US-CA)')),
      regimeRule,
      'must be an object of jurisdiction code to rule',
    ),
  ),
  minimumAge: v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(0, 'must be at least 0'),
    v.maxValue(150, 'must be at most 150'),
  ),
  noticePeriodDays: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.integer('must be a whole number'),
      v.minValue(0, 'must be at least 0'),
      v.maxValue(3650, 'must be at most 3650'),
    ),
  ),
  aiPreference: v.optional(
    v.pipe(
      v.picklist(AI_PREFERENCES, `must be a category of use of draft-ietf-aipref-vocab-08 this service answers for: ${AI_PREFERENCES.join(', ')}`),
      v.description('The IETF AI Preferences category (draft-ietf-aipref-vocab-08) this purpose is; GET /v1/members/{memberId}/content-usage tells it to crawlers'),
    ),
  ),
});

// That announcedAt is not after effectiveAt, and that effectiveAt is late enough, are rules on
// recording a version (lib/domain/policy.ts, 422), not its shape: checked after this.
export const policyBody = v.strictObject({
  announcedAt: instant,
  effectiveAt: instant,
  defaultLocale: v.optional(languageTag),
  summary: v.optional(localizedText(2000)),
  purposes: v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(PURPOSE_PATTERN, 'must be a purpose id of lower-case letters, digits and dashes')),
      purposePolicy,
      'must be an object of purpose id to purpose policy',
    ),
    v.check((purposes) => Object.keys(purposes).length > 0, 'min_properties: must define at least one purpose'),
  ),
});
export type PolicyInput = v.InferOutput<typeof policyBody>;

/** A tag as checked by languageTag, in its canonical form. */
const canonical = (tag: string): string => canonicalTag(tag) as string;

/** A text's language tags in their canonical form ('fr-ca' → 'fr-CA'). */
function canonicalText<T extends LocalizedText | undefined>(text: T): T {
  if (text === undefined || typeof text === 'string') return text;
  return Object.fromEntries(Object.entries(text).map(([tag, value]) => [canonical(tag), value])) as T;
}

/**
 * A PUT body as the version it records; instants normalised to UTC milliseconds and language tags
 * to their canonical form, so equal policies compare equal.
 */
export function toPolicyVersion(policyId: string, input: PolicyInput): PolicyVersion {
  const purposes = Object.fromEntries(
    Object.entries(input.purposes).map(([purpose, { setting, description, ...rest }]) => [
      purpose,
      { ...(description === undefined ? {} : { description: canonicalText(description) }), ...(setting === undefined ? {} : { setting: canonicalText(setting) }), ...rest },
    ]),
  );
  return {
    id: policyId,
    announcedAt: (parseInstant(input.announcedAt) as Date).toISOString(),
    effectiveAt: (parseInstant(input.effectiveAt) as Date).toISOString(),
    ...(input.defaultLocale === undefined ? {} : { defaultLocale: canonical(input.defaultLocale) }),
    ...(input.summary === undefined ? {} : { summary: canonicalText(input.summary) }),
    purposes,
  };
}

/**
 * The texts of one language added to a recorded version (`PUT /v1/policies/{id}/texts/{locale}`):
 * any of the version's texts, at least one. That each translates a text the version has is a
 * rule on recording it (lib/domain/policy-texts.ts, 422).
 */
export const policyTranslationBody = v.pipe(
  v.strictObject({
    summary: v.optional(text(2000)),
    purposes: v.optional(
      v.record(
        v.pipe(v.string(), v.regex(PURPOSE_PATTERN, 'must be a purpose id of lower-case letters, digits and dashes')),
        v.pipe(
          v.strictObject({ setting: v.optional(text(200)), description: v.optional(text(500)) }),
          v.check((texts) => texts.setting !== undefined || texts.description !== undefined, 'min_properties: must hold setting or description'),
        ),
        'must be an object of purpose id to its texts',
      ),
    ),
  }),
  v.check(
    (texts) => texts.summary !== undefined || Object.keys(texts.purposes ?? {}).length > 0,
    'min_properties: must hold at least one text (summary, or purposes with a setting or description)',
  ),
);

/** Valibot issue types, renamed to the rule names the API documents. */
const RULE_NAMES: Record<string, string> = {
  strict_object: 'unknown_field',
  object: 'type',
  string: 'type',
  number: 'type',
  boolean: 'type',
  array: 'type',
  record: 'type',
  picklist: 'enum',
  regex: 'pattern',
  union: 'type',
};

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** Custom checks name their rule at the start of their message: "rule_name: detail". */
const NAMED_RULE = /^([a-z0-9_]+): (.*)$/s;

function toFieldErrors(prefix: string, issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => String(item.key));
    const field = [prefix, ...keys].filter((part) => part !== '').join('.');
    // A missing key is reported like any schema mismatch, with no input.
    if (issue.kind === 'schema' && issue.input === undefined && keys.length > 0) {
      return { field, rule: 'required', detail: 'is required' };
    }
    if (issue.type === 'strict_object' && keys.length > 0) {
      return { field, rule: 'unknown_field', detail: `is not a known field (${truncate(keys[keys.length - 1] as string)})` };
    }
    const named = NAMED_RULE.exec(issue.message);
    if (named) return { field, rule: named[1] as string, detail: truncate(named[2] as string, 200) };
    return { field, rule: RULE_NAMES[issue.type] ?? issue.type, detail: truncate(issue.message, 200) };
  });
}

/** Parses `input` or throws a 400 problem naming each failing field and rule. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, prefix: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) throw invalidRequest(toFieldErrors(prefix, result.issues));
  return result.output;
}
