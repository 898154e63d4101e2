// The publisher's one job: every fact of a batch of table changes, in stream order, onto the
// event bus; and where a batch must resume if the bus took only part of it.
import type { PolicyVersion } from '../../domain/policy.ts';
import type { EventBus } from '../ports/event-bus.ts';
import { toOutgoingEvent } from './cloud-events.ts';
import type { ChangeFacts } from './facts.ts';

export interface PublishDeps {
  policies: { all(): Promise<PolicyVersion[]> };
  bus: EventBus;
  /** The CloudEvents `source` of this deployment. */
  source: string;
}

export interface PublishOutcome {
  published: number;
  /** The position of the first change not fully published; absent when everything was. */
  resumeFrom?: string;
}

export async function publishChanges(deps: PublishDeps, changes: readonly ChangeFacts[]): Promise<PublishOutcome> {
  const needsPolicies = changes.some((change) => change.facts.some((fact) => fact.kind === 'choice'));
  const policies = needsPolicies ? await deps.policies.all() : [];
  const positions: string[] = [];
  const events = changes.flatMap((change) =>
    change.facts.map((fact) => {
      positions.push(change.position);
      return toOutgoingEvent(fact, policies, deps.source);
    }),
  );
  if (events.length === 0) return { published: 0 };
  const published = await deps.bus.publish(events);
  return published >= events.length ? { published } : { published, resumeFrom: positions[published]! };
}
