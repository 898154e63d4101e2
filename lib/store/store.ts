// The storage seam: services depend on this interface, lib/store/dynamo-store.ts implements it.
import type { ChoiceEntry, ChoiceSource, MemberTimeline, ProfileVersion } from '../domain/member.ts';
import type { PolicyVersion } from '../domain/policy.ts';

/** A choice as recorded: the entry eligibility reads, with its audit facts. */
export interface RecordedChoice extends ChoiceEntry {
  source: ChoiceSource;
  actor: string;
  requestId: string;
}

/** Marks an Idempotency-Key as used by the request that recorded a choice, until it expires. */
export interface IdempotencyMark {
  requestId: string;
  requestHash: string;
  expiresAt: string;
}

export interface MemberRecord extends MemberTimeline {
  memberId: string;
  email: string;
  locale?: string | undefined;
  /** Every choice per purpose, in the order they were recorded: the audit history itself. */
  choices: Record<string, RecordedChoice[]>;
  /** Idempotency keys used by choice writes, by key id. */
  idempotency: Record<string, IdempotencyMark>;
  /** Requests whose choices were recorded lately, to recognise a retry of one whose answer was lost. */
  recentRequests: string[];
  /** Bumped by every write; profile writes are conditional on it (optimistic concurrency). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileEvent {
  kind: 'profile';
  profile: ProfileVersion & { email: string; locale?: string | undefined };
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
  /** Claims an Idempotency-Key: the write happens only if the key is unused or expired. */
  idempotency?: { keyId: string; mark: IdempotencyMark } | undefined;
}

/**
 * 'appended': the record right after this write (its entry is the last of its purpose).
 * 'refused': a condition failed, and here is the record as it was (undefined: no such member);
 * the caller tells which one from it.
 */
export type AppendOutcome = { outcome: 'appended'; record: MemberRecord } | { outcome: 'refused'; record: MemberRecord | undefined };

export interface StoredPolicy {
  policy: PolicyVersion;
  recordedAt: string;
  recordedBy: string;
}

export type WriteOutcome = 'written' | 'version_conflict';

export interface ConsentStore {
  getMember(memberId: string, options: { consistent: boolean }): Promise<MemberRecord | undefined>;
  /** Timelines of many members in as few reads as the store allows; absent ids are missing. */
  getTimelines(memberIds: readonly string[], options: { consistent: boolean }): Promise<Map<string, MemberTimeline>>;
  /** Writes a profile change and its event atomically, or nothing. */
  writeProfile(write: ProfileWrite): Promise<WriteOutcome>;
  /**
   * Appends a choice to the member's history in one atomic write that reads nothing first, so
   * concurrent writers never conflict: the store orders them.
   */
  appendChoice(append: ChoiceAppend): Promise<AppendOutcome>;
  /** Housekeeping: drops expired idempotency marks (one renewed meanwhile stays) and old request ids. */
  tidyMember(memberId: string, tidy: { expiredKeys: readonly string[]; oldRequests: readonly string[] }, now: string): Promise<void>;
  putPolicy(policy: StoredPolicy): Promise<'created' | 'exists'>;
  getPolicy(policyId: string): Promise<StoredPolicy | undefined>;
  listPolicies(): Promise<StoredPolicy[]>;
}
