// Request validation: instants, dates and the body schemas, through parseOrThrow's 400 problems.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { GenericSchema } from 'valibot';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import { HttpProblem, type FieldError } from '../../lib/web/api/problem.ts';
import {
  batchBody,
  choiceBody,
  isDate,
  MAX_BATCH_SIZE,
  memberProfileSchema,
  parseInstant,
  parseOrThrow,
  policyBody,
  policyTranslationBody,
  toPolicyVersion,
} from '../../lib/web/api/schemas.ts';
import { languageTagParam } from '../../lib/web/api/params.ts';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Parses with prefix "body" and returns the thrown problem; fails the test if nothing is thrown. */
function problemOf(schema: GenericSchema, input: unknown): HttpProblem {
  try {
    parseOrThrow(schema, input, 'body');
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    return error as HttpProblem;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

function firstError(schema: GenericSchema, input: unknown): FieldError {
  const problem = problemOf(schema, input);
  expect(problem.status).toBe(400);
  expect(problem.errors?.length ?? 0).toBeGreaterThan(0);
  return problem.errors?.[0] as FieldError;
}

/** The service's clock for member profiles: birth dates after its UTC day are in the future. */
const clock = fixedClock(new Date('2025-06-01T12:00:00.000Z'));
const memberProfileBody = memberProfileSchema(clock);

const profileBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  email: 'alice@example.com',
  country: 'US',
  ...overrides,
});

const without = (body: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...body };
  delete copy[key];
  return copy;
};

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `member-${i}`);

const OPT_OUT = { regime: 'opt_out', legalBasis: 'legitimate_interest' };

function purposeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { default: OPT_OUT, rules: { EU: { regime: 'excluded' } }, minimumAge: 18, ...overrides };
}

function policyInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    announcedAt: '2025-09-18T00:00:00Z',
    effectiveAt: '2025-11-03T00:00:00Z',
    purposes: { 'genai-training': purposeBody() },
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// parseInstant and isDate
// ---------------------------------------------------------------------------------------------

describe('parseInstant', () => {
  it.each([
    ['2025-01-01', '2025-01-01T00:00:00.000Z'],
    ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['2025-01-01T00:00:00.123+02:00', '2024-12-31T22:00:00.123Z'],
    ['2025-06-01T12:00:00-05:00', '2025-06-01T17:00:00.000Z'],
    ['2025-01-01T23:59:59Z', '2025-01-01T23:59:59.000Z'],
    ['2025-01-01T00:00Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2025-11-03T00:00:00.000Z', '2025-11-03T00:00:00.000Z'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseInstant(input)?.toISOString()).toBe(expected);
  });

  it.each([
    ['2025-02-30', 'not a calendar date'],
    ['2023-02-29', 'not a leap year'],
    ['2025-01-01T00:00:00', 'no time zone'],
    ['2025-13-01', 'month 13'],
    ['2025-00-10', 'month 0'],
    ['yesterday', 'not ISO 8601'],
    ['2025-01-01T25:00:00Z', 'hour 25'],
    ['2025-01-01T12:60:00Z', 'minute 60'],
    ['2025-01-01T12:00:60Z', 'second 60'],
    ['2025-1-1', 'unpadded'],
    ['2025-01-01 00:00:00Z', 'space instead of T'],
    [' 2025-01-01', 'leading space'],
    ['1735689600000', 'epoch milliseconds'],
    ['', 'empty'],
  ])('rejects %j (%s)', (input) => {
    expect(parseInstant(input)).toBeUndefined();
  });
});

describe('isDate', () => {
  it.each([
    ['2025-01-01', true],
    ['2024-02-29', true],
    ['2025-12-31', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00:00Z', false],
    ['01/01/2025', false],
    ['', false],
  ])('%j → %s', (input, expected) => {
    expect(isDate(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// memberProfileBody
// ---------------------------------------------------------------------------------------------

describe('memberProfileBody', () => {
  it.each([
    { name: 'minimal', body: profileBody() },
    { name: 'every field', body: profileBody({ subdivision: 'US-CA', birthDate: '1990-05-05', suspectedMinor: false, locale: 'en-US' }) },
    { name: 'a subdivision of the country', body: profileBody({ country: 'CA', subdivision: 'CA-QC', locale: 'fr-CA' }) },
    { name: 'a 29 February birth date', body: profileBody({ birthDate: '2008-02-29' }) },
  ])('accepts a valid body: $name', ({ body }) => {
    expect(parseOrThrow(memberProfileBody, body, 'body')).toEqual(body);
  });

  it('reports an unknown field as a 400 problem naming the field and rule', () => {
    const problem = problemOf(memberProfileBody, profileBody({ extra: 1 }));
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem.status).toBe(400);
    expect(problem.errors?.[0]).toMatchObject({ field: 'body.extra', rule: 'unknown_field' });
  });

  it.each([
    { name: 'unknown field', body: profileBody({ extra: 1 }), field: 'body.extra', rule: 'unknown_field' },
    { name: 'unknown field (typo of a known one)', body: profileBody({ birthdate: '1990-05-05' }), field: 'body.birthdate', rule: 'unknown_field' },
    { name: 'missing email', body: without(profileBody(), 'email'), field: 'body.email', rule: 'required' },
    { name: 'missing country', body: without(profileBody(), 'country'), field: 'body.country', rule: 'required' },
    { name: 'bad country XX', body: profileBody({ country: 'XX' }), field: 'body.country' },
    { name: 'lower-case country', body: profileBody({ country: 'us' }), field: 'body.country' },
    { name: 'UK is not ISO', body: profileBody({ country: 'UK' }), field: 'body.country' },
    { name: 'subdivision of another country', body: profileBody({ country: 'US', subdivision: 'CA-QC' }), field: 'body.subdivision' },
    { name: 'malformed subdivision', body: profileBody({ subdivision: 'US-' }), field: 'body.subdivision' },
    { name: 'bad email', body: profileBody({ email: 'not-an-email' }), field: 'body.email' },
    { name: 'email not a string', body: profileBody({ email: 42 }), field: 'body.email' },
    { name: 'email longer than 254', body: profileBody({ email: `${'a'.repeat(250)}@example.com` }), field: 'body.email' },
    { name: 'impossible birth date', body: profileBody({ birthDate: '2025-02-30' }), field: 'body.birthDate' },
    { name: 'birth date with a time', body: profileBody({ birthDate: '1990-05-05T00:00:00Z' }), field: 'body.birthDate' },
    { name: 'suspectedMinor not a boolean', body: profileBody({ suspectedMinor: 'yes' }), field: 'body.suspectedMinor' },
    { name: 'bad locale', body: profileBody({ locale: 'english!' }), field: 'body.locale', rule: 'pattern' },
  ])('rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(memberProfileBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
    expect(error.detail).toEqual(expect.any(String));
  });

  it('reports every failing field, not only the first', () => {
    const problem = problemOf(memberProfileBody, { email: 'nope', country: 'XX' });
    expect(problem.errors?.map((e) => e.field)).toEqual(['body.email', 'body.country']);
  });

  it.each([
    { name: 'XK (Kosovo, user-assigned but used by the EU and most registries)', body: profileBody({ country: 'XK' }) },
    { name: 'a territory resolving through its state (RE)', body: profileBody({ country: 'RE' }) },
  ])('accepts the country $name', ({ body }) => {
    expect(parseOrThrow(memberProfileBody, body, 'body')).toEqual(body);
  });
});

describe('memberProfileBody: a birth date is not in the future (the service clock reads 2025-06-01T12:00Z)', () => {
  it.each([
    { birthDate: '1990-05-05', accepted: true },
    { birthDate: '2025-05-31', accepted: true },
    { birthDate: '2025-06-01', accepted: true }, // born today
    { birthDate: '2025-06-02', accepted: false }, // tomorrow
    { birthDate: '2026-01-01', accepted: false },
    { birthDate: '9999-12-31', accepted: false },
  ])('$birthDate → accepted $accepted', ({ birthDate, accepted }) => {
    const body = profileBody({ birthDate });
    if (accepted) {
      expect(parseOrThrow(memberProfileBody, body, 'body')).toEqual(body);
    } else {
      const problem = problemOf(memberProfileBody, body);
      expect(problem.status).toBe(400);
      expect(problem.errors).toEqual([{ field: 'body.birthDate', rule: 'not_in_future', detail: 'must not be after today (UTC)' }]);
      expect(problem.message).toBe('body.birthDate: must not be after today (UTC) (rule: not_in_future)');
    }
  });

  it('reads the clock when the request is checked, not when the schema is made', () => {
    const moving = fixedClock(new Date('2025-06-01T23:59:59.999Z'));
    const schema = memberProfileSchema(moving);
    expect(firstError(schema, profileBody({ birthDate: '2025-06-02' })).rule).toBe('not_in_future');
    moving.advance(1);
    expect(parseOrThrow(schema, profileBody({ birthDate: '2025-06-02' }), 'body')).toMatchObject({ birthDate: '2025-06-02' });
  });

  it('reports a future birth date along with the other failing fields', () => {
    const problem = problemOf(memberProfileBody, { email: 'nope', country: 'US', birthDate: '2030-01-01' });
    expect(problem.errors?.map((e) => [e.field, e.rule])).toEqual([['body.email', 'email'], ['body.birthDate', 'not_in_future']]);
  });
});

// ---------------------------------------------------------------------------------------------
// batchBody and choiceBody
// ---------------------------------------------------------------------------------------------

describe('batchBody', () => {
  it.each([
    { name: '1 id', body: { memberIds: ids(1) } },
    { name: `${MAX_BATCH_SIZE} ids`, body: { memberIds: ids(MAX_BATCH_SIZE) } },
    { name: 'ids using every allowed character', body: { memberIds: ['Az09._:@-', 'x'.repeat(128)] } },
    { name: 'with at', body: { memberIds: ids(2), at: '2025-01-01T00:00:00Z' } },
  ])('accepts $name', ({ body }) => {
    expect(parseOrThrow(batchBody, body, 'body')).toEqual(body);
  });

  it.each([
    { name: '0 ids', body: { memberIds: [] }, field: 'body.memberIds' },
    { name: `${MAX_BATCH_SIZE + 1} ids`, body: { memberIds: ids(MAX_BATCH_SIZE + 1) }, field: 'body.memberIds' },
    { name: 'memberIds not an array', body: { memberIds: 'member-1' }, field: 'body.memberIds' },
    { name: 'missing memberIds', body: {}, field: 'body.memberIds', rule: 'required' },
    { name: 'a member id with a space', body: { memberIds: ['ok', 'a b'] }, field: 'body.memberIds.1', rule: 'pattern' },
    { name: 'an empty member id', body: { memberIds: [''] }, field: 'body.memberIds.0', rule: 'pattern' },
    { name: 'a member id of 129 characters', body: { memberIds: ['x'.repeat(129)] }, field: 'body.memberIds.0', rule: 'pattern' },
    { name: 'a member id with a slash', body: { memberIds: ['a/b'] }, field: 'body.memberIds.0', rule: 'pattern' },
    { name: 'at without a zone', body: { memberIds: ids(1), at: '2025-01-01T00:00:00' }, field: 'body.at' },
    { name: 'at not a date', body: { memberIds: ids(1), at: 'yesterday' }, field: 'body.at' },
    { name: 'unknown field', body: { memberIds: ids(1), purpose: 'genai-training' }, field: 'body.purpose', rule: 'unknown_field' },
  ])('rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(batchBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
  });
});

describe('choiceBody', () => {
  it.each([{ choice: 'granted' }, { choice: 'denied' }])('accepts $choice', (body) => {
    expect(parseOrThrow(choiceBody, body, 'body')).toEqual(body);
  });

  it.each([
    { name: 'an unknown choice', body: { choice: 'maybe' }, field: 'body.choice' },
    { name: 'a missing choice', body: {}, field: 'body.choice', rule: 'required' },
    { name: 'an extra field', body: { choice: 'denied', reason: 'x' }, field: 'body.reason', rule: 'unknown_field' },
  ])('rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(choiceBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
  });
});

// ---------------------------------------------------------------------------------------------
// policyBody
// ---------------------------------------------------------------------------------------------

describe('policyBody', () => {
  it.each([
    { name: 'announced before effective', body: policyInput() },
    { name: 'announced and effective at the same instant', body: policyInput({ announcedAt: '2024-11-20', effectiveAt: '2024-11-20T00:00:00Z' }) },
    {
      name: 'every rule kind and optional field',
      body: policyInput({
        summary: 'extension',
        purposes: {
          'genai-training': purposeBody({
            description: 'Training content-generating AI models',
            setting: 'Use my data for training content creation AI models',
            rules: {
              EU: { regime: 'excluded' },
              EEA: { regime: 'excluded' },
              CH: { regime: 'opt_in', legalBasis: 'consent' },
              'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true },
            },
            noticePeriodDays: 30,
            aiPreference: 'train-ai',
          }),
        },
      }),
    },
  ])('accepts $name', ({ body }) => {
    expect(parseOrThrow(policyBody, body, 'body')).toEqual(body);
  });

  it.each([
    {
      name: 'effectiveAt without a zone',
      body: policyInput({ effectiveAt: '2025-11-03T00:00:00' }),
      field: 'body.effectiveAt',
    },
    {
      name: 'missing announcedAt',
      body: without(policyInput(), 'announcedAt'),
      field: 'body.announcedAt',
      rule: 'required',
    },
    {
      name: 'no purposes',
      body: policyInput({ purposes: {} }),
      field: 'body.purposes',
    },
    {
      name: 'a purpose id with upper case and underscore',
      body: policyInput({ purposes: { Genai_Training: purposeBody() } }),
      field: 'body.purposes.Genai_Training',
      rule: 'pattern',
    },
    {
      name: 'an unknown regime',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ default: { regime: 'maybe', legalBasis: 'consent' } }) } }),
      field: 'body.purposes.genai-training.default.regime',
    },
    {
      name: 'a minimumAge that is not whole',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ minimumAge: 17.5 }) } }),
      field: 'body.purposes.genai-training.minimumAge',
    },
    {
      name: 'a negative noticePeriodDays',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ noticePeriodDays: -1 }) } }),
      field: 'body.purposes.genai-training.noticePeriodDays',
    },
    {
      name: 'an unknown field in a rule',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ rules: { GB: { regime: 'excluded', note: 'x' } } }) } }),
      field: 'body.purposes.genai-training.rules.GB.note',
      rule: 'unknown_field',
    },
    {
      name: 'an aiPreference that is not a category of the pinned vocabulary',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ aiPreference: 'train-genai' }) } }),
      field: 'body.purposes.genai-training.aiPreference',
      rule: 'enum',
    },
    {
      name: 'an aiPreference in another case (labels are case sensitive)',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ aiPreference: 'Train-AI' }) } }),
      field: 'body.purposes.genai-training.aiPreference',
      rule: 'enum',
    },
    {
      name: 'an aiPreference with a preference in it (a category, not a statement)',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ aiPreference: 'train-ai=n' }) } }),
      field: 'body.purposes.genai-training.aiPreference',
      rule: 'enum',
    },
    {
      name: 'a misspelt aiPreference field',
      body: policyInput({ purposes: { 'genai-training': purposeBody({ aiPreferences: 'train-ai' }) } }),
      field: 'body.purposes.genai-training.aiPreferences',
      rule: 'unknown_field',
    },
    {
      name: 'an unknown top-level field',
      body: policyInput({ id: '2025-11-03' }),
      field: 'body.id',
      rule: 'unknown_field',
    },
  ])('rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(policyBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
  });

  it('leaves when a version takes effect to the recording rule (422, lib/domain/policy.ts), not the shape', () => {
    const body = policyInput({ announcedAt: '2025-11-03T00:00:00Z', effectiveAt: '2025-11-02T23:59:59Z' });
    expect(v.safeParse(policyBody, body).success).toBe(true);
  });

  it.each([
    { name: 'an opt_out default', purpose: purposeBody({ default: { regime: 'opt_out' } }), where: 'default' },
    { name: 'an opt_in default', purpose: purposeBody({ default: { regime: 'opt_in' } }), where: 'default' },
    { name: 'an opt_in country rule', purpose: purposeBody({ rules: { CH: { regime: 'opt_in' } } }), where: 'rules.CH' },
    { name: 'an opt_out subdivision rule', purpose: purposeBody({ rules: { 'US-CA': { regime: 'opt_out', honorGpc: true } } }), where: 'rules.US-CA' },
  ])('rejects a non-excluded rule without legalBasis: $name', ({ purpose, where }) => {
    const error = firstError(policyBody, policyInput({ purposes: { 'genai-training': purpose } }));
    expect(error.field).toContain('legalBasis');
    expect(error.field).toBe(`body.purposes.genai-training.${where}.legalBasis`);
  });

  it('accepts an excluded rule without legalBasis', () => {
    const body = policyInput({ purposes: { 'genai-training': purposeBody({ rules: { HK: { regime: 'excluded' } } }) } });
    expect(() => parseOrThrow(policyBody, body, 'body')).not.toThrow();
  });

  it.each(['XX', 'UK', 'eu', 'EFTA', 'US-CALI', 'XX-YY', 'default'])('rejects the jurisdiction code key %j', (code) => {
    const body = policyInput({ purposes: { 'genai-training': purposeBody({ rules: { [code]: { regime: 'excluded' } } }) } });
    const error = firstError(policyBody, body);
    expect(error.field).toBe(`body.purposes.genai-training.rules.${code}`);
  });
});

describe('policy texts per language', () => {
  it.each([
    { name: 'maps of language tag to text, and a defaultLocale', body: policyInput({ defaultLocale: 'fr', summary: { fr: 'Résumé', en: 'Summary' }, purposes: { 'genai-training': purposeBody({ setting: { fr: 'Paramètre' }, description: 'Décrit' }) } }) },
    { name: 'an empty string summary (as v1 accepted)', body: policyInput({ summary: '' }) },
  ])('policyBody accepts $name', ({ body }) => {
    expect(parseOrThrow(policyBody, body, 'body')).toEqual(body);
  });

  it.each([
    { name: 'a tag that is not BCP 47', body: policyInput({ summary: { 'english!': 'x' } }), field: 'body.summary.english!', rule: 'language_tag' },
    { name: 'an empty map', body: policyInput({ summary: {} }), field: 'body.summary', rule: 'min_properties' },
    { name: 'an empty text in a map', body: policyInput({ summary: { en: '' } }), field: 'body.summary.en' },
    { name: 'a number', body: policyInput({ summary: 3 }), field: 'body.summary', rule: 'type' },
    { name: 'a setting too long', body: policyInput({ purposes: { 'genai-training': purposeBody({ setting: { en: 'x'.repeat(201) } }) } }), field: 'body.purposes.genai-training.setting.en' },
    { name: 'a defaultLocale that is not a tag', body: policyInput({ defaultLocale: 'French' }), field: 'body.defaultLocale', rule: 'language_tag' },
  ])('policyBody rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(policyBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
  });

  it('records language tags in their canonical form, so a replay spelt otherwise is the same version', () => {
    const input = parseOrThrow(policyBody, policyInput({ defaultLocale: 'fr-ca', summary: { 'fr-ca': 'Résumé', EN: 'Summary' }, purposes: { 'genai-training': purposeBody({ setting: { 'de-at': 'Einstellung', en: 'Setting' } }) } }), 'body');
    const version = toPolicyVersion('v', input);
    expect(version.defaultLocale).toBe('fr-CA');
    expect(version.summary).toEqual({ 'fr-CA': 'Résumé', en: 'Summary' });
    expect(version.purposes['genai-training']!.setting).toEqual({ 'de-AT': 'Einstellung', en: 'Setting' });
  });

  it.each([
    { name: 'a summary', body: { summary: 'Résumé' } },
    { name: 'a purpose\'s setting and description', body: { purposes: { 'genai-training': { setting: 'Paramètre', description: 'Entraîner' } } } },
  ])('policyTranslationBody accepts $name', ({ body }) => {
    expect(parseOrThrow(policyTranslationBody, body, 'body')).toEqual(body);
  });

  it.each([
    { name: 'no text at all', body: {}, field: 'body', rule: 'min_properties' },
    { name: 'a purpose without a text', body: { purposes: { 'genai-training': {} } }, field: 'body.purposes.genai-training', rule: 'min_properties' },
    { name: 'an empty text', body: { summary: '' }, field: 'body.summary' },
    { name: 'a field a version has but a translation cannot change', body: { summary: 'x', effectiveAt: '2026-01-01T00:00:00Z' }, field: 'body.effectiveAt', rule: 'unknown_field' },
    { name: 'an unknown field of a purpose', body: { purposes: { 'genai-training': { setting: 'x', minimumAge: 16 } } }, field: 'body.purposes.genai-training.minimumAge', rule: 'unknown_field' },
    { name: 'a map instead of a text (one language per request)', body: { summary: { fr: 'x' } }, field: 'body.summary', rule: 'type' },
  ])('policyTranslationBody rejects $name → $field', ({ body, field, rule }) => {
    const error = firstError(policyTranslationBody, body);
    expect(error.field).toBe(field);
    if (rule !== undefined) expect(error.rule).toBe(rule);
  });

  it.each([
    ['fr', 'fr'],
    ['fr-ca', 'fr-CA'],
    ['zh-hant-TW', 'zh-Hant-TW'],
  ])('the locale of the path %j is the tag %j', (given, canonical) => {
    expect(parseOrThrow(languageTagParam, given, 'path.locale')).toBe(canonical);
  });

  it.each(['french', 'fr_CA', 'x', '', 'fr-', 'a'.repeat(36)])('the locale of the path %j is refused (400)', (given) => {
    expect(() => parseOrThrow(languageTagParam, given, 'path.locale')).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'path.locale' })] }),
    );
  });
});
