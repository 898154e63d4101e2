// Small pure helpers: If-Match parsing, read consistency, email scrubbing for logs.
import { describe, expect, it } from 'vitest';
import { scrubEmails } from '../../lib/log.ts';
import { forgettableRequests, ifMatchCounts, RECENT_REQUESTS_LIMIT } from '../../lib/app/consents.ts';
import type { MemberRecord } from '../../lib/app/ports/consent-store.ts';
import { needsConsistentRead } from '../../lib/app/eligibility.ts';

describe('ifMatchCounts (RFC 9110: strong comparison, list, "*")', () => {
  it.each([
    { ifMatch: '"1"', expected: [1], why: 'one strong tag' },
    { ifMatch: '"0"', expected: [0], why: 'no choice yet' },
    { ifMatch: '1', expected: [], why: 'unquoted tag' },
    { ifMatch: '"0", "1"', expected: [0, 1], why: 'list' },
    { ifMatch: '"0","1"', expected: [0, 1], why: 'list without spaces' },
    { ifMatch: '  "1"  ', expected: [1], why: 'surrounding whitespace' },
    { ifMatch: '*', expected: undefined, why: 'any current representation' },
    { ifMatch: '"1", *', expected: undefined, why: 'a list holding "*"' },
    { ifMatch: 'W/"1"', expected: [], why: 'weak tag never matches' },
    { ifMatch: 'W/"1", "2"', expected: [2], why: 'a weak tag and a strong one' },
    { ifMatch: '"01"', expected: [], why: 'not a tag this service issues (strong comparison is exact)' },
    { ifMatch: '"-1"', expected: [], why: 'negative' },
    { ifMatch: '"1.0"', expected: [], why: 'not an integer' },
    { ifMatch: '"9999999999999999"', expected: [], why: 'beyond exact integers' },
    { ifMatch: '"abc"', expected: [], why: 'foreign tag' },
    { ifMatch: '', expected: [], why: 'empty header' },
  ])('If-Match $ifMatch → $expected ($why)', ({ ifMatch, expected }) => {
    expect(ifMatchCounts(ifMatch)).toEqual(expected);
  });
});

describe('needsConsistentRead (questions about "now" must see recent writes)', () => {
  const NOW = new Date('2025-06-01T12:00:00.000Z');
  const ago = (ms: number) => new Date(NOW.getTime() - ms);

  it.each([
    { name: 'now', at: NOW, expected: true },
    { name: 'in the future', at: ago(-60_000), expected: true },
    { name: '5 s ago', at: ago(5_000), expected: true },
    { name: '10 s ago (edge of the window)', at: ago(10_000), expected: true },
    { name: '10.001 s ago', at: ago(10_001), expected: false },
    { name: '1 min ago', at: ago(60_000), expected: false },
    { name: '1 h ago', at: ago(3_600_000), expected: false },
    { name: 'a year ago', at: ago(365 * 86_400_000), expected: false },
  ])('$name → $expected', ({ at, expected }) => {
    expect(needsConsistentRead(at, NOW)).toBe(expected);
  });
});

describe('scrubEmails (JSON replacer for log lines)', () => {
  it.each([
    { value: 'alice@example.com', expected: '[email]' },
    { value: 'member alice@example.com opted out', expected: 'member [email] opted out' },
    { value: 'a.b+tag@sub.example.co.uk, c_d@x.io', expected: '[email], [email]' },
    { value: 'Bob.Smith%1@EXAMPLE.ORG!', expected: '[email]!' },
    { value: 'no address here', expected: 'no address here' },
    { value: 'user@localhost', expected: 'user@localhost' }, // no TLD: not an address pattern
    { value: '', expected: '' },
  ])('$value → $expected', ({ value, expected }) => {
    expect(scrubEmails('key', value)).toBe(expected);
  });

  const obj = { email: 'a@b.com' };
  const arr = ['a@b.com'];
  it.each([
    { name: 'number', value: 42 },
    { name: 'boolean', value: true },
    { name: 'null', value: null },
    { name: 'undefined', value: undefined },
    { name: 'object (JSON.stringify recurses into it)', value: obj },
    { name: 'array', value: arr },
  ])('leaves a $name unchanged', ({ value }) => {
    expect(scrubEmails('key', value)).toBe(value);
  });

  it('as a JSON.stringify replacer, scrubs nested strings and keeps the rest', () => {
    const line = JSON.stringify(
      { message: 'sent to alice@example.com', member: { email: 'alice@example.com', count: 3, ok: true } },
      scrubEmails,
    );
    expect(JSON.parse(line)).toEqual({ message: 'sent to [email]', member: { email: '[email]', count: 3, ok: true } });
    expect(line).not.toContain('@example.com');
  });
});

describe('forgettableRequests (what fingerprints a hot item can drop after a write)', () => {
  function record(hot: string[], recent: string[]): MemberRecord {
    return {
      memberId: 'm',
      email: 'm@example.com',
      profiles: [],
      profilesTrimmed: false,
      notices: {},
      choices: { p: hot.map((requestId) => ({ at: '2026-01-01T00:00:00.000Z', choice: 'granted', source: 'api', actor: 'm', requestId })) },
      counts: { p: hot.length },
      archivedChoices: {},
      recentRequests: recent,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      hotBytes: 0,
    };
  }
  const refs = (count: number, prefix = 'r') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

  it.each([
    { name: 'nothing recorded', hot: [], recent: [], expected: [] },
    { name: 'up to the limit, all stay', hot: [], recent: refs(RECENT_REQUESTS_LIMIT), expected: [] },
    { name: 'past the limit, those not in the hot tail go', hot: ['r0', 'r1'], recent: refs(RECENT_REQUESTS_LIMIT + 1), expected: refs(RECENT_REQUESTS_LIMIT + 1).slice(2) },
    { name: 'the hot tail stays', hot: refs(RECENT_REQUESTS_LIMIT + 1), recent: refs(RECENT_REQUESTS_LIMIT + 1), expected: [] },
  ])('$name', ({ hot, recent, expected }) => {
    expect(forgettableRequests(record(hot, recent))).toEqual(expected);
  });

  it('keeps the fingerprint of the write just made, even when its choice already moved', () => {
    const recent = refs(RECENT_REQUESTS_LIMIT + 1);
    expect(forgettableRequests(record([], recent), new Set(['r5']))).not.toContain('r5');
  });
});
