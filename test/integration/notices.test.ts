// The notice pipeline end to end, on a stack of its own (its own members, short timeouts, and
// injected faults): exactly the right emails, once each, whatever fails on the way.
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { adminToken, call, expectDocumented, memberToken, PURPOSE, useStack } from './api-client.ts';
import { announceAndWait, emails, recipientsOf, waitFor } from './notice-campaigns.ts';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { reportReliability } from './reliability-report.ts';

let stack: StackProcess;

interface SampleMember {
  id: string;
  email: string;
  country: string;
  minor: boolean;
  locale?: string;
}

/** 300 members; the 2024-11-20 version excludes EU, EEA, CH, GB and HK, and no version takes minors. */
const PLAN: [country: string, count: number][] = [
  ['US', 80], ['CA', 40], ['FR', 40], ['DE', 20], ['GB', 30], ['HK', 20], ['CH', 20], ['NO', 10], ['BR', 20], ['JP', 20],
];
const members: SampleMember[] = [];
for (const [country, count] of PLAN) {
  for (let i = 0; i < count; i++) {
    const id = country === 'US' && i === 0 ? 'crash-me-1' : `n-${country.toLowerCase()}-${i}`;
    // Every 8th member's address is refused once by SES (an injected fault).
    const email = i % 8 === 3 ? `${id}@flaky.example` : `${id}@example.com`;
    members.push({ id, email, country, minor: country === 'US' && i >= 70, ...(country === 'FR' ? { locale: 'fr-FR' } : {}) });
  }
}
const EXCLUDED_2024 = new Set(['FR', 'DE', 'GB', 'HK', 'CH', 'NO']);
const expected2024 = members.filter((m) => !m.minor && !EXCLUDED_2024.has(m.country)).map((m) => m.email).sort();
const expected2025 = members.filter((m) => !m.minor).map((m) => m.email).sort();

beforeAll(async () => {
  stack = await startStackProcess({
    QUEUE_VISIBILITY_TIMEOUT_SECONDS: '4',
    QUEUE_MAX_RECEIVE_COUNT: '3',
    NOTICE_LEASE_SECONDS: '3',
    NOTICE_RETRY_BASE_SECONDS: '1',
    NOTICE_SCAN_SEGMENTS: '3',
    NOTICE_PAGE_SIZE: '40',
    NOTIFY_BATCH_SIZE: '3',
    CONSENT_LEDGER_FAULTS: JSON.stringify({ sesRejectOnce: '@flaky\\.example$', notifyCrashOnce: 'crash-me', sesThrottleCalls: 3 }),
  });
  useStack(stack.ready);
  const admin = await adminToken();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < members.length) {
        const member = members[next++]!;
        const body = {
          email: member.email,
          country: member.country,
          ...(member.locale ? { locale: member.locale } : {}),
          ...(member.minor ? { birthDate: '2012-06-01' } : {}),
        };
        const response = await call('PUT', `/v1/members/${member.id}`, { token: admin, body });
        expect(response.status).toBe(201);
      }
    }),
  );
}, 120_000);

/** Emails sent, missing and duplicated over every campaign of this file, for the stress summary. */
const noticeFigures = { operations: 0, faultsInjected: 0, badInputs: 0, lostWrites: 0, duplicates: 0, serverErrors: 0 };

afterAll(async () => {
  if (stack) {
    const faults = (await call('GET', '/_local/faults')).body as Record<string, number>;
    noticeFigures.faultsInjected = Object.values(faults).reduce((sum, count) => sum + count, 0);
    reportReliability('notices under SES faults and a crash', noticeFigures);
  }
  await stack?.stop();
});

describe('a campaign', () => {
  it('emails exactly the members processable under the version, once each, despite SES throttling, refusals and a crash', async () => {
    const progress = await announceAndWait('2024-11-20');
    expect(progress).toMatchObject({ targeted: expected2024.length, sent: expected2024.length, failed: 0, skipped: 0, queued: 0, scanned: members.length });
    expect(progress.finishedAt).toEqual(expect.any(String));
    const recipients = recipientsOf(await emails(stack.ready.sesEndpoint), '2024-11-20');
    noticeFigures.operations += expected2024.length;
    noticeFigures.duplicates += recipients.length - new Set(recipients).size;
    noticeFigures.lostWrites += expected2024.filter((email) => !recipients.includes(email)).length;
    expect(recipients).toEqual(expected2024);

    const log = readFileSync(stack.logFile, 'utf8');
    expect(log).toContain('injected crash mid-batch');
    expect(log).not.toMatch(/[a-z0-9.-]+@(example\.com|flaky\.example)/);
  }, 90_000);

  it('sends nobody a second email when the same version is announced again', async () => {
    const before = (await emails(stack.ready.sesEndpoint)).length;
    const progress = await announceAndWait('2024-11-20');
    expect(progress).toMatchObject({ targeted: expected2024.length, sent: 0, skipped: expected2024.length, failed: 0 });
    expect((await emails(stack.ready.sesEndpoint)).length).toBe(before);
    const history = await call('GET', '/v1/policies/2024-11-20/notices', { token: await adminToken() });
    expect(history.body.campaigns).toHaveLength(2);
  }, 90_000);

  it('tells everyone who becomes processable under the next version, in their language where it can', async () => {
    const progress = await announceAndWait('2025-11-03');
    expect(progress).toMatchObject({ targeted: expected2025.length, sent: expected2025.length, failed: 0, skipped: 0 });
    const all = await emails(stack.ready.sesEndpoint);
    expect(recipientsOf(all, '2025-11-03')).toEqual(expected2025);
    const of2025 = (address: string) => all.find((email) => email.destination.to[0] === address && email.body.text.includes('(version 2025-11-03)'))!;
    const french = of2025('n-fr-0@example.com');
    expect(french.subject).toContain('3 novembre 2025');
    expect(french.body.text).toMatch(/n’est pas rétroactive|pas rétroacti/);
    // The policy's own texts in French too (the reference translations the bootstrap loads), not
    // English ones inside French sentences.
    expect(french.body.text).toContain('Utiliser mes données pour entraîner des modèles d’IA de création de contenu');
    expect(french.body.text).toContain('pour entraîner des modèles d’IA qui génèrent du contenu');
    expect(french.body.text).toContain('L’entraînement s’étend à l’UE');
    expect(french.body.text).not.toMatch(/Use my data|content-generating|Training extends/);
    const one = of2025('n-ca-0@example.com');
    // English by default: the email says what changes, when, names the setting, says opting out
    // is not retroactive, and links to settings and a personal opt-out.
    expect(one.body.text).toContain('3 November 2025');
    expect(one.body.text).toContain('Use my data for training content creation AI models');
    expect(one.body.text).toMatch(/not retroactive/i);
    expect(one.body.text).toContain(`${stack.ready.url}/settings`);
    expect(one.body.text).toMatch(/\/v1\/opt-out\?token=\S+/);
    expect(one.body.html).toContain('<html');
  }, 90_000);
});

describe('a poison message', () => {
  it('ends in the dead-letter queue after the configured receives, with its reason logged', async () => {
    const sqs = new SQSClient({ endpoint: stack.ready.sqsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, useQueueUrlAsEndpoint: false });
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.ready.queues.notices.url, MessageBody: 'this is not a notice' }));
    const parked = await waitFor('the poison message in the DLQ', async () => {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.ready.queues.notices.dlqUrl, WaitTimeSeconds: 1 }));
      return Messages?.find((message) => message.Body === 'this is not a notice');
    }, 45_000);
    expect(parked).toBeDefined();
    expect(readFileSync(stack.logFile, 'utf8')).toContain('message body is not JSON');
    sqs.destroy();
  }, 60_000);
});

describe('the opt-out link', () => {
  const linkOf = async (email: string, policyId: string) => {
    const found = (await emails(stack.ready.sesEndpoint)).find((entry) => entry.destination.to[0] === email && entry.body.text.includes(`(version ${policyId})`))!;
    const url = /(http:\/\/\S+\/v1\/opt-out\?token=\S+)/.exec(found.body.text)![1]!;
    return { url, token: new URL(url).searchParams.get('token')! };
  };
  const history = async (memberId: string) =>
    (await call('GET', `/v1/members/${memberId}/consents/${PURPOSE}/history`, { token: await memberToken(memberId) })).body.items;
  const post = (token: string, accept = 'text/html') =>
    call('POST', '/v1/opt-out', { rawBody: new URLSearchParams({ token }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept } });

  it('shows the choice on GET, changing nothing; records denied on POST; a replay writes nothing', async () => {
    const { url, token } = await linkOf('n-ca-1@example.com', '2025-11-03');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    await expectDocumented('GET', new URL(url).pathname + new URL(url).search, { status: page.status, headers: page.headers, text: html });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('<form method="post" action="/v1/opt-out">');
    expect(await history('n-ca-1')).toEqual([]);

    const done = await post(token);
    expect(done.status).toBe(200);
    expect(await history('n-ca-1')).toEqual([expect.objectContaining({ choice: 'denied', source: 'email_link', actor: 'n-ca-1' })]);
    const consent = await call('GET', `/v1/members/n-ca-1/consents/${PURPOSE}`, { token: await memberToken('n-ca-1') });
    expect(consent.body).toMatchObject({ choice: 'denied', reason: 'opted_out' });

    const replay = await post(token);
    expect(replay.status).toBe(200);
    expect(await history('n-ca-1')).toHaveLength(1);
  });

  it('refuses tampered, foreign, expired and unknown-version tokens, and changes nothing', async () => {
    const { token } = await linkOf('n-br-1@example.com', '2025-11-03');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('A') ? 'BB' : 'AA'}`;
    const key = new Uint8Array(Buffer.from(readFileSync(join(stack.ready.stateDir, 'keys', 'link-signing.key'), 'utf8'), 'base64'));
    const claims = { memberId: 'n-br-1', purpose: PURPOSE, policyVersion: '2025-11-03' };
    const expired = await signLinkToken(key, claims, new Date(Date.now() - 60_000));
    const foreign = await signLinkToken(new Uint8Array(32).fill(7), claims, new Date(Date.now() + 3_600_000));
    const unknownVersion = await signLinkToken(key, { ...claims, policyVersion: 'never-published' }, new Date(Date.now() + 3_600_000));
    const otherMember = await signLinkToken(key, { ...claims, memberId: 'nobody-at-all' }, new Date(Date.now() + 3_600_000));

    const cases: [string, string, number][] = [
      ['tampered', tampered, 400], ['foreign', foreign, 400], ['expired', expired, 410], ['unknown version', unknownVersion, 400], ['unknown member', otherMember, 404],
    ];
    for (const [name, candidate, status] of cases) {
      const shown = await call('GET', `/v1/opt-out?token=${encodeURIComponent(candidate)}`);
      expect(shown.status, name).toBe(status);
      expect(shown.headers.get('content-type'), name).toContain('text/html');
      const posted = await post(candidate);
      expect(posted.status, name).toBe(status);
      const asJson = await post(candidate, 'application/json');
      expect(asJson.headers.get('content-type'), name).toBe('application/problem+json');
    }
    expect((await call('GET', '/v1/opt-out')).status).toBe(400);
    expect(await history('n-br-1')).toEqual([]);
  });
});
