// Each fact as the CloudEvents 1.0 message downstream systems receive (DOMAIN.md section 7,
// "Change events"), with the FIFO message group that keeps a member's events in order and the
// deduplication id that makes a republished fact one message. One table: EVENT_TYPES, which the
// AsyncAPI document also describes. Never an email address, birth date or locale: queues and the
// systems behind them cannot be erased.
import { createHash } from 'node:crypto';
import { jurisdictionAt } from '../../domain/member.ts';
import { receiptId } from '../../domain/receipts.ts';
import { policyInForce, type PolicyVersion } from '../../domain/policy.ts';
import { defaultLocaleOf, summaryIn } from '../../domain/policy-texts.ts';
import type { ChangeFact } from './facts.ts';

/** The `type` of each kind of fact. */
export const EVENT_TYPES = {
  choice: 'consent.choice.recorded',
  profile: 'consent.profile.changed',
  notice: 'consent.notice.delivered',
  erasure: 'consent.member.erased',
  policy: 'consent.policy.published',
  run: 'consent.training-run.registered',
} as const satisfies Record<ChangeFact['kind'], string>;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface CloudEvent<Data = Record<string, unknown>> {
  specversion: '1.0';
  /** Stable per fact: the same fact published again has the same id (consumers deduplicate on it). */
  id: string;
  source: string;
  type: EventType;
  /** The member id; the policy or run id for facts without a member. */
  subject: string;
  /** When the fact took effect. */
  time: string;
  datacontenttype: 'application/json';
  data: Data;
}

/** An event ready for a FIFO topic. */
export interface OutgoingEvent {
  event: CloudEvent;
  /** Order holds within a group: a member's events, or one policy's, or one run's. */
  messageGroupId: string;
  /** A hash of the event id: ids may be longer than the 128 characters a deduplication id allows. */
  deduplicationId: string;
}

function describe(fact: ChangeFact, policies: readonly PolicyVersion[]): Pick<CloudEvent, 'id' | 'subject' | 'time' | 'data'> {
  switch (fact.kind) {
    case 'choice': {
      const at = new Date(fact.at);
      return {
        id: `member/${fact.memberId}/choice/${fact.purpose}/${fact.sequence}`,
        subject: fact.memberId,
        time: fact.at,
        data: {
          memberId: fact.memberId,
          purpose: fact.purpose,
          choice: fact.choice,
          source: fact.source,
          sequence: fact.sequence,
          recordedAt: fact.recordedAt,
          policyVersion: policyInForce(policies, at)?.id ?? null,
          // Where the member was: the jurisdiction whose law the choice was made under.
          jurisdiction: jurisdictionAt(fact.profiles, at),
          // The receipt the choice was answered with names the same id.
          receiptId: receiptId(fact.memberId, fact.purpose, fact.sequence),
        },
      };
    }
    case 'profile':
      return {
        id: `member/${fact.memberId}/profile/${fact.version}`,
        subject: fact.memberId,
        time: fact.effectiveAt,
        data: {
          memberId: fact.memberId,
          profileVersion: fact.version,
          country: fact.country,
          ...(fact.subdivision === undefined ? {} : { subdivision: fact.subdivision }),
          suspectedMinor: fact.suspectedMinor === true,
          recordedAt: fact.recordedAt,
        },
      };
    case 'notice':
      return {
        id: `member/${fact.memberId}/notice/${fact.policyId}`,
        subject: fact.memberId,
        time: fact.deliveredAt,
        data: { memberId: fact.memberId, policyVersion: fact.policyId, deliveredAt: fact.deliveredAt },
      };
    case 'erasure':
      return {
        id: `member/${fact.memberId}/erasure`,
        subject: fact.memberId,
        time: fact.erasedAt,
        data: { memberId: fact.memberId, erasedAt: fact.erasedAt },
      };
    case 'policy': {
      const { policy } = fact;
      // One string, as the event has always carried: the text of the version's default locale.
      const summary = summaryIn(policy, defaultLocaleOf(policy));
      return {
        id: `policy/${policy.id}`,
        subject: policy.id,
        time: policy.effectiveAt,
        data: {
          policyVersion: policy.id,
          announcedAt: policy.announcedAt,
          effectiveAt: policy.effectiveAt,
          recordedAt: fact.recordedAt,
          ...(summary === undefined ? {} : { summary }),
          purposes: Object.keys(policy.purposes),
        },
      };
    }
    case 'run': {
      const { run } = fact;
      return {
        id: `run/${run.runId}`,
        subject: run.runId,
        time: run.pinnedAt,
        data: {
          runId: run.runId,
          purpose: run.purpose,
          snapshotAt: run.snapshotAt,
          pinnedAt: run.pinnedAt,
          name: run.name,
          model: run.model,
          dataset: run.dataset,
        },
      };
    }
  }
}

const groupOf = (fact: ChangeFact): string =>
  fact.kind === 'policy' ? `policy:${fact.policy.id}` : fact.kind === 'run' ? `run:${fact.run.runId}` : fact.memberId;

/**
 * The event of `fact`. `policies`: the versions the ledger holds, for the version and rule that
 * governed a choice when it was made (a version takes effect only after every container's cached
 * list holds it, so a list read now knows the version in force at a choice being published).
 */
export function toOutgoingEvent(fact: ChangeFact, policies: readonly PolicyVersion[], source: string): OutgoingEvent {
  const described = describe(fact, policies);
  return {
    event: { specversion: '1.0', source, type: EVENT_TYPES[fact.kind], datacontenttype: 'application/json', ...described },
    messageGroupId: groupOf(fact),
    deduplicationId: createHash('sha256').update(described.id).digest('hex'),
  };
}
