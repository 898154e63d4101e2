import type { Clock } from '../clock.ts';
import type { PolicyVersion } from '../domain/policy.ts';
import type { ConsentStore } from '../store/store.ts';

/**
 * Policy versions are few and change rarely, so each container keeps them for a short while
 * instead of reading them on every answer: an eligibility answer stays one member read.
 */
export class PolicyCatalog {
  private readonly store: ConsentStore;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private cached: { policies: PolicyVersion[]; loadedAt: number } | undefined;

  constructor(store: ConsentStore, clock: Clock, ttlMs: number) {
    this.store = store;
    this.clock = clock;
    this.ttlMs = ttlMs;
  }

  async all(): Promise<PolicyVersion[]> {
    const now = this.clock.now().getTime();
    if (this.cached === undefined || now - this.cached.loadedAt >= this.ttlMs) {
      const stored = await this.store.listPolicies();
      this.cached = { policies: stored.map((entry) => entry.policy), loadedAt: now };
    }
    return this.cached.policies;
  }

  /** Forget the cache, after this container itself wrote a policy. */
  invalidate(): void {
    this.cached = undefined;
  }
}
