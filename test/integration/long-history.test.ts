// One member who changes their mind thousands of times (16 clients at once, alternating): every
// write lands, the member's hot item stays small while the history moves to archive items, the
// opt-out after all of it is honoured, old times still answer from the archive, and the history
// (and the consent record) reads back whole, in pages, in order.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId, wholeHistory } from './api-client.ts';
import { reportReliability } from './reliability-report.ts';
import { storedShape } from './table.ts';

const CHOICES = process.env.CONSENT_LEDGER_STRESS ? 10_000 : 3_000;
const CLIENTS = 16;

const memberId = uniqueMemberId('long');
let token: string;
let history: { at: string; choice: string; source: string; actor: string }[];
const statuses: Record<number, number> = {};

beforeAll(async () => {
  await createMember(memberId);
  token = await memberToken(memberId);
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < CHOICES) {
        const choice = next++ % 2 ? 'granted' : 'denied';
        const response = await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token, body: { choice } });
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  history = await wholeHistory(memberId, token);
  reportReliability('long history', {
    operations: CHOICES,
    faultsInjected: 0,
    badInputs: 0,
    lostWrites: Math.max(0, CHOICES - history.length),
    duplicates: Math.max(0, history.length - CHOICES),
    serverErrors: Object.entries(statuses).filter(([status]) => Number(status) >= 500).reduce((sum, [, count]) => sum + count, 0),
  });
}, 600_000);

describe(`a member with ${CHOICES.toLocaleString('en-US')} choices`, () => {
  it('had every write acknowledged and recorded once, in time order', () => {
    expect(statuses).toEqual({ 200: CHOICES });
    expect(history).toHaveLength(CHOICES);
    expect(history.filter((item) => item.choice === 'granted')).toHaveLength(CHOICES / 2);
    expect(history.map((item) => item.at)).toEqual(history.map((item) => item.at).sort());
  });

  it('keeps a small hot item and the rest in archive items', async () => {
    const stored = await storedShape(memberId);
    // Under 2 KB: a write bills at most 2 units however long the history (8 KB is the issue's bound).
    expect(stored.hotBytes).toBeLessThanOrEqual(2_048);
    expect(stored.archiveItems).toBeGreaterThan(CHOICES / 50);
  });

  it('honours an opt-out made after all of them, and names it in the ETag', async () => {
    const path = `/v1/members/${memberId}/consents/${PURPOSE}`;
    const before = await call('GET', path, { token });
    expect(before.headers.get('etag')).toBe(`"${CHOICES}"`);
    const optOut = await call('PUT', path, { token, body: { choice: 'denied' }, headers: { 'if-match': before.headers.get('etag')! } });
    expect(optOut.status, optOut.text).toBe(200);
    expect(optOut.headers.get('etag')).toBe(`"${CHOICES + 1}"`);
    const now = await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}`, { token: await pipelineToken() });
    expect(now.body).toMatchObject({ eligible: false, reason: 'opted_out' });
  });

  it('answers times long before the hot window from the archive, as the history says', async () => {
    const pipeline = await pipelineToken();
    const ask = async (at: string) => (await call('GET', `/v1/eligibility/${PURPOSE}/${memberId}?at=${encodeURIComponent(at)}`, { token: pipeline })).body;
    const firstAt = Date.parse(history[0]!.at);
    expect(await ask(new Date(firstAt - 1).toISOString())).toMatchObject({ eligible: true, reason: 'default_opt_in' });
    for (const index of [0, 1, 17, Math.floor(CHOICES / 3), CHOICES - 40]) {
      const entry = history[index]!;
      // The latest choice in effect at that moment: the last one recorded with the same time.
      const latest = history.findLast((item) => item.at === entry.at)!;
      expect(await ask(entry.at), `at choice ${index + 1}`).toMatchObject({ reason: latest.choice === 'granted' ? 'opted_in' : 'opted_out' });
    }
  });

  it('reads back in pages that join up exactly', async () => {
    const path = `/v1/members/${memberId}/consents/${PURPOSE}/history`;
    const paged = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page++) {
      const response = await call('GET', `${path}?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(7);
      paged.push(...response.body.items);
      cursor = response.body.next;
    }
    expect(paged).toEqual(history.slice(0, 28));
    const first = await call('GET', path, { token });
    expect(first.body.items).toHaveLength(100);
    expect(first.body.next).toEqual(expect.any(String));
  });

  it.each([
    { name: 'garbled', cursor: 'not-a-cursor', field: 'query.cursor', rule: 'cursor' },
    { name: 'empty', cursor: '', field: 'query.cursor', rule: 'cursor' },
    { name: "another member's", cursor: Buffer.from(JSON.stringify(['someone-else', PURPOSE, 5, null])).toString('base64url'), field: 'query.cursor', rule: 'cursor' },
    { name: 'another purpose', cursor: Buffer.from(JSON.stringify([memberId, 'other-purpose', 5, null])).toString('base64url'), field: 'query.cursor', rule: 'cursor' },
    { name: 'position zero', cursor: Buffer.from(JSON.stringify([memberId, PURPOSE, 0, null])).toString('base64url'), field: 'query.cursor', rule: 'cursor' },
    { name: 'a foreign archive key', cursor: Buffer.from(JSON.stringify([memberId, PURPOSE, 5, 'P#x'])).toString('base64url'), field: 'query.cursor', rule: 'cursor' },
  ])('refuses a cursor: $name', async ({ cursor, field, rule }) => {
    const response = await call('GET', `/v1/members/${memberId}/consents/${PURPOSE}/history?cursor=${encodeURIComponent(cursor)}`, { token });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field, rule });
  });

  it('reads back whole in the consent record too: pages of 1,000, and one download from the settings page', async () => {
    const now = await wholeHistory(memberId, token);
    const events = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/v1/members/${memberId}/record?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(page.status).toBe(200);
      events.push(...page.body.events);
      cursor = page.body.next;
    } while (cursor);
    expect(events.map((event) => [event.time, event.state === 'given' || event.state === 'renewed' ? 'granted' : 'denied'])).toEqual(now.map((item) => [item.at, item.choice]));
    const download = await call('GET', '/settings/record', { token });
    expect(download.status).toBe(200);
    expect(download.body.events).toEqual(events);
  });

  it.each(['0', '1001', 'ten', '-1', '1.5'])('refuses limit=%s', async (limit) => {
    const response = await call('GET', `/v1/members/${memberId}/consents/${PURPOSE}/history?limit=${limit}`, { token });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'query.limit', rule: 'range' });
  });
});

describe('a member whose profile changed 40 times, with 40 Idempotency-Keys live', () => {
  it('keeps the hot item small and answers every time from the profile in force then', async () => {
    const id = uniqueMemberId('churn');
    const pipeline = await pipelineToken();
    const between: { at: string; minor: boolean }[] = [];
    await createMember(id);
    for (let change = 1; change <= 40; change++) {
      const minor = change % 2 === 1;
      const answer = await createMember(id, { suspectedMinor: minor });
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3));
      between.push({ at: new Date().toISOString(), minor });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const memberTokenFor = await memberToken(id);
    for (let key = 0; key < 40; key++) {
      const response = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token: memberTokenFor, body: { choice: 'granted' }, headers: { 'idempotency-key': `churn-${key}` } });
      expect(response.status).toBe(200);
    }
    const stored = await storedShape(id);
    expect(stored.hotBytes).toBeLessThanOrEqual(2_048);
    for (const { at, minor } of between) {
      const answer = await call('GET', `/v1/eligibility/${PURPOSE}/${id}?at=${encodeURIComponent(at)}`, { token: pipeline });
      expect(answer.body.reason === 'minor', `at ${at}`).toBe(minor);
    }
    const profile = await call('GET', `/v1/members/${id}`, { token: memberTokenFor });
    expect(profile.body.suspectedMinor).toBe(false);
  }, 60_000);
});
