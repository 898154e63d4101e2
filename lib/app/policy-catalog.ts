import type { Clock } from './ports/clock.ts';
import { POLICY_CACHE_LIFETIME_MS, type PolicyVersion } from '../domain/policy.ts';
import { withTranslations } from '../domain/policy-texts.ts';
import type { ConsentStore, StoredPolicy, StoredTranslation } from './ports/consent-store.ts';

/** Each version with the translations added to it since it was recorded: as members read it. */
export function translatedPolicies(stored: readonly StoredPolicy[], translations: readonly StoredTranslation[]): StoredPolicy[] {
  return stored.map((entry) => ({
    ...entry,
    policy: withTranslations(entry.policy, translations.filter((translation) => translation.policyId === entry.policy.id)),
  }));
}

/**
 * Policy versions (with their translations) are few and change rarely, so each container keeps
 * them for a short while instead of reading them on every answer: an eligibility answer stays one
 * member read.
 * "A short while" is POLICY_CACHE_LIFETIME_MS, which the rule on recording a version also uses:
 * a version takes effect only once no container can still answer from a list without it.
 */
export class PolicyCatalog {
  private readonly store: ConsentStore;
  private readonly clock: Clock;
  private readonly lifetimeMs: number;
  private cached: { policies: PolicyVersion[]; recordedAt: number[]; loadedAt: number } | undefined;

  /**
   * `lifetimeMs`: tests may ask for a shorter one (0: read every time); a longer one than
   * POLICY_CACHE_LIFETIME_MS would let a container miss a version already in force, so it is capped.
   */
  constructor(store: ConsentStore, clock: Clock, lifetimeMs: number = POLICY_CACHE_LIFETIME_MS) {
    this.store = store;
    this.clock = clock;
    this.lifetimeMs = Math.min(lifetimeMs, POLICY_CACHE_LIFETIME_MS);
  }

  async all(): Promise<PolicyVersion[]> {
    return (await this.load()).policies;
  }

  /** The versions the ledger knew at `known`: those recorded at or before it (a replay's policy list). */
  async knownAt(known: Date): Promise<PolicyVersion[]> {
    const { policies, recordedAt } = await this.load();
    return policies.filter((_, index) => recordedAt[index]! <= known.getTime());
  }

  private async load() {
    // Taken before the read, so the list is never kept longer than the lifetime after it was read.
    const now = this.clock.now().getTime();
    if (this.cached === undefined || now - this.cached.loadedAt >= this.lifetimeMs) {
      const [versions, translations] = await Promise.all([this.store.listPolicies(), this.store.listPolicyTranslations()]);
      const stored = translatedPolicies(versions, translations);
      this.cached = { policies: stored.map((entry) => entry.policy), recordedAt: stored.map((entry) => Date.parse(entry.recordedAt)), loadedAt: now };
    }
    return this.cached;
  }

  /** Forget the cache, after this container itself wrote a policy or a translation. */
  invalidate(): void {
    this.cached = undefined;
  }
}
