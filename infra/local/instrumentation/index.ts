// What the local stack adds to the service it runs, and AWS does not: every AWS client the
// handlers build counts its requests and capacity units (aws-usage.ts, served at
// /_local/aws-usage), and carries the faults CONSENT_LEDGER_FAULTS asks for (faults.ts, counted
// at /_local/faults). Attached through lib/adapters/client-hooks.ts, so nothing under lib/ or functions/
// imports it and no Lambda bundle contains it (test/infra/bundles.test.ts checks).
import { clientHooks } from '../../../lib/adapters/client-hooks.ts';
import { instrument } from './aws-usage.ts';
import { injectDynamoFaults, injectSesFaults, injectSnsFaults } from './faults.ts';

export { processUsage, sumUsage, type UsageSnapshot } from './aws-usage.ts';
export { crashOnceAfterFirstRecord, injectedFaults, useFaults, type FaultKind } from './faults.ts';

let attached = false;

/**
 * From now on, every client the runtime's factories build in this thread (a function's worker,
 * ./function-worker.ts) is counted and carries the configured faults. Call it before loading any handler (they build their clients on import).
 */
export function instrumentRuntimeClients(): void {
  if (attached) return;
  attached = true;
  clientHooks.push((created) => {
    // Order does not matter: the counter's middleware runs before the faults' whatever the order
    // (finalizeRequest, normal before low priority), so attempts failed by injection are counted.
    instrument(created.client, created.service);
    if (created.service === 'DynamoDB') injectDynamoFaults(created.client);
    if (created.service === 'SES') injectSesFaults(created.client);
    if (created.service === 'SNS') injectSnsFaults(created.client);
  });
}
