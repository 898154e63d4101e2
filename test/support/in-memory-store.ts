// ConsentStore in memory, for fast unit tests of the use cases. It keeps the DynamoDB adapter's
// items (lib/adapters/dynamo/consent-store.ts) in an InMemoryTable and applies the same conditions: the hot
// item is encoded and decoded with the production codec (stateItem / toMemberRecord), so its
// hotBytes are what DynamoDB would bill and compaction happens as in production.
import { holdsErasedData, type ContactProfile } from '../../lib/domain/erasure.ts';
import type { MemberTimeline, ProfileVersion } from '../../lib/domain/member.ts';
import { own } from '../../lib/domain/own.ts';
import { StorageUnavailableError } from '../../lib/app/errors.ts';
import {
  archivedEntries,
  archiveKey,
  archivePrefix,
  encodeChoice,
  idempotencyKey,
  memberKey,
  NOTICE_PREFIX,
  PROFILE_PREFIX,
  profileEventKey,
  profileFacts,
  STATE,
  stateItem,
  toMemberRecord,
  toTimeline,
} from '../../lib/adapters/dynamo/member-item.ts';
import type {
  AppendOutcome,
  ArchivedPage,
  ChoiceAppend,
  ChoiceArchiving,
  ConsentStore,
  IdempotencyMark,
  MemberErasure,
  MemberRecord,
  NumberedChoice,
  ProfileWrite,
  StoredAnswer,
  StoredPolicy,
  StoredTranslation,
  WriteOutcome,
} from '../../lib/app/ports/consent-store.ts';
import { InMemoryTable, type Item } from './in-memory-table.ts';

const POLICY = 'POLICY';
const POLICY_TEXT = 'POLICYTEXT';
const policyTextKey = (policyId: string, locale: string): string => `${policyId}#${locale}`;

/** The hot item a record is stored as, as the document client would store it. */
export const encodeMember = (record: MemberRecord): Item & { pk: string; sk: string } =>
  stateItem(record) as Item & { pk: string; sk: string };

function toMark(item: Item): IdempotencyMark {
  return {
    requestId: item.requestId as string,
    requestHash: item.requestHash as string,
    expiresAt: item.expiresAt as string,
    answer: item.answer as IdempotencyMark['answer'],
  };
}

const toTranslation = (item: Item): StoredTranslation => ({
  policyId: item.policyId as string,
  locale: item.locale as string,
  texts: item.texts as StoredTranslation['texts'],
  recordedAt: item.recordedAt as string,
  recordedBy: item.recordedBy as string,
});

type Method = keyof ConsentStore;

export class InMemoryConsentStore implements ConsentStore {
  readonly table: InMemoryTable;
  /** Calls per method, for tests that check what a use case did. */
  readonly calls: Partial<Record<Method, number>> = {};
  private readonly faults = new Map<Method, Error[]>();
  private lostAppendAnswers: (() => Promise<unknown>)[] = [];

  constructor(table: InMemoryTable = new InMemoryTable()) {
    this.table = table;
  }

  /** The next call of `method` throws `error` (default: storage unavailable) and changes nothing. */
  failNext(method: Method, error: Error = new StorageUnavailableError(`injected: ${method} failed`)): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), error]);
  }

  /**
   * The next append lands, but its answer is lost: like the SDK after a timeout, the adapter sends
   * the same append again (after `meanwhile`, e.g. another writer's write) and answers what that gave.
   */
  loseNextAppendAnswer(meanwhile: () => Promise<unknown> = async () => undefined): void {
    this.lostAppendAnswers.push(meanwhile);
  }

  private enter(method: Method): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    const error = this.faults.get(method)?.shift();
    if (error) throw error;
  }

  private hot(memberId: string): Item | undefined {
    return this.table.get(memberKey(memberId), STATE);
  }

  /** Writes a member's hot item back after a change, through the production codec. */
  private writeHot(record: MemberRecord): void {
    this.table.put(encodeMember(record));
  }

  async getMember(memberId: string, _options: { consistent: boolean }): Promise<MemberRecord | undefined> {
    this.enter('getMember');
    const item = this.hot(memberId);
    return item ? toMemberRecord(item) : undefined;
  }

  async getTimelines(memberIds: readonly string[], _options: { consistent: boolean }): Promise<Map<string, MemberTimeline>> {
    this.enter('getTimelines');
    const found = new Map<string, MemberTimeline>();
    for (const memberId of new Set(memberIds)) {
      const item = this.hot(memberId);
      if (item) found.set(item.memberId as string, toTimeline(item));
    }
    return found;
  }

  async writeProfile(write: ProfileWrite): Promise<WriteOutcome> {
    this.enter('writeProfile');
    const { record, expectedVersion, event } = write;
    const pk = memberKey(record.memberId);
    const eventKey = profileEventKey(event.effectiveAt, record.version);
    const current = this.hot(record.memberId);
    if (this.table.has(pk, eventKey)) return 'version_conflict';
    if (expectedVersion === 0) {
      if (current) return 'version_conflict';
      this.writeHot(record);
    } else {
      if (!current || current.version !== expectedVersion) return 'version_conflict';
      // Only the profile and contact fields: choices, notices and marks written meanwhile stay.
      const updated = toMemberRecord(current);
      this.writeHot({
        ...updated,
        email: record.email,
        locale: record.locale,
        profiles: record.profiles,
        profilesTrimmed: record.profilesTrimmed,
        updatedAt: record.updatedAt,
        version: record.version,
      });
    }
    this.table.put({ pk, sk: eventKey, memberId: record.memberId, version: record.version, ...event });
    return 'written';
  }

  async appendChoice(append: ChoiceAppend): Promise<AppendOutcome> {
    this.enter('appendChoice');
    const outcome = this.applyAppend(append);
    const meanwhile = this.lostAppendAnswers.shift();
    if (meanwhile === undefined) return outcome;
    await meanwhile();
    return this.applyAppend(append);
  }

  private applyAppend({ memberId, purpose, entry, expectedCounts, idempotency }: ChoiceAppend): AppendOutcome {
    const item = this.hot(memberId);
    const record = item ? toMemberRecord(item) : undefined;
    // The stored count, as the condition reads it (absent until the purpose's first choice).
    const stored = item ? own((item.counts as Record<string, number> | undefined) ?? {}, purpose) : undefined;
    const countMatches =
      expectedCounts === undefined || expectedCounts.some((count) => (count === 0 ? stored === undefined : stored === count));
    const hotHolds = record !== undefined && record.erasedAt === undefined && !record.recentRequests.includes(entry.requestId) && countMatches;
    const markItem = idempotency ? this.table.get(memberKey(memberId), idempotencyKey(idempotency.keyId)) : undefined;
    const markHolds = markItem === undefined || (markItem.expiresAt as string) < entry.at;
    if (!hotHolds || !markHolds) {
      // A transaction reports each failed condition with the item it failed on; a plain update
      // returns the item as it was. Where the hot item's condition held, it is not returned.
      return {
        outcome: 'refused',
        record: hotHolds ? undefined : record,
        ...(markHolds ? {} : { usedMark: toMark(markItem!) }),
      };
    }
    const choices = own(record!.choices, purpose) ?? [];
    this.writeHot({
      ...record!,
      choices: { ...record!.choices, [purpose]: [...choices, entry] },
      counts: { ...record!.counts, [purpose]: (stored ?? 0) + 1 },
      recentRequests: [...record!.recentRequests, entry.requestId],
      version: record!.version + 1,
      updatedAt: entry.at,
    });
    if (idempotency) {
      const { keyId, mark } = idempotency;
      this.table.put({ pk: memberKey(memberId), sk: idempotencyKey(keyId), ...mark, ttl: Math.ceil(Date.parse(mark.expiresAt) / 1000) + 3_600 });
    }
    return { outcome: 'appended', record: toMemberRecord(this.hot(memberId)!) };
  }

  async archiveChoices(archiving: ChoiceArchiving): Promise<boolean> {
    this.enter('archiveChoices');
    const { memberId, purpose, entries, expectedArchived, archivedAfter, forgetRequests } = archiving;
    const first = entries[0];
    if (first === undefined) return false;
    const pk = memberKey(memberId);
    const item = this.hot(memberId);
    if (!item) return false;
    const mark = own((item.archived as Record<string, { n: number }> | undefined) ?? {}, purpose);
    if (expectedArchived > 0 ? mark?.n !== expectedArchived : mark !== undefined) return false;
    const sk = archiveKey(purpose, first.at, expectedArchived + 1);
    // Archive items are immutable.
    if (this.table.has(pk, sk)) return false;
    this.table.put({ pk, sk, purpose, first: expectedArchived + 1, entries: entries.map(encodeChoice) });
    const record = toMemberRecord(item);
    const forget = new Set(forgetRequests);
    this.writeHot({
      ...record,
      // Appends only add at the end: the oldest `entries.length` hot entries are the ones moving.
      choices: { ...record.choices, [purpose]: (own(record.choices, purpose) ?? []).slice(entries.length) },
      archivedChoices: { ...record.archivedChoices, [purpose]: { ...archivedAfter } },
      recentRequests: record.recentRequests.filter((ref) => !forget.has(ref)),
      version: record.version + 1,
    });
    return true;
  }

  async archivedChoiceAt(memberId: string, purpose: string, at: Date, _options: { consistent: boolean }): Promise<NumberedChoice | undefined> {
    this.enter('archivedChoiceAt');
    const [item] = this.table.query(
      memberKey(memberId),
      { from: archivePrefix(purpose), to: `${archivePrefix(purpose)}${at.toISOString()}#~` },
      { descending: true, limit: 1 },
    );
    if (!item) return undefined;
    return archivedEntries(item).findLast(({ entry }) => Date.parse(entry.at) <= at.getTime());
  }

  async archivedChoices(memberId: string, purpose: string, position: number, limit: number, continueFrom?: string): Promise<ArchivedPage> {
    this.enter('archivedChoices');
    const choices: NumberedChoice[] = [];
    let lastKey: string | undefined;
    for (const item of this.table.query(memberKey(memberId), { from: continueFrom ?? archivePrefix(purpose), to: `${archivePrefix(purpose)}~` })) {
      lastKey = item.sk as string;
      for (const numbered of archivedEntries(item)) if (numbered.position >= position) choices.push(numbered);
      if (choices.length >= limit) break;
    }
    return { choices, continueFrom: choices.length >= limit ? lastKey : undefined };
  }

  async archivedChoicesUpTo(memberId: string, purpose: string, lastPosition: number, limit: number): Promise<NumberedChoice[]> {
    this.enter('archivedChoicesUpTo');
    const found: NumberedChoice[] = [];
    for (const item of this.table.query(memberKey(memberId), { prefix: archivePrefix(purpose) }, { descending: true })) {
      found.unshift(...archivedEntries(item).filter(({ position }) => position <= lastPosition));
      if (found.length >= limit) return found.slice(-limit);
    }
    return found;
  }

  async findArchivedChoice(memberId: string, purpose: string, requestId: string): Promise<NumberedChoice | undefined> {
    this.enter('findArchivedChoice');
    // Only the latest 8 archive items, as the adapter's one query reads.
    for (const item of this.table.query(memberKey(memberId), { prefix: archivePrefix(purpose) }, { descending: true, limit: 8 })) {
      const found = archivedEntries(item).find(({ entry }) => entry.requestId === requestId);
      if (found) return found;
    }
    return undefined;
  }

  async archivedProfileAt(memberId: string, at: Date, _options: { consistent: boolean }): Promise<ProfileVersion | undefined> {
    this.enter('archivedProfileAt');
    const [item] = this.table.query(memberKey(memberId), { from: PROFILE_PREFIX, to: `${PROFILE_PREFIX}${at.toISOString()}#~` }, { descending: true, limit: 1 });
    const profile = item?.profile as ContactProfile | undefined;
    if (!profile) return undefined;
    const { email: _email, locale: _locale, ...facts } = profile;
    return facts;
  }

  async profileHistory(memberId: string): Promise<ProfileVersion[]> {
    this.enter('profileHistory');
    return this.table.query(memberKey(memberId), { prefix: PROFILE_PREFIX }).map((item) => profileFacts(item.profile as ProfileVersion));
  }

  async markErased(erasure: MemberErasure): Promise<WriteOutcome> {
    this.enter('markErased');
    const item = this.hot(erasure.memberId);
    if (!item || item.version !== erasure.expectedVersion || item.erasedAt !== undefined) return 'version_conflict';
    const record = toMemberRecord(item);
    const { erasedAt, erasedBy, profiles } = erasure;
    this.writeHot({ ...record, email: undefined, locale: undefined, profiles, erasedAt, erasedBy, updatedAt: erasedAt, version: record.version + 1 });
    return 'written';
  }

  async scrubErasedMember(memberId: string, redact: (profile: ContactProfile) => ProfileVersion): Promise<void> {
    this.enter('scrubErasedMember');
    const pk = memberKey(memberId);
    for (const item of this.table.query(pk, { prefix: PROFILE_PREFIX })) {
      const profile = item.profile as ContactProfile;
      if (holdsErasedData(profile)) this.table.put({ ...(item as Item & { pk: string; sk: string }), profile: redact(profile) });
    }
    for (const item of this.table.query(pk, { prefix: NOTICE_PREFIX })) {
      const { lastError, ...kept } = item as Item & { pk: string; sk: string };
      if (lastError !== undefined) this.table.put(kept);
    }
    const hot = this.hot(memberId);
    if (hot?.erasedAt !== undefined) this.table.put({ ...(hot as Item & { pk: string; sk: string }), scrubbed: true });
  }

  async getIdempotencyMark(memberId: string, keyId: string): Promise<IdempotencyMark | undefined> {
    this.enter('getIdempotencyMark');
    return this.idempotencyMark(memberId, keyId);
  }

  async answerIdempotencyKey(memberId: string, keyId: string, requestId: string, answer: StoredAnswer): Promise<StoredAnswer | undefined> {
    this.enter('answerIdempotencyKey');
    const mark = this.table.get(memberKey(memberId), idempotencyKey(keyId));
    // The first answer stands.
    if (!mark || mark.requestId !== requestId) return undefined;
    if (mark.answer !== undefined) return mark.answer as StoredAnswer;
    this.table.put({ ...(mark as Item & { pk: string; sk: string }), answer });
    return answer;
  }

  async forgetRequests(memberId: string, requestIds: readonly string[]): Promise<void> {
    this.enter('forgetRequests');
    if (requestIds.length === 0) return;
    const item = this.hot(memberId);
    if (!item) return;
    const forget = new Set(requestIds);
    const record = toMemberRecord(item);
    // A DELETE from a set: the version stays, as in the adapter.
    this.writeHot({ ...record, recentRequests: record.recentRequests.filter((ref) => !forget.has(ref)) });
  }

  async putPolicy(stored: StoredPolicy): Promise<'created' | 'exists'> {
    this.enter('putPolicy');
    if (this.table.has(POLICY, stored.policy.id)) return 'exists';
    this.table.put({ pk: POLICY, sk: stored.policy.id, ...stored });
    return 'created';
  }

  async getPolicy(policyId: string): Promise<StoredPolicy | undefined> {
    this.enter('getPolicy');
    const item = this.table.get(POLICY, policyId);
    return item ? { policy: item.policy as StoredPolicy['policy'], recordedAt: item.recordedAt as string, recordedBy: item.recordedBy as string } : undefined;
  }

  async listPolicies(): Promise<StoredPolicy[]> {
    this.enter('listPolicies');
    return this.table
      .query(POLICY)
      .map((item) => ({ policy: item.policy as StoredPolicy['policy'], recordedAt: item.recordedAt as string, recordedBy: item.recordedBy as string }));
  }

  async putPolicyTranslation(translation: StoredTranslation): Promise<'created' | 'exists'> {
    this.enter('putPolicyTranslation');
    const sk = policyTextKey(translation.policyId, translation.locale);
    if (this.table.has(POLICY_TEXT, sk)) return 'exists';
    this.table.put({ pk: POLICY_TEXT, sk, ...translation });
    return 'created';
  }

  async getPolicyTranslation(policyId: string, locale: string): Promise<StoredTranslation | undefined> {
    this.enter('getPolicyTranslation');
    const item = this.table.get(POLICY_TEXT, policyTextKey(policyId, locale));
    return item ? toTranslation(item) : undefined;
  }

  async listPolicyTranslations(): Promise<StoredTranslation[]> {
    this.enter('listPolicyTranslations');
    return this.table.query(POLICY_TEXT).map(toTranslation);
  }

  // Test-only views of what is stored.

  /** The Idempotency-Key mark of a key id, as stored. */
  idempotencyMark(memberId: string, keyId: string): IdempotencyMark | undefined {
    const item = this.table.get(memberKey(memberId), idempotencyKey(keyId));
    return item ? toMark(item) : undefined;
  }

  /** Every Idempotency-Key mark of a member, by key id. */
  idempotencyMarks(memberId: string): Map<string, IdempotencyMark> {
    return new Map(this.table.query(memberKey(memberId), { prefix: 'I#' }).map((item) => [(item.sk as string).slice(2), toMark(item)]));
  }

  /** A member's archive items of a purpose, in key order. */
  archiveItems(memberId: string, purpose: string): Item[] {
    return this.table.query(memberKey(memberId), { prefix: archivePrefix(purpose) });
  }
}
