// The facts a change of the table records, read from its stream record (new and old images): the
// one place that knows which item changes are facts (table layout: ./table.ts). A choice is a
// rise of its purpose's count on the hot item; a delivered notice, a new entry of its notices
// map; an erasure, the hot item gaining erasedAt; a profile change, a new P# item; a policy version
// or a training run, its new item. History moved to archive items leaves every count as it was,
// an erasure rewrites P# items (never inserts one), and marks, claims, campaigns and the
// translations added to policy versions (POLICYTEXT items, not in the list of facts) are other
// items: none of them is a fact.
import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { effectiveChoices } from '../../domain/member.ts';
import type { PolicyVersion } from '../../domain/policy.ts';
import type { ChangeFact, ChangeFacts } from '../../app/events/facts.ts';
import { PROFILE_PREFIX, STATE, toMemberRecord } from './member-item.ts';
import { POLICY } from './consent-store.ts';
import { RUN, toRun } from './run-store.ts';

type Item = Record<string, unknown>;

const image = (stored: Record<string, unknown> | undefined): Item | undefined =>
  // The stream's images are DynamoDB JSON, the same AttributeValue shapes the SDK uses.
  stored === undefined ? undefined : unmarshall(stored as Record<string, AttributeValue>);

function memberFacts(before: Item | undefined, after: Item): ChangeFact[] {
  const previous = before === undefined ? undefined : toMemberRecord(before);
  const current = toMemberRecord(after);
  const facts: ChangeFact[] = [];
  for (const [purpose, count] of Object.entries(current.counts)) {
    const earlier = previous?.counts[purpose] ?? 0;
    const tail = current.choices[purpose] ?? [];
    // One write appends one choice; the newest `count - earlier` entries are the new ones, each in
    // effect from its recording time but never before the choice recorded ahead of it.
    const fresh = Math.max(0, Math.min(tail.length, count - earlier));
    if (fresh === 0) continue;
    const effective = effectiveChoices(tail, current.archivedChoices[purpose]?.lastAt);
    tail.slice(tail.length - fresh).forEach((entry, index) => {
      facts.push({
        kind: 'choice',
        memberId: current.memberId,
        purpose,
        sequence: count - fresh + index + 1,
        at: effective[tail.length - fresh + index]!.at,
        recordedAt: entry.at,
        choice: entry.choice,
        source: entry.source,
        profiles: current.profiles,
      });
    });
  }
  for (const [policyId, deliveredAt] of Object.entries(current.notices)) {
    if (previous?.notices[policyId] !== deliveredAt) facts.push({ kind: 'notice', memberId: current.memberId, policyId, deliveredAt });
  }
  // The erasure's own write; its rewrites of the other items (and the `scrubbed` note) are none.
  if (current.erasedAt !== undefined && previous?.erasedAt === undefined) facts.push({ kind: 'erasure', memberId: current.memberId, erasedAt: current.erasedAt });
  return facts;
}

function profileFact(item: Item): ChangeFact {
  const profile = item.profile as { country: string; subdivision?: string; suspectedMinor?: boolean };
  return {
    kind: 'profile',
    memberId: item.memberId as string,
    version: item.version as number,
    effectiveAt: item.effectiveAt as string,
    recordedAt: item.recordedAt as string,
    country: profile.country,
    subdivision: profile.subdivision,
    suspectedMinor: profile.suspectedMinor,
  };
}

/** The facts of one stream record, oldest first; none for housekeeping. */
export function factsOfChange(record: DynamoDBRecord): ChangeFacts {
  const position = record.dynamodb?.SequenceNumber ?? '';
  const after = image(record.dynamodb?.NewImage);
  if (after === undefined || record.eventName === 'REMOVE') return { position, facts: [] };
  const { pk, sk } = after as { pk: string; sk: string };
  const inserted = record.eventName === 'INSERT';
  let facts: ChangeFact[] = [];
  if (pk.startsWith('M#') && sk === STATE) facts = memberFacts(image(record.dynamodb?.OldImage), after);
  else if (pk.startsWith('M#') && sk.startsWith(PROFILE_PREFIX) && inserted) facts = [profileFact(after)];
  // Only the version's own item: its translations live in a partition of their own (POLICY_TEXT).
  else if (pk === POLICY && inserted) facts = [{ kind: 'policy', policy: after.policy as PolicyVersion, recordedAt: after.recordedAt as string }];
  else if (pk === RUN && inserted) facts = [{ kind: 'run', run: toRun(after) }];
  return { position, facts };
}
