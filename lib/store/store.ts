// The storage seam: services depend on this interface, lib/store/dynamo-store.ts implements it.
import type { Choice, ChoiceSource, MemberTimeline, ProfileVersion } from '../domain/member.ts';
import type { PolicyVersion } from '../domain/policy.ts';

export interface MemberRecord extends MemberTimeline {
  memberId: string;
  email: string;
  locale?: string | undefined;
  /** Bumped by every write; writes are conditional on it (optimistic concurrency). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChoiceEvent {
  kind: 'choice';
  purpose: string;
  choice: Choice;
  source: ChoiceSource;
  actor: string;
  requestId: string;
  effectiveAt: string;
  recordedAt: string;
}

export interface ProfileEvent {
  kind: 'profile';
  profile: ProfileVersion & { email: string; locale?: string | undefined };
  actor: string;
  requestId: string;
  effectiveAt: string;
  recordedAt: string;
}

export type MemberEvent = ChoiceEvent | ProfileEvent;

/** The first answer to a request carrying an Idempotency-Key, kept to answer its replays. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  /** The use case's result as JSON, shaped into a response the same way as the first time. */
  result: string;
  expiresAt: string;
}

export interface MemberWrite {
  record: MemberRecord;
  /** The version the record had when read; 0 when it did not exist. */
  expectedVersion: number;
  event: MemberEvent;
  idempotency?: IdempotencyRecord | undefined;
}

export interface StoredPolicy {
  policy: PolicyVersion;
  recordedAt: string;
  recordedBy: string;
}

export type WriteOutcome = 'written' | 'version_conflict' | 'idempotency_conflict';

export interface ConsentStore {
  getMember(memberId: string, options: { consistent: boolean }): Promise<MemberRecord | undefined>;
  /** Timelines of many members in as few reads as the store allows; absent ids are missing. */
  getTimelines(memberIds: readonly string[], options: { consistent: boolean }): Promise<Map<string, MemberTimeline>>;
  /** Writes the new state, its event and the idempotency record atomically, or nothing. */
  writeMember(write: MemberWrite): Promise<WriteOutcome>;
  listChoiceEvents(memberId: string, purpose: string): Promise<ChoiceEvent[]>;
  getIdempotencyRecord(memberId: string, key: string): Promise<IdempotencyRecord | undefined>;
  putPolicy(policy: StoredPolicy): Promise<'created' | 'exists'>;
  getPolicy(policyId: string): Promise<StoredPolicy | undefined>;
  listPolicies(): Promise<StoredPolicy[]>;
}
