// Small builders for unit tests of the use cases on the in-memory ports: a clock that moves only
// when told, policy versions, member profiles, and deps wired like the runtime's.
import { fixedClock } from '../../lib/app/ports/clock.ts';
import type { PolicyVersion, PurposePolicy } from '../../lib/domain/policy.ts';
import type { MemberProfileInput } from '../../lib/web/api/schemas.ts';
import type { BulkEntry, EntryStatus, Mailer, OutgoingMessage, Queue } from '../../lib/app/ports/messaging.ts';
import { RateLimiter } from '../../lib/app/notices/rate-limiter.ts';
import type { ChoiceDeps, Deps } from '../../lib/app/deps.ts';
import { putMember } from '../../lib/app/members.ts';
import type { CampaignDeps, FanoutDeps, NoticeConfig, SenderDeps } from '../../lib/app/notices/deps.ts';
import { PolicyCatalog } from '../../lib/app/policy-catalog.ts';
import { InMemoryNoticeStore } from './in-memory-notice-store.ts';
import { InMemoryConsentStore } from './in-memory-store.ts';
import { InMemoryTable } from './in-memory-table.ts';
import { testReceipts } from './receipts.ts';

/** The production test clock (lib/app/ports/clock.ts): starts at `start`, moves only by set/advance. */
export { fixedClock };
export type TestClock = ReturnType<typeof fixedClock>;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const PURPOSE = 'genai-training';

export function purposePolicy(overrides: Partial<PurposePolicy> = {}): PurposePolicy {
  return {
    description: 'Training content-generating AI models',
    setting: 'Use my data for training',
    default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
    rules: {},
    minimumAge: 18,
    ...overrides,
  };
}

/** A policy version; by default one purpose, opt-out everywhere, in force since 2024. */
export function policyVersion(overrides: Partial<PolicyVersion> = {}): PolicyVersion {
  const effectiveAt = overrides.effectiveAt ?? '2024-01-01T00:00:00.000Z';
  return {
    id: overrides.id ?? effectiveAt.slice(0, 10),
    announcedAt: effectiveAt,
    effectiveAt,
    purposes: { [PURPOSE]: purposePolicy() },
    ...overrides,
  };
}

export function memberInput(overrides: Partial<MemberProfileInput> = {}): MemberProfileInput {
  return { email: 'member@example.com', country: 'US', ...overrides };
}

export interface InMemoryDeps {
  deps: ChoiceDeps;
  store: InMemoryConsentStore;
  notices: InMemoryNoticeStore;
  table: InMemoryTable;
  clock: TestClock;
}

/**
 * Deps on fresh in-memory ports, the policies stored as they are loaded (no recording rule), the
 * policy cache off so a test that adds one sees it at once.
 */
export async function inMemoryDeps(options: { now?: string; policies?: readonly PolicyVersion[] } = {}): Promise<InMemoryDeps> {
  const table = new InMemoryTable();
  const store = new InMemoryConsentStore(table);
  const clock = fixedClock(new Date(options.now ?? '2026-01-15T12:00:00.000Z'));
  for (const policy of options.policies ?? [policyVersion()]) {
    await store.putPolicy({ policy, recordedAt: policy.announcedAt, recordedBy: 'test' });
  }
  const { signer } = await testReceipts();
  return { deps: { store, clock, policies: new PolicyCatalog(store, clock, 0), receipts: signer }, store, notices: new InMemoryNoticeStore(table), table, clock };
}

/** Registers a member through the use case, as the API does. */
export async function addMember(deps: Deps, memberId: string, overrides: Partial<MemberProfileInput> = {}): Promise<void> {
  await putMember(deps, memberId, memberInput({ email: `${memberId}@example.com`, ...overrides }), 'test', `register-${memberId}`);
}

/** A queue that keeps what is sent. */
export class RecordingQueue implements Queue {
  readonly sent: OutgoingMessage[] = [];

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    this.sent.push(...messages);
  }

  /** Takes the queued message bodies, parsed, oldest first. */
  drain<T>(): T[] {
    return this.sent.splice(0).map((message) => JSON.parse(message.body) as T);
  }
}

/** A mailer that answers each entry with `answer` (default: sent). */
export class RecordingMailer implements Mailer {
  readonly delivered: BulkEntry[] = [];
  answer: (entry: BulkEntry, index: number) => EntryStatus = () => ({ ok: true, messageId: `msg-${this.delivered.length}` });

  async sendBulk(entries: readonly BulkEntry[]): Promise<EntryStatus[]> {
    return entries.map((entry, index) => {
      const status = this.answer(entry, index);
      if (status.ok) this.delivered.push(entry);
      return status;
    });
  }
}

export const NOTICE_CONFIG: NoticeConfig = {
  segments: 2,
  pageSize: 10,
  recipientsPerMessage: 50,
  leaseSeconds: 60,
  maxAttempts: 3,
  retryBaseSeconds: 30,
};

export interface NoticeHarness extends InMemoryDeps {
  /** Every notice use case's deps in one object, so one harness drives the whole pipeline. */
  senderDeps: CampaignDeps & FanoutDeps & SenderDeps;
  fanoutQueue: RecordingQueue;
  noticeQueue: RecordingQueue;
  mailer: RecordingMailer;
}

export async function noticeHarness(options: { now?: string; policies?: readonly PolicyVersion[]; config?: Partial<NoticeConfig> } = {}): Promise<NoticeHarness> {
  const base = await inMemoryDeps(options);
  const fanoutQueue = new RecordingQueue();
  const noticeQueue = new RecordingQueue();
  const mailer = new RecordingMailer();
  const senderDeps: CampaignDeps & FanoutDeps & SenderDeps = {
    ...base.deps,
    notices: base.notices,
    fanoutQueue,
    noticeQueue,
    mailer,
    // The real token bucket: at this rate it never waits.
    limiter: new RateLimiter(1_000_000),
    linkKey: new Uint8Array(32).fill(7),
    links: { publicBaseUrl: 'https://ledger.example.com', ttlDays: 30 },
    config: { ...NOTICE_CONFIG, ...options.config },
  };
  return { ...base, senderDeps, fanoutQueue, noticeQueue, mailer };
}
