// Unauthenticated routes: liveness and the API description.
import { createApiHandler, json } from '../lib/web/api/framework.ts';
import { buildOpenApi } from '../lib/web/api/openapi.ts';

let openApi: string | undefined;

export const handler = createApiHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  'GET /openapi.json': async () => {
    openApi ??= JSON.stringify(buildOpenApi());
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }, body: openApi };
  },
});
