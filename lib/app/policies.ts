import { isDeepStrictEqual } from 'node:util';
import { policyRecordingViolations, type PolicyVersion } from '../domain/policy.ts';
import {
  hasTexts,
  localizedTextViolations,
  ownTexts,
  sameTexts,
  tidyTexts,
  translationViolations,
  type PolicyTranslation,
} from '../domain/policy-texts.ts';
import { ConflictError, NotFoundError, RuleViolationError } from './errors.ts';
import type { ConsentStore, StoredPolicy, StoredTranslation } from './ports/consent-store.ts';
import type { Deps } from './deps.ts';
import { translatedPolicies } from './policy-catalog.ts';

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
  const violations = [...policyRecordingViolations(policy, recordedAt), ...localizedTextViolations(policy)];
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

/** A version as read: with the translations added to it since it was recorded. */
async function translatedView(store: ConsentStore, stored: StoredPolicy): Promise<PolicyView> {
  const [translated] = translatedPolicies([stored], await store.listPolicyTranslations());
  return { ...translated!.policy, recordedAt: stored.recordedAt, recordedBy: stored.recordedBy };
}

export async function getPolicy(deps: Deps, policyId: string): Promise<PolicyView> {
  const stored = await deps.store.getPolicy(policyId);
  if (!stored) throw new NotFoundError(`policy version ${policyId} is not known`);
  return translatedView(deps.store, stored);
}

export async function listPolicies(deps: Deps): Promise<{ items: PolicyView[] }> {
  const [versions, translations] = await Promise.all([deps.store.listPolicies(), deps.store.listPolicyTranslations()]);
  const items = translatedPolicies(versions, translations)
    .map((entry) => ({ ...entry.policy, recordedAt: entry.recordedAt, recordedBy: entry.recordedBy }))
    .sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
  return { items };
}

/** A version's texts in one language, as recorded: by a translation, or by the version itself. */
export interface TranslationView extends PolicyTranslation {
  policyId: string;
  locale: string;
  recordedAt: string;
  recordedBy: string;
}

const toTranslationView = ({ texts, ...rest }: StoredTranslation): TranslationView => ({ ...rest, ...texts });

type Recording = { outcome: 'created' | 'present'; translation: StoredTranslation } | { outcome: 'differs'; detail: string };

/**
 * Records `texts` as the version's texts in `locale` unless texts in that locale are recorded
 * already: by the version itself (its maps, or its strings in its default locale) or by an
 * earlier translation. Recorded texts never change: the same texts again are `present`, other
 * texts `differs`. Written without reading first; a write that finds a translation reads it.
 */
async function recordTranslation(store: ConsentStore, stored: StoredPolicy, locale: string, texts: PolicyTranslation, recordedBy: string, now: Date): Promise<Recording> {
  const { policy } = stored;
  const own = ownTexts(policy, locale);
  if (hasTexts(own)) {
    if (sameTexts(own, texts)) return { outcome: 'present', translation: { policyId: policy.id, locale, texts: own, recordedAt: stored.recordedAt, recordedBy: stored.recordedBy } };
    return { outcome: 'differs', detail: `policy version ${policy.id} holds its own texts in ${locale}, which never change; a translation cannot replace them` };
  }
  const translation: StoredTranslation = { policyId: policy.id, locale, texts: tidyTexts(texts), recordedAt: now.toISOString(), recordedBy };
  if ((await store.putPolicyTranslation(translation)) === 'created') return { outcome: 'created', translation };
  const existing = await store.getPolicyTranslation(policy.id, locale);
  if (existing && sameTexts(existing.texts, texts)) return { outcome: 'present', translation: existing };
  return { outcome: 'differs', detail: `policy version ${policy.id} already has texts in ${locale} with other content; a recorded translation never changes` };
}

/**
 * Adds the texts of one language (a canonical BCP 47 tag) to a recorded version: the version
 * stays as it was recorded, the texts are an item of their own that members read merged into it.
 * Each text translates one the version has (else 422); the same texts again answer 200, other
 * texts for a language already recorded 409.
 */
export async function putPolicyTranslation(
  deps: Deps,
  policyId: string,
  locale: string,
  texts: PolicyTranslation,
  actor: string,
): Promise<{ created: boolean; translation: TranslationView }> {
  const stored = await deps.store.getPolicy(policyId);
  if (!stored) throw new NotFoundError(`policy version ${policyId} is not known`);
  const violations = translationViolations(stored.policy, texts);
  if (violations.length > 0) throw new RuleViolationError(violations);
  const recorded = await recordTranslation(deps.store, stored, locale, texts, actor, deps.clock.now());
  if (recorded.outcome === 'differs') throw new ConflictError(recorded.detail);
  if (recorded.outcome === 'created') deps.policies.invalidate();
  return { created: recorded.outcome === 'created', translation: toTranslationView(recorded.translation) };
}

export type TranslationLoadOutcome = PolicyLoadOutcome | 'no_version' | 'refused';

/**
 * Loads shipped translations (the reference versions' texts in other languages) straight into the
 * table, alongside loadPolicyVersions: adds them to versions stored before they were shipped.
 * Never overwrites; a translation whose version is not stored is `no_version`, one that does not
 * fit its version `refused`.
 */
export async function loadPolicyTranslations(
  store: ConsentStore,
  translations: readonly { policyId: string; locale: string; texts: PolicyTranslation }[],
  recordedBy: string,
  now: Date,
): Promise<{ policyId: string; locale: string; outcome: TranslationLoadOutcome }[]> {
  const outcomes: { policyId: string; locale: string; outcome: TranslationLoadOutcome }[] = [];
  for (const { policyId, locale, texts } of translations) {
    const stored = await store.getPolicy(policyId);
    if (!stored) {
      outcomes.push({ policyId, locale, outcome: 'no_version' });
      continue;
    }
    if (translationViolations(stored.policy, texts).length > 0) {
      outcomes.push({ policyId, locale, outcome: 'refused' });
      continue;
    }
    const recorded = await recordTranslation(store, stored, locale, texts, recordedBy, now);
    outcomes.push({ policyId, locale, outcome: recorded.outcome === 'created' ? 'loaded' : recorded.outcome });
  }
  return outcomes;
}
