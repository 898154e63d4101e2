// What the ledger recorded, one fact at a time, as the publisher learns it from the table's change
// stream (lib/adapters/dynamo/change-facts.ts). Housekeeping (idempotency marks, history moved to
// archive items, notice claims and leases, campaigns, an erasure's rewrites of the member's other
// items) is no fact: nothing downstream uses it.
import type { ChoiceSource, ProfileVersion } from '../../domain/member.ts';
import type { PolicyVersion } from '../../domain/policy.ts';
import type { TrainingRun } from '../../domain/training-runs.ts';

export interface ChoiceFact {
  kind: 'choice';
  memberId: string;
  purpose: string;
  /** 1 for the member's first choice on the purpose, then 2, 3...: a consumer can see a gap. */
  sequence: number;
  /** When it took effect: when recorded, but never before the choice recorded ahead of it. */
  at: string;
  recordedAt: string;
  choice: 'granted' | 'denied';
  source: ChoiceSource;
  /** The member's profiles as the write left them: where the member was when choosing. */
  profiles: readonly ProfileVersion[];
}

export interface ProfileFact {
  kind: 'profile';
  memberId: string;
  /** The member record's version this change produced. */
  version: number;
  effectiveAt: string;
  recordedAt: string;
  /** The profile without what identifies a person (email, birth date, locale stay out). */
  country: string;
  subdivision?: string | undefined;
  suspectedMinor?: boolean | undefined;
}

export interface NoticeFact {
  kind: 'notice';
  memberId: string;
  policyId: string;
  deliveredAt: string;
}

/** The member was erased: their email address, locale and birth date are gone from the ledger. */
export interface ErasureFact {
  kind: 'erasure';
  memberId: string;
  erasedAt: string;
}

export interface PolicyFact {
  kind: 'policy';
  policy: PolicyVersion;
  recordedAt: string;
}

export interface RunFact {
  kind: 'run';
  run: TrainingRun;
}

export type ChangeFact = ChoiceFact | ProfileFact | NoticeFact | ErasureFact | PolicyFact | RunFact;

/** The facts of one change of the table, in the order they happened, under the change's position. */
export interface ChangeFacts {
  /** Where the change sits in its stream: what a failed batch reports to be retried from. */
  position: string;
  facts: ChangeFact[];
}
