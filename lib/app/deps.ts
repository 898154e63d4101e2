import type { Clock } from './ports/clock.ts';
import type { ConsentStore } from './ports/consent-store.ts';
import type { ReceiptSigner } from './ports/receipts.ts';
import type { PolicyCatalog } from './policy-catalog.ts';

/** What every use case needs from outside; handlers build it once per container. */
export interface Deps {
  store: ConsentStore;
  clock: Clock;
  policies: PolicyCatalog;
}

/** What recording a choice needs besides: the signer of its receipt. */
export interface ChoiceDeps extends Deps {
  receipts: ReceiptSigner;
}
