// Erasure end to end (DOMAIN.md section 7; issue 15), on a stack of its own (its campaigns email
// every member of the stack): a member with a long life is erased, and then the whole table holds
// none of their addresses, birth dates or locales; reads answer 410 and a profile 409; eligibility
// says erased, while answers known before replay as given; a campaign sends them nothing; their
// opt-out link shows a plain "erased" page; one change event says so, and nothing else does.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CloudEvent } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventCollector } from '../../infra/local/event-reader.ts';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { adminToken, call, memberToken, pageSession, pipelineToken, PURPOSE, useStack } from './api-client.ts';
import { announceAndWait, emails, recipientsOf } from './notice-campaigns.ts';

let stack: StackProcess;
let events: EventCollector;
let admin: string;

interface LocalStackDetails {
  sqsEndpoint: string;
  auditQueueUrl: string;
  tableName: string;
}
let details: LocalStackDetails;

/** Everything ever stored of the erased members that identifies them: none of it may be left. */
const ERASED = ['erase-me@example.com', 'erase-me.new@example.com', '1990-04-01', '1990-04-02', 'fr-FR', 'de-DE', 'erase-kid@example.com', '2010-06-01'];

/** Every item of the table, as stored. */
async function wholeTable(): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ endpoint: stack.ready.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items: Record<string, unknown>[] = [];
  let startKey: ScanCommand['input']['ExclusiveStartKey'];
  do {
    const page = await client.send(new ScanCommand({ TableName: details.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  client.destroy();
  return items;
}

const put = (memberId: string, body: Record<string, unknown>) => call('PUT', `/v1/members/${memberId}`, { token: admin, body });
const eligibility = async (memberId: string, query: string) =>
  (await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?${query}`, { token: await pipelineToken() })).body;
const answerOf = ({ eligible, reason, policyVersion, jurisdiction }: Record<string, unknown>) => ({ eligible, reason, policyVersion, jurisdiction });

/** Answers recorded before the erasure, each with the K it was known at. */
const before: { memberId: string; query: string; answer: Record<string, unknown> }[] = [];
let erasedAt: string;

beforeAll(async () => {
  stack = await startStackProcess({ PUBLISH_BATCHING_WINDOW_MS: '200', NOTICE_SCAN_SEGMENTS: '2' });
  useStack(stack.ready);
  details = (await (await fetch(`${stack.ready.url}/_local/stack`)).json()) as LocalStackDetails;
  events = new EventCollector(details.sqsEndpoint, details.auditQueueUrl);
  admin = await adminToken();

  // A long life: four profiles (two addresses, a corrected birth date, three locales; the middle
  // ones only in the profile archive), thirty choices (most moved to archive items), one with an
  // Idempotency-Key, and the notice of the 2024-11-20 version (it reaches US members only).
  expect((await put('erase-me', { email: 'erase-me@example.com', country: 'US', birthDate: '1990-04-01', locale: 'fr-FR' })).status).toBe(201);
  expect((await put('erase-me', { email: 'erase-me.new@example.com', country: 'FR', birthDate: '1990-04-02', locale: 'fr-FR' })).status).toBe(200);
  expect((await put('erase-me', { email: 'erase-me.new@example.com', country: 'DE', birthDate: '1990-04-02', locale: 'de-DE' })).status).toBe(200);
  expect((await put('erase-me', { email: 'erase-me.new@example.com', country: 'US', subdivision: 'US-CA', birthDate: '1990-04-02', locale: 'fr-FR' })).status).toBe(200);
  const self = await memberToken('erase-me');
  for (let i = 0; i < 30; i++) {
    const headers: Record<string, string> = i === 29 ? { 'idempotency-key': 'erase-me-last' } : {};
    const answer = await call('PUT', `/v1/members/erase-me/consents/${PURPOSE}`, { token: self, body: { choice: i % 2 ? 'granted' : 'denied' }, headers });
    expect(answer.status, answer.text).toBe(200);
  }
  expect((await put('erase-kid', { email: 'erase-kid@example.com', country: 'US', birthDate: '2010-06-01' })).status).toBe(201);
  expect((await put('keeper', { email: 'keeper@example.com', country: 'US' })).status).toBe(201);
  const progress = await announceAndWait('2024-11-20');
  // The first test asks as known a second ago: every profile above must have been recorded by then.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  expect(progress).toMatchObject({ sent: 2, failed: 0 });
  expect(recipientsOf(await emails(stack.ready.sesEndpoint), '2024-11-20')).toEqual(['erase-me.new@example.com', 'keeper@example.com']);
}, 180_000);

afterAll(async () => {
  await events?.stop();
  await stack?.stop();
});

describe('erasing', () => {
  it('answers {memberId, erasedAt}, self or admin, the same every time', async () => {
    // What the ledger answers now, known now: replayed after the erasure, it must not change.
    const known = new Date(Date.now() - 1_000).toISOString();
    for (const [memberId, at] of [
      ['erase-me', '2025-06-01T00:00:00.000Z'],
      ['erase-me', new Date(Date.now() + 86_400_000).toISOString()],
      ['erase-kid', new Date().toISOString()],
      ['erase-kid', '2030-01-01T00:00:00.000Z'],
    ] as const) {
      const query = `at=${encodeURIComponent(at)}&knownAt=${encodeURIComponent(known)}`;
      before.push({ memberId, query, answer: answerOf(await eligibility(memberId, query)) });
    }
    expect(before.map(({ answer }) => answer.reason)).toEqual(['default_opt_in', 'opted_in', 'minor', 'default_opt_in']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const first = await call('DELETE', '/v1/members/erase-me', { token: await memberToken('erase-me') });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ memberId: 'erase-me', erasedAt: expect.any(String) });
    erasedAt = first.body.erasedAt;
    expect(Date.parse(erasedAt)).toBeGreaterThan(Date.parse(known));
    const again = await call('DELETE', '/v1/members/erase-me', { token: admin });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await call('DELETE', '/v1/members/erase-kid', { token: admin })).status).toBe(200);
  });

  it('leaves none of their addresses, birth dates or locales anywhere in the table, and keeps the record', async () => {
    const items = await wholeTable();
    for (const item of items) {
      const text = JSON.stringify(item, (_key, value: unknown) => (value instanceof Set ? [...value] : value));
      for (const erased of ERASED) expect(text, `${String(item.pk)} / ${String(item.sk)}`).not.toContain(erased);
    }
    // The pseudonymous record stays: the profile events, archive items, the notice and the key's mark.
    const kept = items.filter((item) => item.pk === 'M#erase-me').map((item) => String(item.sk).slice(0, 2));
    expect(kept.filter((prefix) => prefix === 'P#')).toHaveLength(4);
    expect(kept.filter((prefix) => prefix === 'AC').length).toBeGreaterThan(0);
    expect(kept).toEqual(expect.arrayContaining(['N#', 'I#', 'ST']));
    const hot = items.find((item) => item.pk === 'M#erase-me' && item.sk === 'STATE')!;
    expect(hot).toMatchObject({ erasedAt, erasedBy: 'erase-me', scrubbed: true });
    expect(hot).not.toHaveProperty('email');
    // The keeper's own data is untouched.
    expect(JSON.stringify(items)).toContain('keeper@example.com');
  });

  it('then answers 410 for reads of the profile and choices and for a choice, 409 for a profile', async () => {
    const self = await memberToken('erase-me');
    for (const path of ['/v1/members/erase-me', '/v1/members/erase-me/consents', `/v1/members/erase-me/consents/${PURPOSE}`, `/v1/members/erase-me/consents/${PURPOSE}/history`]) {
      const read = await call('GET', path, { token: self });
      expect(read.status, path).toBe(410);
      expect(read.body).toMatchObject({ type: 'urn:consent-ledger:problem:gone', status: 410 });
    }
    const choice = await call('PUT', `/v1/members/erase-me/consents/${PURPOSE}`, { token: self, body: { choice: 'granted' }, headers: { 'idempotency-key': 'erase-me-last' } });
    expect(choice.status).toBe(410);
    expect((await put('erase-me', { email: 'back@example.com', country: 'US' })).status).toBe(409);
  });

  it('answers erased for every question known since, single and batch; answers known before replay as given', async () => {
    expect(await eligibility('erase-me', '')).toMatchObject({ eligible: false, reason: 'erased', policyVersion: null });
    expect(await eligibility('erase-me', 'at=2025-06-01T00:00:00Z')).toMatchObject({ eligible: false, reason: 'erased' });
    const batch = await call('POST', `/v1/eligibility/${PURPOSE}/batch`, { token: await pipelineToken(), body: { memberIds: ['erase-me', 'keeper', 'erase-kid'] } });
    expect(batch.body.results.map((result: { reason: string }) => result.reason)).toEqual(['erased', 'default_opt_in', 'erased']);
    for (const { memberId, query, answer } of before) expect(answerOf(await eligibility(memberId, query)), `${memberId} ${query}`).toEqual(answer);
    const usage = await call('GET', '/v1/members/erase-me/content-usage', { token: await pipelineToken() });
    expect(usage.body.contentUsage).toBe('train-ai=n');
  });

  it('sends them nothing in a later campaign: the fan-out passes them over', async () => {
    const progress = await announceAndWait('2025-11-03');
    expect(progress).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(recipientsOf(await emails(stack.ready.sesEndpoint), '2025-11-03')).toEqual(['keeper@example.com']);
  }, 90_000);

  it('shows their opt-out link a plain "erased" page, in the browser\'s language, and changes nothing', async () => {
    const email = (await emails(stack.ready.sesEndpoint)).find((entry) => entry.destination.to[0] === 'erase-me.new@example.com')!;
    const link = new URL(/(http:\/\/\S+\/v1\/opt-out\?token=\S+)/.exec(email.body.text)![1]!);
    const shown = await call('GET', link.pathname + link.search, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(shown.status).toBe(410);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.text).toContain('<h1>Dieses Konto wurde gelöscht</h1>');
    expect(shown.text).toContain('lang="de"');
    expect(shown.text).not.toContain('<form');
    const form = { rawBody: new URLSearchParams({ token: link.searchParams.get('token')! }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    const posted = await call('POST', '/v1/opt-out', form);
    expect(posted.status).toBe(410);
    expect(posted.text).toContain('<h1>This account was erased</h1>');
    const asJson = await call('POST', '/v1/opt-out', { ...form, headers: { ...form.headers, accept: 'application/json' } });
    expect(asJson.body).toMatchObject({ type: 'urn:consent-ledger:problem:link-erased', status: 410 });
  });

  it('publishes one consent.member.erased event, and nothing for the rewrites', async () => {
    const [erased] = await events.waitFor('erase-me', 1, 'consent.member.erased', 30_000);
    expect(() => new CloudEvent(erased as never, true)).not.toThrow();
    expect(erased).toMatchObject({ id: 'member/erase-me/erasure', type: 'consent.member.erased', subject: 'erase-me', time: erasedAt, data: { memberId: 'erase-me', erasedAt } });
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // room for anything else to show
    const types = events.of('erase-me').map((event) => event.type);
    // 4 profiles, 30 choices, the 2024-11-20 notice, the erasure: and the erasure last.
    expect(types.filter((type) => type === 'consent.profile.changed')).toHaveLength(4);
    expect(types.filter((type) => type === 'consent.choice.recorded')).toHaveLength(30);
    expect(types.filter((type) => type === 'consent.notice.delivered')).toHaveLength(1);
    expect(types.at(-1)).toBe('consent.member.erased');
    expect(types).toHaveLength(36);
    for (const { raw } of events.received) for (const text of ERASED) expect(raw).not.toContain(text);
  });
});

describe('a member with many items', () => {
  it('is erased whole: 250 profile versions, rewritten a page at a time', async () => {
    for (let i = 0; i < 250; i++) {
      const answer = await put('many', { email: `many-${i % 2}@example.com`, country: i % 2 ? 'CA' : 'US', birthDate: '1979-11-30', locale: 'es-MX' });
      expect(answer.status, answer.text).toBe(i === 0 ? 201 : 200);
    }
    const erased = await call('DELETE', '/v1/members/many', { token: admin });
    expect(erased.status, erased.text).toBe(200);
    const items = (await wholeTable()).filter((item) => item.pk === 'M#many');
    expect(items.filter((item) => String(item.sk).startsWith('P#'))).toHaveLength(250);
    const text = JSON.stringify(items, (_key, value: unknown) => (value instanceof Set ? [...value] : value));
    for (const gone of ['many-0@example.com', 'many-1@example.com', '1979-11-30', 'es-MX']) expect(text).not.toContain(gone);
  }, 120_000);
});

describe('erasing from the settings page', () => {
  it('asks for ERASE typed on a page of its own, erases, says so and ends the session; the settings page then says erased', async () => {
    expect((await put('by-page', { email: 'by-page@example.com', country: 'US', birthDate: '1985-02-03' })).status).toBe(201);
    // Signed in as a browser is, through the identity provider: the session is the cookie it sets.
    const html = { accept: 'text/html', cookie: await pageSession('by-page') };

    const settings = await call('GET', '/settings', { headers: html });
    expect(settings.text).toContain('href="/settings/erase"');
    const confirm = await call('GET', '/settings/erase', { headers: html });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<label for="confirm">Type ERASE to confirm</label>');

    const send = (confirmation: string, origin = stack.ready.url) =>
      call('POST', '/settings/erase', { rawBody: `confirm=${confirmation}`, headers: { ...html, origin, 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await send('erase', 'https://evil.example')).status).toBe(403);
    // Without a session nothing is erased: the browser signs in first, back on the confirmation page.
    const signedOut = await call('POST', '/settings/erase', {
      rawBody: 'confirm=erase',
      headers: { accept: 'text/html', origin: stack.ready.url, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/sign-in?next=%2Fsettings%2Ferase');
    const unconfirmed = await send('yes');
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Nothing was erased.');
    expect((await call('GET', '/v1/members/by-page', { token: admin })).status).toBe(200);

    const done = await send('erase');
    expect(done.status).toBe(200);
    expect(done.text).toContain('<h1>Your data was erased</h1>');
    expect(done.headers.get('set-cookie')).toMatch(/^cl_session=;.*Max-Age=0/);
    expect((await call('GET', '/v1/members/by-page', { token: admin })).status).toBe(410);
    const after = await call('GET', '/settings', { headers: html });
    expect(after.status).toBe(410);
    expect(after.text).toContain('<h1>Your data was erased</h1>');
    const table = JSON.stringify(await wholeTable());
    for (const erased of ['by-page@example.com', '1985-02-03']) expect(table).not.toContain(erased);
  });
});
