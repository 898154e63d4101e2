import { isDeepStrictEqual } from 'node:util';
import { policyRecordingViolations, type PolicyVersion } from '../domain/policy.ts';
import { ConflictError, NotFoundError, RuleViolationError } from './errors.ts';
import type { ConsentStore } from './ports/consent-store.ts';
import type { Deps } from './deps.ts';

export interface PolicyView extends PolicyVersion {
  recordedAt: string;
  recordedBy: string;
}

/**
 * Policy versions are immutable once recorded: answers given under a version must stay
 * explainable. Re-sending the same version is harmless (200), even once its effectiveAt has
 * passed: a replay records nothing, so it rewrites nothing. A different body is a conflict. A new
 * version must take effect after it is recorded (policyRecordingViolations), or it is refused.
 */
export async function putPolicy(
  deps: Deps,
  policy: PolicyVersion,
  actor: string,
): Promise<{ created: boolean; policy: PolicyView }> {
  const existing = await deps.store.getPolicy(policy.id);
  if (existing) return { created: false, policy: sameOrConflict(existing.policy, policy, existing) };

  // One moment, both judged and stored, so the rule holds for the recordedAt the version carries.
  const recordedAt = deps.clock.now();
  const violations = policyRecordingViolations(policy, recordedAt);
  if (violations.length > 0) throw new RuleViolationError(violations);

  const clash = (await deps.policies.all()).find((other) => other.effectiveAt === policy.effectiveAt);
  if (clash) {
    throw new ConflictError(`policy version ${clash.id} already takes effect at ${policy.effectiveAt}; two versions cannot`);
  }
  const stored = { policy, recordedAt: recordedAt.toISOString(), recordedBy: actor };
  const outcome = await deps.store.putPolicy(stored);
  deps.policies.invalidate();
  if (outcome === 'exists') {
    const winner = await deps.store.getPolicy(policy.id);
    if (winner) return { created: false, policy: sameOrConflict(winner.policy, policy, winner) };
  }
  return { created: true, policy: { ...policy, recordedAt: stored.recordedAt, recordedBy: actor } };
}

export type PolicyLoadOutcome = 'loaded' | 'present' | 'differs';

/**
 * Loads shipped policy versions (the reference versions) straight into the table, not through
 * `PUT /v1/policies`: they took effect long before any table existed, which that route rightly
 * refuses. Never overwrites: a version already stored unchanged is `present`, one stored with
 * another body `differs` (the caller decides how loudly to fail).
 */
export async function loadPolicyVersions(
  store: ConsentStore,
  policies: readonly PolicyVersion[],
  recordedBy: string,
  now: Date,
): Promise<{ id: string; outcome: PolicyLoadOutcome }[]> {
  const outcomes: { id: string; outcome: PolicyLoadOutcome }[] = [];
  for (const policy of policies) {
    const written = await store.putPolicy({ policy, recordedAt: now.toISOString(), recordedBy });
    if (written === 'created') {
      outcomes.push({ id: policy.id, outcome: 'loaded' });
      continue;
    }
    const stored = await store.getPolicy(policy.id);
    outcomes.push({ id: policy.id, outcome: stored && samePolicy(stored.policy, policy) ? 'present' : 'differs' });
  }
  return outcomes;
}

/** Compared as JSON, so a field stored as undefined and one absent are the same. */
function samePolicy(a: PolicyVersion, b: PolicyVersion): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

function sameOrConflict(
  existing: PolicyVersion,
  proposed: PolicyVersion,
  meta: { recordedAt: string; recordedBy: string },
): PolicyView {
  if (!samePolicy(existing, proposed)) {
    throw new ConflictError(`policy version ${proposed.id} exists with other content; versions are immutable, publish a new id`);
  }
  return { ...existing, recordedAt: meta.recordedAt, recordedBy: meta.recordedBy };
}

export async function getPolicy(deps: Deps, policyId: string): Promise<PolicyView> {
  const stored = await deps.store.getPolicy(policyId);
  if (!stored) throw new NotFoundError(`policy version ${policyId} is not known`);
  return { ...stored.policy, recordedAt: stored.recordedAt, recordedBy: stored.recordedBy };
}

export async function listPolicies(deps: Deps): Promise<{ items: PolicyView[] }> {
  const stored = await deps.store.listPolicies();
  const items = stored
    .map((entry) => ({ ...entry.policy, recordedAt: entry.recordedAt, recordedBy: entry.recordedBy }))
    .sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
  return { items };
}
