import type { Clock } from '../clock.ts';
import type { ConsentStore } from '../store/store.ts';
import type { PolicyCatalog } from './policy-catalog.ts';

/** What every use case needs from outside; handlers build it once per container. */
export interface Deps {
  store: ConsentStore;
  clock: Clock;
  policies: PolicyCatalog;
}
