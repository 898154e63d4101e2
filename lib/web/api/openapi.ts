// The OpenAPI 3.1 description served at /openapi.json, built from the route table and the very
// schemas that validate requests.
import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { systemClock } from '../../app/ports/clock.ts';
import { REASONS } from '../../domain/eligibility.ts';
import { AI_PREFERENCES, LEGAL_BASES, POLICY_CACHE_LIFETIME_MS } from '../../domain/policy.ts';
import { CONSENT_STATES, CONSENT_TYPES, RECORD_SCHEMA_VERSION } from '../../domain/consent-record.ts';
import { RECORD_DOWNLOAD_MAX } from '../../app/consent-record.ts';
import { CHOICE_SOURCES, CHOICES } from '../../domain/member.ts';
import { MAX_BODY_BYTES } from './framework.ts';
import { CONTRACT_VERSION, ROUTES, routeKey, type RouteSpec } from './routes.ts';
import { SETTLING_WINDOW_MS } from '../../app/eligibility.ts';
import { RECEIPT_KEYS_MAX_AGE_SECONDS } from '../../app/receipts.ts';
import { announceBody, batchBody, choiceBody, MAX_BATCH_SIZE, MEMBER_ID_PATTERN, memberProfileSchema, policyBody, POLICY_ID_PATTERN, policyTranslationBody, runBody } from './schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: GenericSchema): Json {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string) => ({ type: [type, 'null'] });
const instant = { type: 'string', format: 'date-time' };

// The clock only matters when a request is checked; the document describes the shape, and says
// in words what the check of a birth date against today adds.
function memberProfileInput(): Json {
  const schema = schemaOf(memberProfileSchema(systemClock));
  const properties = schema.properties as Record<string, Json>;
  properties.birthDate = {
    ...properties.birthDate,
    format: 'date',
    description: 'YYYY-MM-DD; not after today (UTC calendar, by the service\'s clock): a later date is refused with 400, rule not_in_future',
  };
  return schema;
}

// The purposes of a policy version, as sent and as stored: one schema, named, so the input and
// the stored version cannot describe them differently.
const policyInput = schemaOf(policyBody) as Json & { properties: Json };
// The valibot check "at least one purpose" has no JSON Schema counterpart it could convert.
const policyPurposes: Json = { ...(policyInput.properties.purposes as Json), minProperties: 1 };
policyInput.properties.purposes = ref('PolicyPurposes');

/** The texts of one language added to a version: as sent, and as answered with who recorded them when. */
const policyTextsInput = schemaOf(policyTranslationBody) as Json & { properties: Json };

/** Where the pages read the member's language when their profile names none the pages speak. */
const acceptLanguageHeader: Json = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'The page speaks the member\'s profile locale if it is en, fr, de or es; else the first of these the browser asks for (by q-value); else en',
  schema: { type: 'string' },
};

/** A Content-Usage value: a Structured Field Dictionary of the vocabulary's categories to y or n. */
const preference = `(?:${AI_PREFERENCES.join('|')})=[yn]`;
const contentUsageValue = `${preference}(?:, ${preference})*`;

/** The `next` of every paged list. */
const nextCursor = { type: 'string', description: 'Opaque cursor of the next page; absent on the last page' };
/** What single and batch eligibility answers say about K. */
const replayFields = {
  knownAt: { ...instant, description: 'K: only facts recorded at or before it counted; now unless asked' },
  settled: { type: 'boolean', description: `true once K is at least ${SETTLING_WINDOW_MS / 1000} s in the past (the settling window): the answer replays exactly, forever; false: a live answer that may still settle` },
};

const schemas: Record<string, Json> = {
  MemberProfileInput: memberProfileInput(),
  ChoiceInput: schemaOf(choiceBody),
  BatchInput: schemaOf(batchBody),
  TrainingRunInput: {
    ...schemaOf(runBody),
    description: 'snapshotAt must not be later than the request (400, rule not_in_future); a purpose no policy defines: 404',
  },
  TrainingRun: {
    type: 'object',
    required: ['runId', 'purpose', 'snapshotAt', 'pinnedAt', 'name', 'model', 'dataset', 'registeredBy'],
    properties: {
      runId: { type: 'string', description: 'Sorts by pinnedAt; store it with the model' },
      purpose: { type: 'string' },
      snapshotAt: { ...instant, description: 'T: every answer under the run is as of this time' },
      pinnedAt: { ...instant, description: 'K: when the run was recorded; every answer under it counts only facts recorded by then' },
      name: { type: 'string' },
      model: nullable('string'),
      dataset: nullable('string'),
      registeredBy: { type: 'string', description: 'The caller (token sub) who registered it' },
    },
  },
  TrainingRunList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: ref('TrainingRun') },
      next: nextCursor,
    },
  },
  Exposure: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['runId', 'purpose', 'name', 'model', 'dataset', 'snapshotAt', 'pinnedAt'],
          properties: {
            runId: { type: 'string' },
            purpose: { type: 'string' },
            name: { type: 'string' },
            model: nullable('string'),
            dataset: nullable('string'),
            snapshotAt: instant,
            pinnedAt: instant,
          },
        },
      },
      next: nextCursor,
    },
  },
  ContentUsage: {
    type: 'object',
    required: ['memberId', 'contentUsage'],
    properties: {
      memberId: { type: 'string' },
      contentUsage: {
        type: 'string',
        pattern: `^(?:${contentUsageValue})?$`,
        description:
          'The Content-Usage value (draft-ietf-aipref-attach-05, vocabulary draft-ietf-aipref-vocab-08) for the member\'s public ' +
          'content now: train-ai=n when the member is not eligible for a purpose naming train-ai (an unknown member included), ' +
          'train-ai=y only when eligible by the member\'s explicit grant, the category left out otherwise (eligible by default); ' +
          'empty when nothing is said',
        examples: ['train-ai=n', 'train-ai=y', ''],
      },
    },
  },
  AnnounceInput: { ...schemaOf(announceBody), description: 'No options yet: an empty object, or no body at all' },
  PolicyInput: {
    ...policyInput,
    description:
      'summary, and each purpose\'s setting and description, are member-facing texts: a string, in defaultLocale (en when absent), ' +
      'or an object of BCP 47 tag to text that holds the defaultLocale\'s (else 422, rule default_locale_text). A member reads the text ' +
      'of their language: the exact tag, then the tag shortened (fr-CA → fr), then another tag of the same language, then defaultLocale. ' +
      'More languages can be added later: PUT /v1/policies/{policyId}/texts/{locale}.',
  },
  PolicyPurposes: policyPurposes,
  PolicyTextsInput: {
    ...policyTextsInput,
    description: 'Texts of one language, each translating one the version has; at least one.',
  },
  PolicyTexts: {
    type: 'object',
    description: 'A version\'s texts in one language, as recorded (by a translation, or by the version itself), and who recorded them when',
    required: ['policyId', 'locale', 'recordedAt', 'recordedBy'],
    properties: {
      policyId: { type: 'string', pattern: POLICY_ID_PATTERN.source },
      locale: { type: 'string', description: 'The BCP 47 tag, canonical (fr-ca → fr-CA)' },
      summary: { type: 'string' },
      purposes: policyTextsInput.properties.purposes,
      recordedAt: instant,
      recordedBy: { type: 'string', description: 'The sub of the token that recorded them' },
    },
  },
  Member: {
    type: 'object',
    required: ['memberId', 'email', 'country', 'suspectedMinor', 'locale', 'createdAt', 'updatedAt'],
    properties: {
      memberId: { type: 'string' },
      email: { type: 'string', format: 'email' },
      country: { type: 'string' },
      subdivision: { type: 'string' },
      birthDate: { type: 'string', format: 'date' },
      suspectedMinor: { type: 'boolean' },
      locale: { type: 'string' },
      createdAt: instant,
      updatedAt: instant,
    },
  },
  Reason: {
    type: 'string',
    enum: [...REASONS],
    description: 'DOMAIN.md section 3, first match wins; erased comes right after unknown_member: the member was erased, and every answer known since says so, for any time asked about (a replay known before the erasure answers as it was given)',
  },
  Erasure: {
    type: 'object',
    required: ['memberId', 'erasedAt'],
    properties: {
      memberId: { type: 'string' },
      erasedAt: { ...instant, description: 'When the erasure was recorded: the same on every repeat' },
    },
  },
  Jurisdiction: {
    type: 'string',
    description:
      'The code of the policy rule that decided, as written in the policy (a group such as EU or EEA, a country such as FR, ' +
      'a subdivision such as US-CA), or "default" when no rule matched and the purpose\'s default applied. A territory with ' +
      'its own code resolves through the state whose law applies there (RE through FR, and so EU). Absent when the answer ' +
      'came before the jurisdiction was looked at: unknown_member, erased, no_policy_in_force, purpose_not_covered, minor.',
    examples: ['EU', 'US-CA', 'FR', 'default'],
  },
  Consent: {
    type: 'object',
    required: ['memberId', 'purpose', 'choice', 'eligible', 'reason', 'policyVersion', 'updatedAt'],
    properties: {
      memberId: { type: 'string' },
      purpose: { type: 'string' },
      choice: { enum: [...CHOICES, null] },
      eligible: { type: 'boolean' },
      reason: ref('Reason'),
      policyVersion: nullable('string'),
      updatedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Receipt: {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
    description:
      'The choice\'s receipt: a compact JWS (RFC 7515), ES256, header {alg, typ: "consent-receipt+jwt", kid}, whose payload is ' +
      'the JSON object {receiptId, memberId, purpose, choice, at, source, policyVersion, jurisdiction}: receiptId a UUID (version 8) ' +
      'that names this choice for ever (the same for every signing of it), at the time the choice took effect (= updatedAt), ' +
      'policyVersion as answered (null if none was in force), jurisdiction where the member was (subdivision, else country). ' +
      'Verify it with the key of its kid at GET /.well-known/jwks.json. An Idempotency-Key replay answers the same receipt byte for byte; ' +
      'ECDSA signatures differ each time, so a choice signed again (a plain retry answered after a lost answer) has the same claims and another signature.',
  },
  // A recorded choice answers the consent and its receipt.
  RecordedConsent: {
    type: 'object',
    required: ['memberId', 'purpose', 'choice', 'eligible', 'reason', 'policyVersion', 'updatedAt', 'receipt'],
    properties: {
      memberId: { type: 'string' },
      purpose: { type: 'string' },
      choice: { enum: [...CHOICES] },
      eligible: { type: 'boolean' },
      reason: ref('Reason'),
      policyVersion: nullable('string'),
      updatedAt: instant,
      receipt: ref('Receipt'),
    },
  },
  ReceiptKeys: {
    type: 'object',
    description: 'A JSON Web Key Set (RFC 7517): every key that ever signed a receipt, newest first; rotation adds keys and removes none',
    required: ['keys'],
    properties: {
      keys: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'],
          properties: {
            kty: { const: 'EC' },
            crv: { const: 'P-256' },
            x: { type: 'string' },
            y: { type: 'string' },
            kid: { type: 'string', description: 'The key\'s JWK thumbprint (RFC 7638), as receipts name it in their header' },
            alg: { const: 'ES256' },
            use: { const: 'sig' },
          },
        },
      },
    },
  },
  ConsentList: {
    type: 'object',
    required: ['memberId', 'policyVersion', 'items'],
    properties: {
      memberId: { type: 'string' },
      policyVersion: nullable('string'),
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['purpose', 'choice', 'eligible', 'reason', 'updatedAt'],
          properties: {
            purpose: { type: 'string' },
            choice: { enum: [...CHOICES, null] },
            eligible: { type: 'boolean' },
            reason: ref('Reason'),
            updatedAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
      },
    },
  },
  History: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['at', 'choice', 'source', 'actor'],
          properties: {
            at: instant,
            choice: { enum: [...CHOICES] },
            source: { enum: [...CHOICE_SOURCES] },
            actor: { type: 'string' },
          },
        },
      },
      next: nextCursor,
    },
  },
  ConsentRecord: {
    type: 'object',
    description:
      'The member\'s consent record, shaped after ISO/IEC TS 27560:2023 with the field list of the W3C DPV guide ' +
      '(https://w3id.org/dpv/guides/consent-27560); each field names its 27560 field and DPV term. Every page carries the ' +
      'whole header; its events are a slice of the member\'s: purpose by purpose (by name), each purpose\'s choices oldest first.',
    required: ['schemaVersion', 'recordId', 'piiPrincipalId', 'processing', 'events'],
    properties: {
      schemaVersion: { const: RECORD_SCHEMA_VERSION, description: '27560 schema_version (dct:conformsTo): this layout, version 1' },
      recordId: { type: 'string', format: 'uuid', description: '27560 record_id (dct:identifier): a version 5 UUID of the member id, the same on every page and every read' },
      piiPrincipalId: { type: 'string', description: '27560 pii_principal_id (dpv:hasDataSubject): the member id, never an email address' },
      processing: {
        type: 'array',
        description:
          '27560 processing: each purpose of each announced policy version, under the rule for each place the member was while ' +
          'the version held; a rule that excludes the place processes nothing and is not listed',
        items: {
          type: 'object',
          required: ['purpose', 'policyVersions', 'jurisdiction', 'legalBasis', 'withdrawalMethod', 'notices'],
          properties: {
            purpose: { type: 'string', description: '27560 purpose (dpv:hasPurpose)' },
            policyVersions: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'The policy versions (27560 privacy notice, dpv:hasNotice) under which the purpose had this basis here, oldest first' },
            jurisdiction: { type: 'string', description: '27560 jurisdiction (dpv:hasJurisdiction): the member\'s subdivision, else country, while those versions held', examples: ['US-CA', 'FR'] },
            legalBasis: { enum: [...LEGAL_BASES], description: '27560 lawful basis (dpv:hasLegalBasis), from the policy rule' },
            withdrawalMethod: { type: 'string', format: 'uri', description: '27560 withdrawal_method (dpv:hasConsentControl dpv:WithdrawConsent, dpv:isExercisedAt): the settings page' },
            notices: {
              type: 'array',
              description: 'The notices of those versions delivered to the member (27560 privacy notice, as it reached them)',
              items: { type: 'object', required: ['policyVersion', 'deliveredAt'], properties: { policyVersion: { type: 'string' }, deliveredAt: instant } },
            },
          },
        },
      },
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['time', 'type', 'state', 'source', 'purpose', 'actor', 'policyVersion'],
          properties: {
            time: { ...instant, description: '27560 event_time (dpv:isIndicatedAtTime): when the choice took effect' },
            type: { enum: [...CONSENT_TYPES], description: '27560 event type, the DPV consent type: explicitly_expressed (dpv:ExplicitlyExpressedConsent), expressed (dpv:ExpressedConsent: GPC, import)' },
            state: {
              enum: [...CONSENT_STATES],
              description: '27560 event state (dpv:hasConsentStatus) after the choice: given (dpv:ConsentGiven), renewed (dpv:RenewedConsentGiven), refused (dpv:ConsentRefused), withdrawn (dpv:ConsentWithdrawn)',
            },
            source: { enum: [...CHOICE_SOURCES], description: 'How the choice reached the ledger (dpv:hasIndicationMethod)' },
            purpose: { type: 'string' },
            actor: { type: 'string', description: '27560 entity id (dpv:isIndicatedBy): who recorded it, the member or an administrator at their request' },
            policyVersion: { ...nullable('string'), description: 'The version in force when the choice took effect' },
          },
        },
      },
      next: nextCursor,
    },
  },
  Eligibility: {
    type: 'object',
    required: ['memberId', 'purpose', 'at', 'knownAt', 'settled', 'eligible', 'reason', 'policyVersion'],
    properties: {
      memberId: { type: 'string' },
      purpose: { type: 'string' },
      at: instant,
      ...replayFields,
      eligible: { type: 'boolean' },
      reason: ref('Reason'),
      policyVersion: nullable('string'),
      jurisdiction: ref('Jurisdiction'),
      runId: { type: 'string', description: 'The training run the question was asked under (only when asked with runId)' },
    },
  },
  EligibilityBatch: {
    type: 'object',
    required: ['purpose', 'at', 'knownAt', 'settled', 'results'],
    properties: {
      purpose: { type: 'string' },
      runId: { type: 'string', description: 'The training run the question was asked under (only when asked with runId)' },
      at: instant,
      ...replayFields,
      results: {
        type: 'array',
        maxItems: MAX_BATCH_SIZE,
        items: {
          type: 'object',
          required: ['memberId', 'eligible', 'reason', 'policyVersion'],
          properties: {
            memberId: { type: 'string' },
            eligible: { type: 'boolean' },
            reason: ref('Reason'),
            policyVersion: nullable('string'),
            jurisdiction: ref('Jurisdiction'),
          },
        },
      },
    },
  },
  // Not PolicyInput plus fields: the input refuses unknown fields, so no stored version (which
  // adds its id and who recorded it when) could ever match it.
  Policy: {
    type: 'object',
    description:
      'A recorded policy version: the input as normalised (instants in UTC, milliseconds; language tags canonical), its id, and ' +
      'who recorded it when. Read back (GET), its texts include the translations added since: such a text is an object of tag to text.',
    required: ['id', 'announcedAt', 'effectiveAt', 'purposes', 'recordedAt', 'recordedBy'],
    properties: {
      id: { type: 'string', pattern: POLICY_ID_PATTERN.source },
      announcedAt: instant,
      effectiveAt: instant,
      defaultLocale: policyInput.properties.defaultLocale,
      summary: policyInput.properties.summary,
      purposes: ref('PolicyPurposes'),
      recordedAt: instant,
      recordedBy: { type: 'string', description: 'The sub of the token that recorded it' },
    },
  },
  CampaignStarted: {
    type: 'object',
    required: ['campaignId', 'policyId', 'status', 'startedAt'],
    properties: { campaignId: { type: 'string' }, policyId: { type: 'string' }, status: { const: 'running' }, startedAt: instant },
  },
  CampaignProgress: {
    type: 'object',
    required: ['policyId', 'campaignId', 'status', 'targeted', 'queued', 'sent', 'failed', 'skipped', 'scanned', 'startedAt', 'finishedAt', 'campaigns'],
    properties: {
      policyId: { type: 'string' },
      campaignId: { type: 'string' },
      status: { enum: ['running', 'done'] },
      targeted: { type: 'integer', description: 'Members found processable under the version so far' },
      queued: { type: 'integer', description: 'Targeted, not yet sent, failed or skipped' },
      sent: { type: 'integer' },
      failed: { type: 'integer', description: 'Gave up after the configured attempts' },
      skipped: { type: 'integer', description: 'Already told of this version by an earlier campaign, or erased since the fan-out found them' },
      scanned: { type: 'integer', description: 'Members examined so far' },
      startedAt: instant,
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
      campaigns: { type: 'array', items: { type: 'object', properties: { campaignId: { type: 'string' }, startedAt: instant } } },
    },
  },
  OptOutForm: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
  SignOutForm: { type: 'object', properties: {} },
  EraseForm: {
    type: 'object',
    required: ['confirm'],
    properties: {
      confirm: { type: 'string', description: 'The word the page asks for, typed by the member: ERASE, EFFACER, LÖSCHEN or BORRAR, whatever the page\'s language (any case, spaces around ignored)' },
      language: { enum: ['en', 'fr', 'de', 'es'], description: 'The language the confirmation page was shown in, which the answer speaks; without it, Accept-Language' },
    },
  },
  SettingForm: {
    type: 'object',
    required: ['purpose', 'choice', 'etag'],
    properties: { purpose: { type: 'string' }, choice: { enum: ['granted', 'denied'] }, etag: { type: 'string', description: 'The ETag the page was rendered with (If-Match semantics)' } },
  },
  PolicyList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Policy') } } },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'rule', 'detail'],
          properties: { field: { type: 'string' }, rule: { type: 'string' }, detail: { type: 'string' } },
        },
      },
    },
  },
  GatewayMessage: {
    type: 'object',
    description: 'Answered by API Gateway itself (routing, the JWT authorizer, the payload limit), before any handler runs',
    required: ['message'],
    properties: { message: { type: 'string' } },
  },
};

/** Answers API Gateway gives itself, in its own {"message"} shape, whatever the route. */
const gatewayJson = { 'application/json': { schema: ref('GatewayMessage') } };

const responseComponents: Record<string, Json> = {
  // OpenAPI cannot list the paths that do not exist; this is what every one of them answers
  // (API Gateway HTTP API, and infra/local/http-api.ts after it): any method or path not
  // described here, or a path parameter that is not valid percent-encoding.
  RouteNotFound: { description: 'No such route (answered by API Gateway, for any method and path not described in this document)', content: gatewayJson },
};

const problemContent = { 'application/problem+json': { schema: ref('Problem') } };
const ERASED = 'The member was erased: the profile and choices are no longer available';
const problem = (description: string) => ({ description, content: problemContent });
/** The same status, answerable in one more media type. */
const withContent = (response: Json, content: Json): Json => ({ ...response, content: { ...(response.content as Json | undefined), ...content } });
const ok = (description: string, schema: string, headers?: Json) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
  ...(headers ? { headers } : {}),
});
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
/** A redirect of the sign-in flow (Location: where to). */
const signInRedirect = (description: string) => ({ description, headers: { Location: { required: true, schema: { type: 'string' } } } });
/** A browser (asking for text/html) without a valid session is sent through sign-in, back to the page it asked for. */
const signInFirst = signInRedirect('No valid session: to /sign-in?next= this page (a browser asking for text/html); an expired session cookie is cleared');
const retryAfterHeader = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string', pattern: '^[0-9]+$' } } };
const etagHeader = { ETag: { description: 'Strong tag of the member\'s choices for this purpose; send it back in If-Match', schema: { type: 'string' } } };

/** `limit` and `cursor` of a paged list: every paged route takes the same two. */
const pageParameters = (things: string): Json[] => [
  { name: 'limit', in: 'query', required: false, description: `${things} per page, 1-1000; default 100`, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
  { name: 'cursor', in: 'query', required: false, description: 'The `next` of the previous page', schema: { type: 'string' } },
];

const PARAMETERS: Record<string, Json> = {
  memberId: { name: 'memberId', in: 'path', required: true, schema: { type: 'string', pattern: MEMBER_ID_PATTERN.source } },
  purpose: { name: 'purpose', in: 'path', required: true, description: 'A purpose defined by a policy version, e.g. genai-training', schema: { type: 'string' } },
  policyId: { name: 'policyId', in: 'path', required: true, schema: { type: 'string', pattern: POLICY_ID_PATTERN.source } },
  runId: { name: 'runId', in: 'path', required: true, description: 'A runId as registered; any other: 404', schema: { type: 'string', maxLength: 200 } },
  locale: { name: 'locale', in: 'path', required: true, description: 'A BCP 47 language tag, e.g. fr or fr-CA (else 400, rule language_tag)', schema: { type: 'string', maxLength: 35 } },
};

/** This document's own shape, top level only (every key it has, so none goes undescribed). */
const openApiDocument = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, servers: { type: 'array' }, paths: { type: 'object' }, components: { type: 'object' } },
};

/** The AsyncAPI document's own shape, top level only (lib/web/api/asyncapi.ts; every key it has). */
const asyncApiDocument = {
  type: 'object',
  required: ['asyncapi', 'info', 'channels', 'operations', 'components'],
  properties: {
    asyncapi: { const: '3.0.0' },
    info: { type: 'object' },
    defaultContentType: { type: 'string' },
    channels: { type: 'object' },
    operations: { type: 'object' },
    components: { type: 'object' },
  },
};

const OPERATIONS: Record<string, { description?: string; parameters?: Json[]; requestBody?: string; requestBodyOptional?: true; responses: Json }> = {
  'GET /health': {
    responses: { 200: { description: 'The service is up', content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } } } } },
  },
  'GET /openapi.json': { responses: { 200: { description: 'This document', content: { 'application/json': { schema: openApiDocument } } } } },
  'GET /asyncapi.json': {
    description: 'Each recorded fact as a CloudEvents 1.0 message on an SNS FIFO topic; the document says how to subscribe, and what order and deduplication hold.',
    responses: { 200: { description: 'The AsyncAPI 3.0 document', content: { 'application/json': { schema: asyncApiDocument } } } },
  },
  'GET /.well-known/jwks.json': {
    description: 'Verify a receipt (the receipt field of a recorded choice) with the key its header names (kid). A verifier that meets a kid it does not have fetches this again.',
    responses: {
      200: ok('The keys', 'ReceiptKeys', {
        'Cache-Control': { description: `Verifiers may keep the keys ${RECEIPT_KEYS_MAX_AGE_SECONDS} s`, schema: { const: `public, max-age=${RECEIPT_KEYS_MAX_AGE_SECONDS}` } },
      }),
      503: { ...problem('Storage unavailable: no keys answered; see Retry-After'), headers: retryAfterHeader },
    },
  },
  'PUT /v1/members/{memberId}': {
    requestBody: 'MemberProfileInput',
    responses: { 200: ok('Replaced (or unchanged)', 'Member'), 201: ok('Created', 'Member'), 409: problem('The member was erased: the id cannot be used again') },
  },
  'GET /v1/members/{memberId}': { responses: { 200: ok('The profile', 'Member'), 404: problem('Unknown member'), 410: problem(ERASED) } },
  'DELETE /v1/members/{memberId}': {
    description:
      'Removes the email address, locale and birth date from every item that holds them (the profile, every earlier profile, ' +
      'notice records) and records the erasure (change event consent.member.erased). Kept, pseudonymous: the jurisdiction ' +
      'timeline, choices, notices delivered, training-run answers, and for each minimum age in use the day the member came of ' +
      'it (instead of the birth date), so that answers given before still replay (GDPR Art. 7(1), 17(3)(b)). From then on ' +
      'every eligibility answer is eligible: false, reason erased; reads of the profile and choices answer 410, a choice 410, ' +
      'a profile write 409; no notice is ever sent. A repeated erasure answers the same erasedAt, finishing one that was interrupted.',
    responses: { 200: ok('Erased (or erased already: the same erasedAt)', 'Erasure'), 404: problem('Unknown member') },
  },
  'GET /v1/members/{memberId}/consents': { responses: { 200: ok('Consents now', 'ConsentList'), 404: problem('Unknown member'), 410: problem(ERASED) } },
  'GET /v1/members/{memberId}/consents/{purpose}': {
    responses: { 200: ok('The consent now', 'Consent', etagHeader), 404: problem('Unknown member or purpose'), 410: problem(ERASED) },
  },
  'PUT /v1/members/{memberId}/consents/{purpose}': {
    parameters: [
      { name: 'If-Match', in: 'header', required: false, description: 'ETag from a read; a stale one is refused with 412', schema: { type: 'string' } },
      { name: 'Idempotency-Key', in: 'header', required: false, description: 'A replay within 24 h returns the first answer and writes nothing', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } },
    ],
    requestBody: 'ChoiceInput',
    responses: {
      200: ok('Recorded, with its signed receipt (or, for a replayed Idempotency-Key, the first answer and its receipt, byte for byte)', 'RecordedConsent', {
        ...etagHeader,
        'Idempotent-Replayed': { description: '"true" when this is the stored answer to an earlier request with the same Idempotency-Key (nothing was written)', schema: { const: 'true' } },
      }),
      404: problem('Unknown member or purpose'),
      410: problem('The member was erased: nothing is recorded (a replayed Idempotency-Key included)'),
      412: problem('If-Match does not match the current ETag'),
      422: problem('Idempotency-Key reused with a different request'),
    },
  },
  'GET /v1/members/{memberId}/consents/{purpose}/history': {
    parameters: [
      ...pageParameters('Choices'),
    ],
    responses: {
      200: ok('One page of the history, oldest first', 'History'),
      400: problem('A limit out of range, or a cursor not given by an earlier page of this history (rule `cursor`)'),
      404: problem('Unknown member or purpose'),
      410: problem(ERASED),
    },
  },
  'GET /v1/eligibility/{purpose}/{memberId}': {
    parameters: [
      { name: 'at', in: 'query', required: false, description: 'ISO 8601 instant; defaults to now', schema: { type: 'string', format: 'date-time' } },
      {
        name: 'knownAt',
        in: 'query',
        required: false,
        description: 'ISO 8601 instant, not later than now (400, rule not_in_future); defaults to now. Only facts recorded at or before it count: the answer the ledger gave, or would have given, at that moment.',
        schema: { type: 'string', format: 'date-time' },
      },
      {
        name: 'runId',
        in: 'query',
        required: false,
        description: 'A registered training run: answers as of its snapshotAt, known at its pinnedAt (echoed as at and knownAt, and runId). Not with at or knownAt (400, rule exclusive).',
        schema: { type: 'string' },
      },
    ],
    responses: {
      200: ok('The answer and its reason', 'Eligibility'),
      404: problem('Unknown purpose, or unknown training run'),
      409: problem('The training run is for another purpose'),
      503: { ...problem('The training run was pinned moments ago and its answers are not final yet (Retry-After: seconds until they are); or storage unavailable'), headers: retryAfterHeader },
    },
  },
  'POST /v1/eligibility/{purpose}/batch': {
    description: 'With runId (not with at or knownAt: 400, rule exclusive), every batch of the run gets the answers pinned by the run, whatever happens later.',
    requestBody: 'BatchInput',
    responses: {
      200: ok('Answers in request order', 'EligibilityBatch'),
      404: problem('Unknown purpose, or unknown training run'),
      409: problem('The training run is for another purpose'),
      503: { ...problem('The training run was pinned moments ago and its answers are not final yet (Retry-After: seconds until they are); or storage unavailable'), headers: retryAfterHeader },
      413: problem('Body too large'),
    },
  },
  'POST /v1/training-runs': {
    description:
      'Register before reading data. pinnedAt is the recording time; eligibility asked with the runId answers as of snapshotAt, ' +
      `known at pinnedAt, once the pin has settled (${SETTLING_WINDOW_MS / 1000} s; before that 503 with Retry-After).`,
    parameters: [
      { name: 'Idempotency-Key', in: 'header', required: false, description: 'A replay within 24 h answers the run first registered and records nothing', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } },
    ],
    requestBody: 'TrainingRunInput',
    responses: {
      201: ok('Registered (or, with a replayed Idempotency-Key, the run registered first)', 'TrainingRun', {
        Location: { description: 'The run: GET /v1/training-runs/{runId}', schema: { type: 'string' } },
        'Idempotent-Replayed': { description: '"true" when this is the run registered by an earlier request with the same Idempotency-Key', schema: { const: 'true' } },
      }),
      404: problem('Unknown purpose'),
      422: problem('Idempotency-Key reused with a different request'),
    },
  },
  'GET /v1/training-runs': {
    parameters: [
      ...pageParameters('Runs'),
    ],
    responses: { 200: ok('One page of runs, newest first', 'TrainingRunList'), 400: problem('A limit out of range, or a cursor not given by an earlier page (rule `cursor`)') },
  },
  'GET /v1/training-runs/{runId}': { responses: { 200: ok('The run', 'TrainingRun'), 404: problem('Unknown training run') } },
  'GET /v1/members/{memberId}/exposure': {
    description:
      'Derived by replaying each run\'s pinned question for this member (nothing is stored per member per run). A run still settling ' +
      `(pinned less than ${SETTLING_WINDOW_MS / 1000} s ago) appears once its answer is final.`,
    parameters: [
      { name: 'purpose', in: 'query', required: false, description: 'Only runs for this purpose', schema: { type: 'string' } },
      ...pageParameters('Runs'),
    ],
    responses: {
      200: ok('The runs whose pinned answer for this member was eligible, newest first', 'Exposure'),
      400: problem('A limit out of range, or a cursor not given by an earlier page (rule `cursor`)'),
      404: problem('Unknown member'),
    },
  },
  'GET /v1/members/{memberId}/record': {
    description:
      'Paged like the history: limit events a page, next to follow. Every page carries the whole header (schemaVersion, ' +
      'recordId, piiPrincipalId, processing) and its slice of the events; every choice appears once over the pages, even ' +
      'when choices are recorded or archived between two pages. A choice recorded while paging may or may not appear.',
    parameters: [...pageParameters('Events')],
    responses: {
      200: ok('One page of the record', 'ConsentRecord'),
      400: problem('A limit out of range, or a cursor not given by an earlier page of this member\'s record or history (rule `cursor`)'),
      404: problem('Unknown member'),
      410: problem(ERASED),
    },
  },
  'GET /v1/members/{memberId}/content-usage': {
    description:
      'For the platform\'s content servers to attach to this member\'s public content, as the Content-Usage response field ' +
      '(IETF AI Preferences). Derived from the eligibility answer, now, of each purpose of the version in force that names a ' +
      'category (aiPreference); fails closed: n wins over y, and y needs an explicit grant for every such purpose.',
    responses: {
      200: ok('The value, also as the Content-Usage header (absent when the value is empty)', 'ContentUsage', {
        'Content-Usage': {
          description: 'The same value as contentUsage, a Structured Field Dictionary (RFC 9651); absent when that is empty',
          schema: { type: 'string', pattern: `^${contentUsageValue}$` },
        },
      }),
    },
  },
  'PUT /v1/policies/{policyId}': {
    description:
      'The past is not rewritten: a new version must take effect later than the moment it is recorded plus ' +
      `${POLICY_CACHE_LIFETIME_MS / 1000} s (the longest a container may answer from an older policy list), and ` +
      '`announcedAt` must not be after `effectiveAt`; otherwise 422 naming the field (`body.effectiveAt`, rule ' +
      '`after_recording`; `body.announcedAt`, rule `not_after_effective`). Re-sending a version already recorded, ' +
      'unchanged, answers 200 even after its `effectiveAt` has passed: a replay records nothing.',
    requestBody: 'PolicyInput',
    responses: {
      200: ok('Already recorded with the same content', 'Policy'),
      201: ok('Recorded', 'Policy'),
      409: problem('The id exists with other content, or another version takes effect at the same instant'),
      422: problem('Would take effect too soon (effectiveAt not later than the recording plus the policy cache lifetime) or before it is announced; or a text given per language lacks the default locale\'s (rule default_locale_text)'),
    },
  },
  'PUT /v1/policies/{policyId}/texts/{locale}': {
    description:
      'The version stays as it was recorded: the texts are kept apart and read merged into it (GET, the settings page, notices, ' +
      'opt-out pages). A recorded text never changes: the same texts again answer 200 and record nothing; other texts for a language ' +
      'the version already holds (in its own body, or by an earlier PUT) answer 409, so send all of a language\'s texts at once. A ' +
      'purpose the version does not define: 422, rule known_purpose; a text the version does not have: 422, rule nothing_to_translate.',
    requestBody: 'PolicyTextsInput',
    responses: {
      200: ok('Already recorded with the same texts', 'PolicyTexts'),
      201: ok('Recorded', 'PolicyTexts'),
      404: problem('Unknown policy version'),
      409: problem('Texts in this language are recorded already, with other content'),
      422: problem('A purpose the version does not define, or a text it does not have'),
    },
  },
  'GET /v1/policies': { responses: { 200: ok('Every version', 'PolicyList') } },
  'POST /v1/policies/{policyId}/notices': {
    requestBody: 'AnnounceInput',
    requestBodyOptional: true,
    responses: {
      202: ok('Campaign started; follow it at the Location header', 'CampaignStarted', { Location: { description: 'Its progress: GET /v1/policies/{policyId}/notices?campaignId=', schema: { type: 'string' } } }),
      404: problem('Unknown policy version'),
    },
  },
  'GET /v1/policies/{policyId}/notices': {
    parameters: [{ name: 'campaignId', in: 'query', required: false, description: 'A campaign of this version; defaults to the latest', schema: { type: 'string' } }],
    responses: { 200: ok('Progress', 'CampaignProgress'), 404: problem('Unknown policy version, or nothing announced yet') },
  },
  'GET /v1/opt-out': {
    parameters: [{ name: 'token', in: 'query', required: true, description: 'The signed link token from the email', schema: { type: 'string' } }, acceptLanguageHeader],
    responses: {
      200: htmlPage('The member\'s current choice and a button that POSTs the opt-out; nothing changes on GET'),
      400: htmlPage('Invalid or tampered link'),
      404: htmlPage('The link\'s member is unknown'),
      410: htmlPage('Expired link, or the link\'s account was erased (a plain page saying so, in the browser\'s language)'),
    },
  },
  'POST /v1/opt-out': {
    parameters: [acceptLanguageHeader],
    requestBody: 'OptOutForm',
    responses: {
      200: htmlPage('Confirmation: recorded as denied (source email_link), or already off'),
      400: htmlPage('Invalid or tampered link; nothing changed'),
      404: htmlPage('The link\'s member is unknown; nothing changed'),
      410: htmlPage('Expired link, or the link\'s account was erased; nothing changed'),
    },
  },
  'GET /v1/policies/{policyId}': { responses: { 200: ok('The version', 'Policy'), 404: problem('Unknown policy version') } },
  'GET /sign-in': {
    parameters: [
      { name: 'next', in: 'query', required: false, description: 'The page to land on once signed in: /settings, /admin or /admin/notices/{policyId}, with a query of its own; anything else lands on /settings', schema: { type: 'string' } },
      acceptLanguageHeader,
    ],
    responses: {
      303: signInRedirect('To the identity provider\'s authorization endpoint (code flow, PKCE S256, state, nonce), with the sign-in transaction cookie (HttpOnly, SameSite=Lax, 10 minutes)'),
      503: htmlPage('The identity provider cannot be reached'),
    },
  },
  'GET /sign-in/callback': {
    parameters: [
      { name: 'code', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'state', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'iss', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'error', in: 'query', required: false, description: 'The provider did not sign the member in', schema: { type: 'string' } },
      acceptLanguageHeader,
    ],
    responses: {
      200: htmlPage('Signed in: the session cookie is set and the page goes on to the one asked for'),
      400: htmlPage('Refused, nothing signed in: no sign-in transaction in this browser (cookie.cl_signin), another state (query.state), no code, the code refused by the provider (used already, expired, PKCE verifier not matching), or an ID token that does not verify'),
      401: htmlPage('The provider did not sign the member in (query.error), or issued a token this service does not accept'),
      503: htmlPage('The identity provider cannot be reached'),
    },
  },
  'POST /sign-out': {
    parameters: [acceptLanguageHeader],
    requestBody: 'SignOutForm',
    responses: {
      200: htmlPage('Session cookie cleared; the page goes on to the identity provider\'s sign-out (RP-initiated logout), where it offers one'),
      303: signInRedirect('Session cookie cleared; to /signed-out (a provider without a sign-out address)'),
      403: htmlPage('Not sent from this site (CSRF check)'),
    },
  },
  'GET /signed-out': { parameters: [acceptLanguageHeader], responses: { 200: htmlPage('Signed out') } },
  'GET /settings': {
    parameters: [
      { name: 'Sec-GPC', in: 'header', required: false, description: 'Global Privacy Control: "1" counts as denied (source gpc) where the rule in force honours it', schema: { type: 'string' } },
      acceptLanguageHeader,
    ],
    responses: {
      200: htmlPage('The settings page'),
      303: signInFirst,
      401: htmlPage('No valid session (to a client that does not ask for HTML)'),
      404: htmlPage('No member profile for this account'),
      410: htmlPage('This account\'s data was erased (in the browser\'s language: the profile has none any more)'),
      503: htmlPage('Storage unavailable; try again'),
    },
  },
  'POST /settings': {
    requestBody: 'SettingForm',
    responses: {
      303: { description: 'Saved; back to the settings page. Or, without a valid session, to /sign-in (nothing saved)' },
      400: htmlPage('Invalid form: names the field and the rule'),
      401: htmlPage('No valid session (to a client that does not ask for HTML)'),
      403: htmlPage('Not sent from this site (CSRF check)'),
      404: htmlPage('Unknown purpose, or no member profile'),
      409: htmlPage('Changed elsewhere since the page was loaded: nothing saved, the current state shown'),
      410: htmlPage('This account\'s data was erased; nothing saved'),
      503: htmlPage('Storage unavailable; nothing saved'),
    },
  },
  'GET /settings/record': {
    description:
      `The record of GET /v1/members/{memberId}/record for the signed-in member, as a file: up to ${RECORD_DOWNLOAD_MAX.toLocaleString('en-US')} ` +
      'events in one (a longer record ends with next, from which the API route pages on).',
    responses: {
      200: {
        description: 'The record, as an attachment',
        content: { 'application/json': { schema: ref('ConsentRecord') } },
        headers: { 'Content-Disposition': { description: 'attachment; filename="consent-record.json"', schema: { type: 'string' } } },
      },
      303: signInRedirect('No valid session: to /sign-in?next=/settings (a browser asking for text/html); an expired session cookie is cleared'),
      401: htmlPage('No valid session (to a client that does not ask for HTML)'),
      404: htmlPage('No member profile for this account'),
      410: htmlPage('This account\'s data was erased'),
      503: htmlPage('Storage unavailable; try again'),
    },
  },
  'GET /settings/erase': {
    parameters: [acceptLanguageHeader],
    responses: {
      200: htmlPage('What erasing removes and keeps, and the confirmation form (type ERASE, or the word of the page\'s language)'),
      303: signInFirst,
      401: htmlPage('No valid session (to a client that does not ask for HTML)'),
      404: htmlPage('No member profile for this account'),
      410: htmlPage('This account\'s data was erased already'),
    },
  },
  'POST /settings/erase': {
    parameters: [acceptLanguageHeader],
    requestBody: 'EraseForm',
    responses: {
      200: htmlPage('Erased (or erased already): a page saying so; the session cookie is cleared'),
      303: signInRedirect('No valid session: to /sign-in?next=/settings/erase (a browser asking for text/html), nothing erased; an expired session cookie is cleared'),
      400: htmlPage('Not confirmed: the form is shown again, naming the field and the rule (confirmation)'),
      401: htmlPage('No valid session (to a client that does not ask for HTML)'),
      403: htmlPage('Not sent from this site (CSRF check)'),
      404: htmlPage('No member profile for this account'),
      503: htmlPage('Storage unavailable; send the form again to finish'),
    },
  },
  'GET /admin': {
    parameters: [
      { name: 'at', in: 'query', required: false, description: 'ISO 8601 instant, or a datetime-local value read as UTC; defaults to now', schema: { type: 'string' } },
      { name: 'purpose', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'member', in: 'query', required: false, description: 'A member to look up', schema: { type: 'string', pattern: MEMBER_ID_PATTERN.source } },
    ],
    responses: { 200: htmlPage('The dashboard'), 303: signInFirst, 401: htmlPage('No valid session (to a client that does not ask for HTML)'), 403: htmlPage('Not an administrator'), 404: htmlPage('Unknown purpose') },
  },
  'GET /admin/notices/{policyId}': {
    parameters: [{ name: 'campaignId', in: 'query', required: false, schema: { type: 'string' } }],
    responses: { 200: htmlPage('The campaign\'s progress'), 303: signInFirst, 401: htmlPage('No valid session (to a client that does not ask for HTML)'), 403: htmlPage('Not an administrator'), 404: htmlPage('Unknown version, or nothing announced') },
  },
};

function operation(route: RouteSpec): Json {
  const spec = OPERATIONS[routeKey(route)];
  if (!spec) throw new Error(`no OpenAPI operation for ${routeKey(route)}`);
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => PARAMETERS[match[1] as string]);
  const responses: Json = { ...spec.responses };
  if (route.auth === 'jwt') {
    responses[401] = { description: 'Missing or invalid token (answered by the JWT authorizer)', headers: { 'WWW-Authenticate': { schema: { const: 'Bearer' } } }, content: gatewayJson };
    responses[403] = route.scopes
      ? { description: `Token lacks the scope (${route.scopes.join(' or ')})`, content: { 'application/json': { schema: ref('GatewayMessage') }, 'application/problem+json': { schema: ref('Problem') } } }
      : problem('Not this member\'s record, and no consent:admin scope');
  }
  // HTML routes answer bad input with a page (naming the field and rule), not problem+json.
  const forPeople = route.function === 'pages' || route.function === 'optout';
  const answerBadInput = forPeople ? htmlPage : problem;
  if (spec.requestBody) {
    responses[400] ??= answerBadInput('Invalid input: names the field and the rule');
    if (!spec.requestBody.endsWith('Form')) responses[415] ??= problem('Body is not JSON');
    // The handlers refuse bodies over MAX_BODY_BYTES themselves, well below the gateway's limit.
    responses[413] ??= answerBadInput(`Body larger than ${MAX_BODY_BYTES} bytes`);
  } else if (pathParameters.length > 0 || spec.parameters) {
    responses[400] ??= answerBadInput('Invalid parameter: names the field and the rule');
  }
  if (route.auth === 'jwt') responses[503] ??= { ...problem('Storage unavailable: no answer given, nothing written; see Retry-After'), headers: retryAfterHeader };
  else if (forPeople) responses[503] ??= htmlPage('Storage unavailable: a page saying to try again; see Retry-After');
  if (forPeople) {
    // A client that does not ask for HTML (fetch, curl, scripts) gets the same refusal as RFC 9457
    // problem details (lib/web/pages/framework.ts; the opt-out link when it asks for JSON only).
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) >= 400) responses[status] = withContent(response as Json, problemContent);
    }
  }
  // API Gateway refuses a body over 10 MB itself, on any route, before the function runs; and
  // answers 503 itself when the function takes longer than the integration timeout (30 s).
  responses[413] = withContent((responses[413] as Json | undefined) ?? { description: 'Body over 10 MB (answered by API Gateway)' }, gatewayJson);
  responses[503] = withContent((responses[503] as Json | undefined) ?? { description: 'No answer within 30 s (answered by API Gateway)' }, gatewayJson);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(route.auth === 'jwt' ? { security: [{ bearer: route.scopes ?? [] }] } : { security: [] }),
    ...(pathParameters.length > 0 || spec.parameters ? { parameters: [...pathParameters, ...(spec.parameters ?? [])] } : {}),
    ...(spec.requestBody
      ? {
          requestBody: {
            required: spec.requestBodyOptional !== true,
            content: { [spec.requestBody.endsWith('Form') ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: ref(spec.requestBody) } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Consent Ledger',
      version: CONTRACT_VERSION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Decides, records and explains whether a member\'s data may be used for a purpose such as training ' +
        'generative-AI models, as of any time. Errors are RFC 9457 problem details naming the field and the rule. ' +
        'A method and path not described here is answered 404 by the gateway (components/responses/RouteNotFound).',
    },
    servers: [{ url: '/' }],
    components: {
      schemas,
      responses: responseComponents,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Claims: sub (the member id, or a client id) and scope (space-separated: consent:admin, eligibility:read). ' +
            'A deployment may name the member id claim and the two scopes otherwise (MEMBER_ID_CLAIM, ADMIN_SCOPE, ELIGIBILITY_SCOPE; e.g. username and ledger/consent:admin with Cognito); ' +
            'this document states the contract\'s names.',
        },
      },
    },
    paths,
  };
}
