// GET /v1/members/{memberId}/record on the stack (issue 15): the member's consent record in the
// ISO/IEC TS 27560 shape. Under the shipped reference versions (shared stack): the header, the
// processing for a member who stays and one who moves, the states of their choices, who may read
// it, bad paging input, and the settings page's download. Then, on a stack of its own with a
// version of two purposes in force and announced: a history long enough to be archived on both
// purposes, paged through in small pages, every choice once and in order.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { loadPolicyVersions } from '../../lib/app/policies.ts';
import { consentStateAfter, RECORD_SCHEMA_VERSION, recordIdOf } from '../../lib/domain/consent-record.ts';
import type { Choice } from '../../lib/domain/member.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { adminToken, baseUrl, call, createMember, memberToken, pipelineToken, PURPOSE, token, uniqueMemberId, useStack, wholeHistory } from './api-client.ts';
import { memberItems } from './table.ts';

const recordPath = (memberId: string, query = '') => `/v1/members/${encodeURIComponent(memberId)}/record${query}`;

async function choose(memberId: string, purpose: string, choice: Choice): Promise<void> {
  const response = await call('PUT', `/v1/members/${memberId}/consents/${purpose}`, { token: await memberToken(memberId), body: { choice } });
  expect(response.status, response.text).toBe(200);
}

/** Every page of a member's record, by cursor, as the member reads it. */
async function allPages(memberId: string, limit: number): Promise<Record<string, any>[]> {
  const memberBearer = await memberToken(memberId);
  const pages = [];
  let cursor: string | undefined;
  do {
    const response = await call('GET', recordPath(memberId, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), { token: memberBearer });
    expect(response.status, response.text).toBe(200);
    pages.push(response.body);
    cursor = response.body.next;
  } while (cursor !== undefined);
  return pages;
}

/** The events a record must hold: each purpose's whole history, purposes by name, each state after the choice before. */
async function expectedEvents(memberId: string, purposes: string[]): Promise<object[]> {
  const events = [];
  for (const purpose of [...purposes].sort()) {
    let previous: Choice | undefined;
    for (const item of await wholeHistory(memberId, await memberToken(memberId), purpose)) {
      events.push({ time: item.at, purpose, source: item.source, actor: item.actor, state: consentStateAfter(previous, item.choice as Choice) });
      previous = item.choice as Choice;
    }
  }
  return events;
}

describe('the record under the reference versions (shared stack)', () => {
  const californian = uniqueMemberId('rec-ca');
  const mover = uniqueMemberId('rec-move');

  beforeAll(async () => {
    await createMember(californian, { country: 'US', subdivision: 'US-CA' });
    await choose(californian, PURPOSE, 'granted');
    await choose(californian, PURPOSE, 'granted');
    await choose(californian, PURPOSE, 'denied');
    await createMember(mover, { country: 'FR' });
    await choose(mover, PURPOSE, 'denied');
    // Three places: the hot item keeps the first and the latest, Germany only its profile event.
    await createMember(mover, { country: 'DE' });
    await createMember(mover, { country: 'US', subdivision: 'US-NY' });
  });

  it('names the record, the member and the processing, and each choice as a consent event', async () => {
    const response = await call('GET', recordPath(californian), { token: await memberToken(californian) });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({
      schemaVersion: RECORD_SCHEMA_VERSION,
      recordId: recordIdOf(californian),
      piiPrincipalId: californian,
      processing: [
        {
          purpose: PURPOSE,
          policyVersions: ['2024-11-20', '2025-11-03'],
          jurisdiction: 'US-CA',
          legalBasis: 'legitimate_interest',
          withdrawalMethod: `${baseUrl()}/settings`,
          notices: [],
        },
      ],
    });
    expect(response.body.events).toEqual(
      ['given', 'renewed', 'withdrawn'].map((state) => ({
        time: expect.any(String),
        type: 'explicitly_expressed',
        state,
        source: 'api',
        purpose: PURPOSE,
        actor: californian,
        policyVersion: '2025-11-03',
      })),
    );
    expect(response.body).not.toHaveProperty('next');
    // Never the email address: the member is named by id only.
    expect(response.text).not.toContain('@example.com');
  });

  it('names each place the member was, the one between the first and the latest too: France (only from 2025-11-03), Germany, New York', async () => {
    const stored = await memberItems(mover);
    expect(stored.find((item) => item.sk === 'STATE')!.item.profilesTrimmed).toBe(true);
    const response = await call('GET', recordPath(mover), { token: await adminToken() });
    expect(response.status, response.text).toBe(200);
    expect(response.body.processing).toMatchObject([
      { purpose: PURPOSE, policyVersions: ['2025-11-03'], jurisdiction: 'FR', legalBasis: 'legitimate_interest' },
      { purpose: PURPOSE, policyVersions: ['2025-11-03'], jurisdiction: 'DE', legalBasis: 'legitimate_interest' },
      { purpose: PURPOSE, policyVersions: ['2025-11-03'], jurisdiction: 'US-NY', legalBasis: 'legitimate_interest' },
    ]);
    expect(response.body.events).toMatchObject([{ state: 'refused', source: 'api' }]);
  });

  it('is for the member and administrators: another member or a pipeline gets 403, an unknown member 404', async () => {
    expect((await call('GET', recordPath(californian), { token: await memberToken(mover) })).status).toBe(403);
    expect((await call('GET', recordPath(californian), { token: await pipelineToken() })).status).toBe(403);
    expect((await call('GET', recordPath(californian))).status).toBe(401);
    const unknown = await call('GET', recordPath(uniqueMemberId('rec-nobody')), { token: await adminToken() });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    { name: 'garbled', query: '?cursor=not-a-cursor', field: 'query.cursor', rule: 'cursor' },
    { name: 'empty', query: '?cursor=', field: 'query.cursor', rule: 'cursor' },
    { name: "another member's", query: `?cursor=${cursorOf(['someone-else', PURPOSE, 2, null])}`, field: 'query.cursor', rule: 'cursor' },
    { name: 'a purpose the member never chose on', query: `?cursor=${cursorOf([californian, 'other-purpose', 1, null])}`, field: 'query.cursor', rule: 'cursor' },
    { name: 'a foreign archive key', query: `?cursor=${cursorOf([californian, PURPOSE, 2, 'P#x'])}`, field: 'query.cursor', rule: 'cursor' },
    ...['0', '1001', 'ten', '-1', '1.5'].map((limit) => ({ name: `limit=${limit}`, query: `?limit=${limit}`, field: 'query.limit', rule: 'range' })),
  ])('refuses $name: 400 naming $field, rule $rule', async ({ query, field, rule }) => {
    const response = await call('GET', recordPath(californian, query), { token: await memberToken(californian) });
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field, rule });
  });

  it('continues from a history cursor at the same place', async () => {
    const memberBearer = await memberToken(californian);
    const history = await call('GET', `/v1/members/${californian}/consents/${PURPOSE}/history?limit=1`, { token: memberBearer });
    const rest = await call('GET', recordPath(californian, `?cursor=${encodeURIComponent(history.body.next)}`), { token: memberBearer });
    expect(rest.status, rest.text).toBe(200);
    expect(rest.body.events.map((event: { state: string }) => event.state)).toEqual(['renewed', 'withdrawn']);
  });

  it('downloads from the settings page: the same record, as an attachment', async () => {
    const memberBearer = await memberToken(californian);
    const download = await call('GET', '/settings/record', { token: memberBearer });
    expect(download.status, download.text).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/json');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="consent-record.json"');
    expect(download.headers.get('cache-control')).toBe('no-store');
    const api = await call('GET', recordPath(californian, '?limit=1000'), { token: memberBearer });
    expect(download.body).toEqual(api.body);

    // Without a session: a browser signs in first and lands on the settings page, where the link is;
    // a client that does not ask for HTML is refused.
    const signedOut = await call('GET', '/settings/record', { headers: { accept: 'text/html' } });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/sign-in?next=%2Fsettings');
    const script = await call('GET', '/settings/record');
    expect(script.status).toBe(401);
    expect(script.headers.get('content-type')).toBe('application/problem+json');
    const noProfile = await call('GET', '/settings/record', { token: await token({ sub: uniqueMemberId('rec-stranger') }) });
    expect(noProfile.status).toBe(404);
    expect(noProfile.headers.get('content-type')).toBe('application/problem+json');
  });
});

// A version in force now can only be loaded straight into a table, and it would change every answer
// of the shared stack: this part runs on a stack of its own, loaded before any container has read
// the policy list.
describe('a long record on two purposes (a stack of its own)', () => {
  const ADS = 'ads-personalisation';
  const POLICY_ID = 'record-two-purposes';
  const memberId = uniqueMemberId('rec-long');
  const GENAI_CHOICES = 40;
  const ADS_CHOICES = 25;
  let stack: StackProcess | undefined;
  let whole: Record<string, any>;

  beforeAll(async () => {
    stack = await startStackProcess();
    const reference = REFERENCE_POLICIES.at(-1)!.purposes[PURPOSE]!;
    const now = Date.now();
    const twoPurposes: PolicyVersion = {
      id: POLICY_ID,
      announcedAt: new Date(now - 60_000).toISOString(),
      effectiveAt: new Date(now - 1_000).toISOString(),
      purposes: {
        [PURPOSE]: reference,
        [ADS]: { description: 'Personalising ads', setting: 'Use my activity to personalise ads', default: { regime: 'opt_in', legalBasis: 'consent' }, rules: {}, minimumAge: 18 },
      },
    };
    const client = new DynamoDBClient({ endpoint: stack.ready.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const store = new DynamoStore(DynamoDBDocumentClient.from(client), process.env.TABLE_NAME || 'consent-ledger');
      expect(await loadPolicyVersions(store, [twoPurposes], 'consent-record-test', new Date(now))).toEqual([{ id: POLICY_ID, outcome: 'loaded' }]);
    } finally {
      client.destroy();
    }
    useStack(stack.ready);
    await createMember(memberId, { country: 'US', subdivision: 'US-TX' });
    // Interleaved, so that both purposes' tails move to archive items as the hot item fills.
    const pattern: Choice[] = ['granted', 'granted', 'denied', 'denied', 'granted', 'denied'];
    for (let i = 0; i < GENAI_CHOICES; i++) {
      await choose(memberId, PURPOSE, pattern[i % pattern.length]!);
      if (i < ADS_CHOICES) await choose(memberId, ADS, pattern[(i + 3) % pattern.length]!);
    }
    const admin = await adminToken();
    const started = await call('POST', `/v1/policies/${POLICY_ID}/notices`, { token: admin });
    expect(started.status, started.text).toBe(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const progress = await call('GET', `/v1/policies/${POLICY_ID}/notices?campaignId=${started.body.campaignId}`, { token: admin });
      if (progress.body.status === 'done' && progress.body.sent === 1) break;
      if (Date.now() > deadline) throw new Error(`notice campaign not done: ${progress.text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    whole = (await call('GET', recordPath(memberId, '?limit=1000'), { token: await memberToken(memberId) })).body;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('has archived history on both purposes (the case paging must get right)', async () => {
    const archived = (await memberItems(memberId, stack!.ready.dynamoDbEndpoint)).filter((item) => item.sk.startsWith('AC#'));
    expect(archived.some((item) => item.sk.startsWith(`AC#${PURPOSE}#`))).toBe(true);
    expect(archived.some((item) => item.sk.startsWith(`AC#${ADS}#`))).toBe(true);
  });

  it('names both purposes, each under its basis, with the notice the member was sent', () => {
    const notice = [{ policyVersion: POLICY_ID, deliveredAt: expect.any(String) }];
    expect(whole.processing).toEqual([
      { purpose: ADS, policyVersions: [POLICY_ID], jurisdiction: 'US-TX', legalBasis: 'consent', withdrawalMethod: `${stack!.ready.url}/settings`, notices: notice },
      {
        purpose: PURPOSE,
        policyVersions: ['2024-11-20', '2025-11-03', POLICY_ID],
        jurisdiction: 'US-TX',
        legalBasis: 'legitimate_interest',
        withdrawalMethod: `${stack!.ready.url}/settings`,
        notices: notice,
      },
    ]);
  });

  it('holds every choice once, purpose by purpose, oldest first, each state after the choice before', async () => {
    expect(whole.next).toBeUndefined();
    expect(whole.events).toHaveLength(GENAI_CHOICES + ADS_CHOICES);
    expect(whole.events).toMatchObject(await expectedEvents(memberId, [PURPOSE, ADS]));
    expect(whole.events.every((event: { policyVersion: string }) => event.policyVersion === POLICY_ID)).toBe(true);
  });

  it.each([1, 7, 25, 26, 64])('pages of %i join up exactly, each carrying the whole header', async (limit) => {
    const pages = await allPages(memberId, limit);
    expect(pages).toHaveLength(Math.ceil((GENAI_CHOICES + ADS_CHOICES) / limit));
    expect(pages.flatMap((page) => page.events)).toEqual(whole.events);
    const { events: _events, ...header } = whole;
    for (const page of pages) {
      expect(page.events.length).toBeLessThanOrEqual(limit);
      const { events: _pageEvents, next: _next, ...pageHeader } = page;
      expect(pageHeader).toEqual(header);
    }
  });

  it('downloads whole from the settings page', async () => {
    const download = await call('GET', '/settings/record', { token: await memberToken(memberId) });
    expect(download.status, download.text).toBe(200);
    expect(download.body).toEqual(whole);
  });
});
