// Unauthenticated routes: liveness, the descriptions of the API and of its change events, and the
// keys that verify receipts.
import { createReceiptKeyring } from '../lib/adapters/compose/public.ts';
import { RECEIPT_KEYS_MAX_AGE_SECONDS, receiptKeys } from '../lib/app/receipts.ts';
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

const keyring = createReceiptKeyring();

export const handler = createApiHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  'GET /openapi.json': document(buildOpenApi),
  'GET /asyncapi.json': document(buildAsyncApi),
  'GET /.well-known/jwks.json': async () =>
    // RFC 7517's media type would be application/jwk-set+json; verifiers (jose, JWT libraries) expect plain JSON.
    json(200, await receiptKeys(keyring), { 'cache-control': `public, max-age=${RECEIPT_KEYS_MAX_AGE_SECONDS}` }),
});
