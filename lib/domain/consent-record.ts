// The member's consent record, shaped after ISO/IEC TS 27560:2023 (consent record information
// structure) with the field list of the W3C DPV guide "Consent Records and Receipts as per ISO/IEC
// TS 27560:2023 using DPV" (https://w3id.org/dpv/guides/consent-27560): a header that names the
// record and the member, the processing their choices govern, and one event per choice. Pure:
// what each choice is as a consent event, and which purposes, policy versions, jurisdictions and
// legal bases the processing section names. README "The member's consent record" maps each field.
import { createHash } from 'node:crypto';
import type { Choice, ChoiceEntry, ChoiceSource, ProfileVersion } from './member.ts';
import { own } from './own.ts';
import { byEffectiveAt, policyInForce, type LegalBasis, type PolicyVersion } from './policy.ts';
import { ruleFor } from './rule-in-force.ts';

/** 27560 schema_version: this service's record layout, version 1. */
export const RECORD_SCHEMA_VERSION = 'urn:consent-ledger:iso-27560:record:v1';

/**
 * 27560 event type, the DPV consent type: how the member expressed the decision.
 * `explicitly_expressed` (dpv:ExplicitlyExpressedConsent): an action about this setting alone.
 * `expressed` (dpv:ExpressedConsent): an action meant as a decision, but not about this setting
 * alone (a browser's Global Privacy Control signal), or whose form the ledger does not know (an import).
 */
export const CONSENT_TYPES = ['explicitly_expressed', 'expressed'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

/**
 * 27560 event state, the DPV consent status after the event: `given` (dpv:ConsentGiven),
 * `renewed` (dpv:RenewedConsentGiven: a grant after a grant), `withdrawn` (dpv:ConsentWithdrawn: a
 * denial after a grant), `refused` (dpv:ConsentRefused: a denial with no grant before it).
 */
export const CONSENT_STATES = ['given', 'renewed', 'refused', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

const TYPE_OF_SOURCE: Record<ChoiceSource, ConsentType> = {
  settings: 'explicitly_expressed',
  email_link: 'explicitly_expressed',
  api: 'explicitly_expressed',
  support: 'explicitly_expressed',
  import: 'expressed',
  gpc: 'expressed',
};

export function consentTypeOf(source: ChoiceSource): ConsentType {
  return TYPE_OF_SOURCE[source];
}

/** The state a choice leaves consent in, given the member's previous choice for the purpose. */
export function consentStateAfter(previous: Choice | undefined, choice: Choice): ConsentState {
  if (choice === 'granted') return previous === 'granted' ? 'renewed' : 'given';
  return previous === 'granted' ? 'withdrawn' : 'refused';
}

/** A choice as recorded, at its effective time: what an event is made from. */
export interface AuditedChoice extends ChoiceEntry {
  source: ChoiceSource;
  actor: string;
}

/** One 27560 consent event: a choice of the member's, in the record. */
export interface RecordEvent {
  /** 27560 event_time: when the choice took effect (ISO 8601, UTC). */
  time: string;
  type: ConsentType;
  state: ConsentState;
  /** How the choice reached the ledger (DPV expression method): the choice's source. */
  source: ChoiceSource;
  purpose: string;
  /** 27560 entity id: who recorded it (the member, or the administrator acting at their request). */
  actor: string;
  /** The policy version in force when the choice took effect; null before any. */
  policyVersion: string | null;
}

/** The event of `choice`, the member's choice for `purpose` after `previous` (undefined: their first). */
export function recordEvent(purpose: string, choice: AuditedChoice, previous: Choice | undefined, policies: readonly PolicyVersion[]): RecordEvent {
  return {
    time: choice.at,
    type: consentTypeOf(choice.source),
    state: consentStateAfter(previous, choice.choice),
    source: choice.source,
    purpose,
    actor: choice.actor,
    policyVersion: policyInForce(policies, new Date(choice.at))?.id ?? null,
  };
}

/** A notice of a policy version, delivered to the member: 27560's privacy notice, as it reached them. */
export interface DeliveredNotice {
  policyVersion: string;
  deliveredAt: string;
}

/** 27560 processing: one purpose under one legal basis in one jurisdiction, and the versions it held in. */
export interface ProcessingEntry {
  purpose: string;
  /** The policy versions (oldest first) under which this purpose had this basis where the member was. */
  policyVersions: string[];
  /** Where the member was: their subdivision, else their country (as change events name it). */
  jurisdiction: string;
  legalBasis: LegalBasis;
  /** Where the member changes or withdraws the choice: the settings page. */
  withdrawalMethod: string;
  /** The notices of those versions delivered to the member, in the same order. */
  notices: DeliveredNotice[];
}

export interface ProcessingFacts {
  /** Every profile of the member, oldest first; the first covers all earlier times. */
  profiles: readonly ProfileVersion[];
  policies: readonly PolicyVersion[];
  /** Policy version id → when the member's notice of it was delivered. */
  notices: Readonly<Record<string, string>>;
  now: Date;
  withdrawalMethod: string;
}

/** Where a profile applied: from its `from` (the first: from ever) to the next profile's. */
function profileSpans(profiles: readonly ProfileVersion[]): { profile: ProfileVersion; start: number; end: number }[] {
  return profiles.map((profile, index) => ({
    profile,
    start: index === 0 ? -Infinity : Date.parse(profile.from),
    end: index + 1 < profiles.length ? Date.parse(profiles[index + 1]!.from) : Infinity,
  }));
}

/**
 * The processing the member's record covers: every purpose of every announced policy version
 * (those announced but not in force yet included: the member may have been told of them), under
 * the rule for each place the member was while the version was (or will be) in force. A rule
 * that excludes the member's place processes nothing, so it names no processing. Entries sort by
 * purpose, then in the order they first held.
 */
export function processingOf(facts: ProcessingFacts): ProcessingEntry[] {
  const entries = new Map<string, ProcessingEntry>();
  const versions = byEffectiveAt(facts.policies);
  const spans = profileSpans(facts.profiles);
  versions.forEach((version, index) => {
    if (Date.parse(version.announcedAt) > facts.now.getTime()) return;
    const start = Date.parse(version.effectiveAt);
    const end = index + 1 < versions.length ? Date.parse(versions[index + 1]!.effectiveAt) : Infinity;
    for (const span of spans) {
      if (span.start >= end || span.end <= start) continue;
      for (const [purpose, purposePolicy] of Object.entries(version.purposes)) {
        const { rule } = ruleFor(purposePolicy, span.profile);
        if (rule.regime === 'excluded' || rule.legalBasis === undefined) continue;
        const jurisdiction = span.profile.subdivision ?? span.profile.country;
        const key = JSON.stringify([purpose, jurisdiction, rule.legalBasis]);
        let entry = entries.get(key);
        if (!entry) {
          entry = { purpose, policyVersions: [], jurisdiction, legalBasis: rule.legalBasis, withdrawalMethod: facts.withdrawalMethod, notices: [] };
          entries.set(key, entry);
        }
        if (entry.policyVersions.includes(version.id)) continue;
        entry.policyVersions.push(version.id);
        const deliveredAt = own(facts.notices, version.id);
        if (deliveredAt !== undefined) entry.notices.push({ policyVersion: version.id, deliveredAt });
      }
    }
  });
  return [...entries.values()].sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
}

/** Fixed namespace of this service's record ids (a random UUID, chosen once). */
const RECORD_ID_NAMESPACE = '07f4e8f6-f2f3-4de6-a490-09ef518ab00b';

/** An RFC 9562 version 5 UUID: SHA-1 of the namespace's bytes and the name's UTF-8. */
export function nameBasedUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * 27560 record_id: a UUID, the same for the member's record every time it is read (name-based on
 * the member id), so that the pages of a record, and every download of it, name one record
 * without storing an id.
 */
export function recordIdOf(memberId: string): string {
  return nameBasedUuid(RECORD_ID_NAMESPACE, memberId);
}
