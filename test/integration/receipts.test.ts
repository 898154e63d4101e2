// Receipts (DOMAIN.md section 7, issue 15) through the local stack: a recorded choice answers a
// receipt that verifies against GET /.well-known/jwks.json and states what the answer says; an
// Idempotency-Key replay answers it byte for byte; a tampered one fails; the opt-out link, the
// settings toggle and GPC each produce one; and after a key rotation (a stack of its own, started
// again on its state folder) old receipts still verify while new ones name the new key.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { addLocalReceiptKey } from '../../infra/local/receipt-keys.ts';
import { PROJECT_ROOT } from '../../infra/paths.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { verifyReceipt } from '../../lib/adapters/receipts/jws.ts';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { loadPolicyVersions } from '../../lib/app/policies.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { receiptId } from '../../lib/domain/receipts.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { adminToken, baseUrl, call, createMember, memberToken, pageSession, PURPOSE, uniqueMemberId, useStack } from './api-client.ts';

const run = promisify(execFile);

async function keys(): Promise<JSONWebKeySet> {
  const response = await call<JSONWebKeySet>('GET', '/.well-known/jwks.json');
  expect(response.status).toBe(200);
  return response.body;
}

const choose = async (memberId: string, choice: 'granted' | 'denied', options: { token?: string; key?: string } = {}) =>
  call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, {
    token: options.token ?? (await memberToken(memberId)),
    body: { choice },
    headers: options.key ? { 'idempotency-key': options.key } : {},
  });

/** The receipt a page shows, from its HTML. */
function receiptOnPage(html: string): string | undefined {
  return /<pre class="receipt"><code>([A-Za-z0-9_.-]+)<\/code><\/pre>/.exec(html)?.[1];
}

/** `npm run receipt:verify -- <receipt> --url <stack>`: exit code, stdout, stderr. */
async function verifyCommand(receipt: string, url = baseUrl()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['infra/receipt-verify.ts', receipt, '--url', url], { cwd: PROJECT_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('receipts on the shared stack', () => {
  it('a recorded choice answers a receipt that verifies against the published keys and states what the answer says', async () => {
    const memberId = uniqueMemberId('rcpt');
    await createMember(memberId, { country: 'US', subdivision: 'US-CA' });
    await choose(memberId, 'granted');
    const answer = await choose(memberId, 'denied', { token: await adminToken() });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"2"');

    const published = await call('GET', '/.well-known/jwks.json');
    expect(published.headers.get('cache-control')).toBe('public, max-age=300');
    const check = await verifyReceipt(answer.body.receipt, published.body);
    expect(check).toEqual({
      valid: true,
      kid: published.body.keys[0].kid,
      claims: {
        receiptId: receiptId(memberId, PURPOSE, 2),
        memberId,
        purpose: PURPOSE,
        choice: 'denied',
        at: answer.body.updatedAt,
        // An administrator changing a member's choice is support.
        source: 'support',
        policyVersion: answer.body.policyVersion,
        jurisdiction: 'US-CA',
      },
    });
    expect(published.body.keys.map((key: { kid: string }) => key.kid)).toContain(check.valid ? check.kid : undefined);
  });

  it('an Idempotency-Key replay answers the very same receipt, however many replays race the first request', async () => {
    const memberId = uniqueMemberId('rcpt-key');
    await createMember(memberId);
    const token = await memberToken(memberId);
    const answers = await Promise.all(Array.from({ length: 8 }, () => choose(memberId, 'denied', { token, key: 'receipt-race' })));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(new Set(answers.map((answer) => answer.body.receipt)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    const later = await choose(memberId, 'denied', { token, key: 'receipt-race' });
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body.receipt).toBe(answers[0]!.body.receipt);
    expect((await call('GET', `/v1/members/${memberId}/consents/${PURPOSE}/history`, { token })).body.items).toHaveLength(1);
  });

  it('npm run receipt:verify prints the claims of a good receipt and exits 1 on a tampered one', async () => {
    const memberId = uniqueMemberId('rcpt-cli');
    await createMember(memberId, { country: 'FR' });
    const { receipt } = (await choose(memberId, 'denied')).body as { receipt: string };
    const good = await verifyCommand(receipt);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ memberId, choice: 'denied', source: 'api', jurisdiction: 'FR' });

    const [header, payload, signature] = receipt.split('.') as [string, string, string];
    const granted = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"denied"', '"granted"')).toString('base64url');
    for (const tampered of [`${header}.${granted}.${signature}`, `${header}.${payload}.${signature.slice(0, -4)}AAAA`]) {
      const bad = await verifyCommand(tampered);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('not a valid receipt');
      expect(bad.stdout).toBe('');
      expect((await verifyReceipt(tampered, await keys())).valid).toBe(false);
    }
  });

  it('the opt-out link\'s confirmation shows the receipt of the opt-out (source email_link); a second press records and shows nothing', async () => {
    const memberId = uniqueMemberId('rcpt-link');
    await createMember(memberId, { country: 'DE', locale: 'de' });
    const key = new Uint8Array(Buffer.from(readFileSync(join(inject('stateDir'), 'keys', 'link-signing.key'), 'utf8'), 'base64'));
    const token = await signLinkToken(key, { memberId, purpose: PURPOSE, policyVersion: '2025-11-03' }, new Date(Date.now() + 3_600_000));
    const form = { rawBody: new URLSearchParams({ token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } };
    const done = await call('POST', '/v1/opt-out', form);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Ihr Beleg');
    const receipt = receiptOnPage(done.text)!;
    expect(await verifyReceipt(receipt, await keys())).toMatchObject({
      valid: true,
      claims: { memberId, choice: 'denied', source: 'email_link', receiptId: receiptId(memberId, PURPOSE, 1), jurisdiction: 'DE' },
    });
    const again = await call('POST', '/v1/opt-out', form);
    expect(again.status).toBe(200);
    expect(receiptOnPage(again.text)).toBeUndefined();
  });

  it('the settings toggle records with source settings, and the page shows that choice\'s receipt', async () => {
    const memberId = uniqueMemberId('rcpt-page');
    await createMember(memberId, { country: 'US' });
    // Signed in as a browser is, through the identity provider: the session cookie, and its forms sent from this site.
    const page = { headers: { accept: 'text/html', cookie: await pageSession(memberId) } };
    expect(receiptOnPage((await call('GET', '/settings', page)).text)).toBeUndefined();
    const saved = await call('POST', '/settings', {
      rawBody: 'purpose=genai-training&choice=denied&etag=%220%22',
      headers: { ...page.headers, origin: baseUrl(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(saved.status).toBe(303);
    const receipt = receiptOnPage((await call('GET', '/settings?saved=denied', page)).text)!;
    expect(await verifyReceipt(receipt, await keys())).toMatchObject({
      valid: true,
      claims: { memberId, choice: 'denied', source: 'settings', receiptId: receiptId(memberId, PURPOSE, 1) },
    });
  });
});

describe('receipts on a stack of their own: GPC, and a key rotation across a restart', () => {
  let stack: StackProcess | undefined;
  let stateDir: string;

  beforeAll(async () => {
    stack = await startStackProcess();
    stateDir = stack.ready.stateDir;
    // California honours GPC from a minute ago: loaded straight into the table, before any request
    // (so no container holds an older policy list), as the API refuses versions in the past.
    const reference = REFERENCE_POLICIES.at(-1)!.purposes[PURPOSE]!;
    const now = Date.now();
    const honouring: PolicyVersion = {
      id: 'gpc-in-california',
      announcedAt: new Date(now - 120_000).toISOString(),
      effectiveAt: new Date(now - 60_000).toISOString(),
      purposes: { [PURPOSE]: { ...reference, rules: { 'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true } } } },
    };
    const client = new DynamoDBClient({ endpoint: stack.ready.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const store = new DynamoStore(DynamoDBDocumentClient.from(client), process.env.TABLE_NAME || 'consent-ledger');
      expect(await loadPolicyVersions(store, [honouring], 'receipts-test', new Date(now))).toEqual([{ id: honouring.id, outcome: 'loaded' }]);
    } finally {
      client.destroy();
    }
    useStack(stack.ready);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('a settings visit with Sec-GPC: 1 where GPC is honoured records the denial, and the page shows its receipt (source gpc)', async () => {
    const memberId = uniqueMemberId('rcpt-gpc');
    await createMember(memberId, { country: 'US', subdivision: 'US-CA' });
    const visit = await call('GET', '/settings', { token: await memberToken(memberId), headers: { accept: 'text/html', 'sec-gpc': '1' } });
    expect(visit.status).toBe(200);
    expect(visit.text).toContain('counts as turning this setting off, so we recorded that');
    expect(await verifyReceipt(receiptOnPage(visit.text)!, await keys())).toMatchObject({
      valid: true,
      claims: { memberId, choice: 'denied', source: 'gpc', policyVersion: 'gpc-in-california', jurisdiction: 'US-CA', receiptId: receiptId(memberId, PURPOSE, 1) },
    });
  });

  it('after a rotation and a restart, the keys hold the old and the new key: old receipts verify, new ones name the new key', async () => {
    const memberId = uniqueMemberId('rcpt-rot');
    await createMember(memberId);
    const before = (await choose(memberId, 'denied')).body.receipt as string;
    const [oldKey] = (await keys()).keys as [{ kid: string }];

    await stack!.stop();
    const added = await addLocalReceiptKey(stateDir);
    stack = await startStackProcess({}, { stateDir });
    useStack(stack.ready);

    const published = await keys();
    expect(published.keys.map((key) => key.kid)).toEqual([added.privateJwk.kid, oldKey.kid]);
    expect(await verifyReceipt(before, published)).toMatchObject({ valid: true, kid: oldKey.kid });
    expect((await verifyCommand(before, stack.ready.url)).code).toBe(0);

    await createMember(memberId);
    const after = (await choose(memberId, 'granted')).body.receipt as string;
    expect(await verifyReceipt(after, published)).toMatchObject({ valid: true, kid: added.privateJwk.kid });
  }, 120_000);
});
