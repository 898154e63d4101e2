// Unauthenticated routes: liveness, the API description and the keys that verify receipts.
import { createReceiptKeyring } from '../lib/adapters/compose/public.ts';
import { RECEIPT_KEYS_MAX_AGE_SECONDS, receiptKeys } from '../lib/app/receipts.ts';
import { createApiHandler, json } from '../lib/web/api/framework.ts';
import { buildOpenApi } from '../lib/web/api/openapi.ts';

let openApi: string | undefined;
const keyring = createReceiptKeyring();

export const handler = createApiHandler({
  'GET /health': async () => json(200, { status: 'ok' }),
  'GET /openapi.json': async () => {
    openApi ??= JSON.stringify(buildOpenApi());
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }, body: openApi };
  },
  'GET /.well-known/jwks.json': async () =>
    // RFC 7517's media type would be application/jwk-set+json; verifiers (jose, JWT libraries) expect plain JSON.
    json(200, await receiptKeys(keyring), { 'cache-control': `public, max-age=${RECEIPT_KEYS_MAX_AGE_SECONDS}` }),
});
