// Composition root of the pages behind the one-click opt-out link in notice emails.
// Config → adapters → routes (lib/web/pages/opt-out-routes.ts) → framework.
import { createChoiceDeps } from '../lib/adapters/compose/consents.ts';
import { loadLinkKey } from '../lib/adapters/secrets.ts';
import { createApiHandler } from '../lib/web/api/framework.ts';
import { optOutRoutes } from '../lib/web/pages/opt-out-routes.ts';

// Only the ledger, the receipt signer and the link-signing key: the dashboard's queues and notice
// records (compose/pages.ts) stay out of this bundle.
const deps = await createChoiceDeps();
const linkKey = await loadLinkKey();

export const handler = createApiHandler(optOutRoutes(deps, linkKey));
