// GET /asyncapi.json on the stack: the change events' AsyncAPI document, public, exactly as
// lib/web/api/asyncapi.ts builds it (its content is checked in test/unit/asyncapi.test.ts).
import { expect, it } from 'vitest';
import { buildAsyncApi } from '../../lib/web/api/asyncapi.ts';
import { call } from './api-client.ts';

it('GET /asyncapi.json answers the AsyncAPI 3.0 document, to anyone, as JSON', async () => {
  const response = await call('GET', '/asyncapi.json');
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.body).toEqual(buildAsyncApi());
});
