// How a member is stored: the hot item (M#<id> / STATE) and its archive items, and what they
// weigh. Every choice write rewrites the hot item and DynamoDB bills it per started KB, so entries
// are packed into short strings and the weight is estimated the way DynamoDB counts it.
import type { ArchivedChoices } from '../../domain/history.ts';
import type { MemberTimeline, ProfileVersion } from '../../domain/member.ts';
import { CHOICE_SOURCES, type ChoiceSource } from '../../domain/member.ts';
import type { MemberRecord, RecordedChoice } from '../../app/ports/consent-store.ts';

export const memberKey = (memberId: string) => `M#${memberId}`;
export const STATE = 'STATE';

/** Archive items of a purpose's choices sort by effective time, then position: `AC#<purpose>#<at>#<position>`. */
export const archivePrefix = (purpose: string) => `AC#${purpose}#`;
export const archiveKey = (purpose: string, firstAt: string, firstPosition: number) =>
  `${archivePrefix(purpose)}${firstAt}#${String(firstPosition).padStart(12, '0')}`;
/** Profile events sort by the time they take effect: `P#<from>#<version>`. */
export const PROFILE_PREFIX = 'P#';
export const profileEventKey = (from: string, version: number) => `${PROFILE_PREFIX}${from}#${String(version).padStart(10, '0')}`;
/** An Idempotency-Key in use, as an item of its own so that any number can be live. */
export const idempotencyKey = (keyId: string) => `I#${keyId}`;
/** This member's notice of a policy version (claim, delivery): `N#<policyId>`, written by the notice store. */
export const NOTICE_PREFIX = 'N#';
export const noticeKey = (policyId: string) => `${NOTICE_PREFIX}${policyId}`;

const CHOICE_CODES = { granted: 'g', denied: 'd' } as const;
const SEPARATOR = '|';

/**
 * One choice as one string, `at|g|source|request|actor`: about a third of the map it stands for.
 * The actor comes last and may be anything; the other fields never hold the separator.
 */
export function encodeChoice(entry: RecordedChoice): string {
  return [entry.at, CHOICE_CODES[entry.choice], entry.source, entry.requestId, entry.actor].join(SEPARATOR);
}

export function decodeChoice(encoded: string): RecordedChoice {
  const parts = encoded.split(SEPARATOR);
  const [at = '', code, source = '', requestId = ''] = parts;
  if (!CHOICE_SOURCES.includes(source as ChoiceSource)) throw new Error(`stored choice has an unknown source: ${source}`);
  return {
    at,
    choice: code === 'g' ? 'granted' : 'denied',
    source: source as ChoiceSource,
    requestId,
    actor: parts.slice(4).join(SEPARATOR),
  };
}

type StoredArchive = { n: number; at: string; g?: boolean };

/** The hot item a member record is stored as. */
export function stateItem(record: MemberRecord): Record<string, unknown> {
  const { recentRequests, choices, archivedChoices, hotBytes: _weight, ...fields } = record;
  const item: Record<string, unknown> = {
    pk: memberKey(record.memberId),
    sk: STATE,
    ...fields,
    choices: Object.fromEntries(Object.entries(choices).map(([purpose, entries]) => [purpose, entries.map(encodeChoice)])),
    archived: Object.fromEntries(
      Object.entries(archivedChoices).map(([purpose, mark]): [string, StoredArchive] => [
        purpose,
        { n: mark.count, at: mark.lastAt, ...(mark.gpcDenial ? { g: true } : {}) },
      ]),
    ),
  };
  // An empty set cannot be stored: absent means none.
  if (recentRequests.length > 0) item.recentRequests = new Set(recentRequests);
  return item;
}

function decodeChoices(stored: unknown): Record<string, RecordedChoice[]> {
  const choices: Record<string, RecordedChoice[]> = {};
  for (const [purpose, entries] of Object.entries((stored as Record<string, string[]> | undefined) ?? {})) {
    choices[purpose] = entries.map(decodeChoice);
  }
  return choices;
}

function decodeArchived(stored: unknown): Record<string, ArchivedChoices> {
  const archived: Record<string, ArchivedChoices> = {};
  for (const [purpose, mark] of Object.entries((stored as Record<string, StoredArchive> | undefined) ?? {})) {
    archived[purpose] = { count: mark.n, lastAt: mark.at, gpcDenial: mark.g === true };
  }
  return archived;
}

/** What eligibility reads of a hot item (a batch read projects just these). */
export const TIMELINE_ATTRIBUTES = ['memberId', 'profiles', 'choices', 'notices', 'archived', 'profilesTrimmed', 'erasedAt'] as const;

export function toTimeline(item: Record<string, unknown>): MemberTimeline {
  return {
    profiles: (item.profiles as ProfileVersion[] | undefined) ?? [],
    choices: decodeChoices(item.choices),
    notices: (item.notices as Record<string, string> | undefined) ?? {},
    archivedChoices: decodeArchived(item.archived),
    profilesTrimmed: item.profilesTrimmed === true,
    ...(item.erasedAt === undefined ? {} : { erasedAt: item.erasedAt as string }),
  };
}

export function toMemberRecord(item: Record<string, unknown>): MemberRecord {
  const choices = decodeChoices(item.choices);
  const archivedChoices = decodeArchived(item.archived);
  const counts: Record<string, number> = {};
  for (const purpose of new Set([...Object.keys(choices), ...Object.keys(archivedChoices)])) {
    counts[purpose] = (archivedChoices[purpose]?.count ?? 0) + (choices[purpose]?.length ?? 0);
  }
  return {
    ...toTimeline(item),
    choices,
    archivedChoices,
    profilesTrimmed: item.profilesTrimmed === true,
    // The stored counts are what writes compare with; they equal archived plus hot entries.
    counts: { ...counts, ...((item.counts as Record<string, number> | undefined) ?? {}) },
    recentRequests: [...((item.recentRequests as Set<string> | undefined) ?? [])],
    memberId: item.memberId as string,
    email: item.email as string | undefined,
    locale: item.locale as string | undefined,
    ...(item.erasedBy === undefined ? {} : { erasedBy: item.erasedBy as string }),
    ...(item.scrubbed === true ? { scrubbed: true } : {}),
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    hotBytes: itemBytes(item),
  };
}

/** A profile event's profile without the contact fields (email, locale): the facts eligibility reads. */
export function profileFacts(stored: ProfileVersion & { email?: string; locale?: string }): ProfileVersion {
  const { email: _email, locale: _locale, ...facts } = stored;
  return facts;
}

/** An archive item's choices with their positions. */
export function archivedEntries(item: Record<string, unknown>): { position: number; entry: RecordedChoice }[] {
  const first = item.first as number;
  return (item.entries as string[]).map((encoded, index) => ({ position: first + index, entry: decodeChoice(encoded) }));
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * An item's size as DynamoDB bills it (the documented rules): names and strings by their UTF-8
 * bytes, numbers by about one byte per two digits, and 3 bytes plus 1 per element for lists and
 * maps.
 */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8Bytes(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueBytes(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [name, element]) => sum + 1 + utf8Bytes(name) + valueBytes(element), 0);
}
