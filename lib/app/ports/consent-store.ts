// The storage seam: services depend on this interface, lib/adapters/dynamo/consent-store.ts implements it.
import type { ContactProfile } from '../../domain/erasure.ts';
import type { ArchivedChoices } from '../../domain/history.ts';
import type { ChoiceEntry, ChoiceSource, MemberTimeline, ProfileVersion } from '../../domain/member.ts';
import type { PolicyVersion } from '../../domain/policy.ts';
import type { PolicyTranslation } from '../../domain/policy-texts.ts';

/**
 * A choice as recorded: the entry eligibility reads, with its audit facts. `requestId` is a short
 * fingerprint of the request that recorded it (see requestRef), enough to recognise its retries.
 */
export interface RecordedChoice extends ChoiceEntry {
  source: ChoiceSource;
  actor: string;
  requestId: string;
}

/** A choice with its number in the purpose's history (1 = the first ever): what an ETag names. */
export interface NumberedChoice {
  position: number;
  entry: RecordedChoice;
}

/** What a choice write answered, kept with its Idempotency-Key so that a replay answers the same. */
export interface StoredAnswer {
  consent: object;
  etag: string;
  /** The receipt as first signed (absent from answers stored before receipts existed). */
  receipt?: string | undefined;
}

/** An Idempotency-Key in use: an item of its own, written with the choice it guards. */
export interface IdempotencyMark {
  requestId: string;
  requestHash: string;
  expiresAt: string;
  /** Set once the guarded write was answered. */
  answer?: StoredAnswer | undefined;
}

export interface MemberRecord extends MemberTimeline {
  memberId: string;
  /** Absent once the member is erased. */
  email: string | undefined;
  locale?: string | undefined;
  /** Who erased the member (the caller's sub), once erased (erasedAt). */
  erasedBy?: string | undefined;
  /** Every item of the member other than this one was rewritten without what the erasure removes. */
  scrubbed?: boolean | undefined;
  /** The recent tail of each purpose's choices, in the order they were recorded. */
  choices: Record<string, RecordedChoice[]>;
  /** Every choice ever recorded per purpose, archived ones included: the ETag. */
  counts: Record<string, number>;
  archivedChoices: Record<string, ArchivedChoices>;
  profilesTrimmed: boolean;
  /** Fingerprints of the latest requests that recorded a choice, to recognise a retry of one whose answer was lost. */
  recentRequests: string[];
  /** Bumped by every write; profile writes are conditional on it (optimistic concurrency). */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The stored hot item's size as DynamoDB counts it, in bytes. */
  hotBytes: number;
}

export interface ProfileEvent {
  kind: 'profile';
  /** Email, locale and birth date stay until the member is erased. */
  profile: ContactProfile;
  actor: string;
  requestId: string;
  effectiveAt: string;
  recordedAt: string;
}

export interface ProfileWrite {
  /** The new state; a write to an existing member changes only its profile and contact fields. */
  record: MemberRecord;
  /** The version the record had when read; 0 when it did not exist. */
  expectedVersion: number;
  event: ProfileEvent;
}

export interface ChoiceAppend {
  memberId: string;
  purpose: string;
  entry: RecordedChoice;
  /** If-Match: the write happens only if the purpose has one of these numbers of choices. */
  expectedCounts?: readonly number[] | undefined;
  /** Claims an Idempotency-Key in the same atomic write: both happen, or neither. */
  idempotency?: { keyId: string; mark: IdempotencyMark } | undefined;
}

/**
 * 'appended': the record right after this write (its entry is in its purpose's hot tail).
 * 'refused': a condition failed: the key was in use (usedMark), or here is the record as it was
 * (undefined: no such member, or not read because the key was in use); the caller tells which.
 */
export type AppendOutcome =
  | { outcome: 'appended'; record: MemberRecord }
  | { outcome: 'refused'; record: MemberRecord | undefined; usedMark?: IdempotencyMark | undefined };

/** Moves the oldest `entries` of a purpose's hot tail to one new archive item, or nothing. */
export interface ChoiceArchiving {
  memberId: string;
  purpose: string;
  /** The entries that move, oldest first, at their effective times. */
  entries: RecordedChoice[];
  /** The archived count before the move: the move applies only if the hot item still shows it. */
  expectedArchived: number;
  /** What the hot item says of the archive after the move. */
  archivedAfter: ArchivedChoices;
  /** Request fingerprints the hot item can forget in the same write. */
  forgetRequests: readonly string[];
}

/** One page of a purpose's archived choices, and where the next one starts. */
export interface ArchivedPage {
  choices: NumberedChoice[];
  /** The archive item to read on from; undefined when the archive has no more. */
  continueFrom?: string | undefined;
}

export interface StoredPolicy {
  policy: PolicyVersion;
  recordedAt: string;
  recordedBy: string;
}

/** Texts of one language added to a policy version after it was recorded: written once, never changed. */
export interface StoredTranslation {
  policyId: string;
  /** Canonical BCP 47 tag. */
  locale: string;
  texts: PolicyTranslation;
  recordedAt: string;
  recordedBy: string;
}

export type WriteOutcome = 'written' | 'version_conflict';

/**
 * An erasure's first write, on the hot item alone: marks it erased (when, by whom) and leaves it
 * without email and locale, its profiles replaced by `profiles` (erased ones, ../../domain/erasure.ts),
 * if it is still at `expectedVersion` and not erased yet. From then on no choice is appended.
 */
export interface MemberErasure {
  memberId: string;
  expectedVersion: number;
  erasedAt: string;
  erasedBy: string;
  profiles: ProfileVersion[];
}

/** The longest a store may take to commit a write; after it, a write has landed or never will. */
export const WRITE_DEADLINE_MS = 5_000;

export interface ConsentStore {
  getMember(memberId: string, options: { consistent: boolean }): Promise<MemberRecord | undefined>;
  /** Hot items of many members in as few reads as the store allows; absent ids are missing. */
  getTimelines(memberIds: readonly string[], options: { consistent: boolean }): Promise<Map<string, MemberTimeline>>;
  /** Writes a profile change and its event atomically, or nothing. */
  writeProfile(write: ProfileWrite): Promise<WriteOutcome>;
  /**
   * Appends a choice to the member's history in one atomic write that reads nothing first, so
   * concurrent writers never conflict: the store orders them.
   */
  appendChoice(append: ChoiceAppend): Promise<AppendOutcome>;
  /** Moves old choices from the hot item to an archive item atomically; false when another move came first. */
  archiveChoices(archiving: ChoiceArchiving): Promise<boolean>;
  /** The latest archived choice of a purpose in effect at or before `at`: one query. */
  archivedChoiceAt(memberId: string, purpose: string, at: Date, options: { consistent: boolean }): Promise<NumberedChoice | undefined>;
  /** Archived choices from `position` on, oldest first, at least `limit` of them unless the archive ends. */
  archivedChoices(memberId: string, purpose: string, position: number, limit: number, continueFrom?: string): Promise<ArchivedPage>;
  /** Archived choices up to `lastPosition`, the `limit` latest of them, oldest first: read from the archive's end. */
  archivedChoicesUpTo(memberId: string, purpose: string, lastPosition: number, limit: number): Promise<NumberedChoice[]>;
  /** The archived choice a request recorded, among the latest archive items (a retry comes soon after). */
  findArchivedChoice(memberId: string, purpose: string, requestId: string): Promise<NumberedChoice | undefined>;
  /** The profile recorded latest at or before `at`, from the profile events: one query. */
  archivedProfileAt(memberId: string, at: Date, options: { consistent: boolean }): Promise<ProfileVersion | undefined>;
  /** Every profile recorded, oldest first, from the profile events (without contact fields): the hot item keeps only the first and the latest. */
  profileHistory(memberId: string): Promise<ProfileVersion[]>;
  /** An erasure's first write (see MemberErasure). */
  markErased(erasure: MemberErasure): Promise<WriteOutcome>;
  /**
   * An erasure's second step, once the member is marked erased: every other item of the member that
   * holds what the erasure removes is rewritten without it (profile events through `redact`, a
   * notice record's last delivery error), a page at a time; then the hot item is noted `scrubbed`.
   * Safe to run again after an interruption: rewritten items are passed over.
   */
  scrubErasedMember(memberId: string, redact: (profile: ContactProfile) => ProfileVersion): Promise<void>;
  /** An Idempotency-Key's mark as it stands now (a strongly consistent read), or undefined. */
  getIdempotencyMark(memberId: string, keyId: string): Promise<IdempotencyMark | undefined>;
  /**
   * Stores the answer to the request that claimed a key (`requestId`), unless one is stored
   * already: the first answer stands. Returns the answer that stands; undefined when the mark is
   * gone or now belongs to another request.
   */
  answerIdempotencyKey(memberId: string, keyId: string, requestId: string, answer: StoredAnswer): Promise<StoredAnswer | undefined>;
  /** Housekeeping: forgets request fingerprints too old to be retried still. */
  forgetRequests(memberId: string, requestIds: readonly string[]): Promise<void>;
  putPolicy(policy: StoredPolicy): Promise<'created' | 'exists'>;
  getPolicy(policyId: string): Promise<StoredPolicy | undefined>;
  listPolicies(): Promise<StoredPolicy[]>;
  /** Writes a translation unless one of the same version and locale exists ('exists'): never overwrites. */
  putPolicyTranslation(translation: StoredTranslation): Promise<'created' | 'exists'>;
  getPolicyTranslation(policyId: string, locale: string): Promise<StoredTranslation | undefined>;
  /** Every translation of every version: few, read with the versions. */
  listPolicyTranslations(): Promise<StoredTranslation[]>;
}
