// Unauthenticated routes: liveness and the descriptions of the API and of its change events.
import { createApiHandler, json, type ApiResult } from '../lib/web/api/framework.ts';
import { buildAsyncApi } from '../lib/web/api/asyncapi.ts';
import { buildOpenApi } from '../lib/web/api/openapi.ts';

/** A document built once per container, on first request, and served as is. */
function document(build: () => unknown): () => Promise<ApiResult> {
  let body: string | undefined;
  return async () => {
    body ??= JSON.stringify(build());
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }, body };
  };
}

export const handler = createApiHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  'GET /openapi.json': document(buildOpenApi),
  'GET /asyncapi.json': document(buildAsyncApi),
});
