// Composition root of the pages people look at: signing in and out (through the identity
// provider), the member's settings, the admin dashboard and a campaign's live view.
// Config → adapters → routes (lib/web/pages) → framework.
import { createPagesDeps } from '../lib/adapters/compose/pages.ts';
import { publicBaseUrlConfig } from '../lib/config.ts';
import { createApiHandler } from '../lib/web/api/framework.ts';
import { settingsPageUrl } from '../lib/web/api/routes.ts';
import { adminRoutes } from '../lib/web/pages/admin-routes.ts';
import { createSessions } from '../lib/web/pages/framework.ts';
import { createRelyingParty } from '../lib/web/pages/relying-party.ts';
import { createTokenVerifier } from '../lib/web/pages/session.ts';
import { settingsRoutes } from '../lib/web/pages/settings-routes.ts';
import { signInRoutes } from '../lib/web/pages/sign-in-routes.ts';
import { createSignIn } from '../lib/web/pages/signed-in.ts';

const deps = await createPagesDeps();
const signIn = createSignIn(createSessions(createTokenVerifier()));

const record = { withdrawalMethod: settingsPageUrl(publicBaseUrlConfig().publicBaseUrl) };

export const handler = createApiHandler({
  ...signInRoutes(createRelyingParty(), signIn, deps),
  ...settingsRoutes(deps, signIn, record),
  ...adminRoutes(deps, signIn),
});
