// Small pure helpers: If-Match parsing, read consistency, email scrubbing for logs.
import { describe, expect, it } from 'vitest';
import { scrubEmails } from '../../lib/log.ts';
import { ifMatchCounts, REQUEST_MEMORY_MS, staleEntries, TIDY_BATCH } from '../../lib/services/consents.ts';
import type { MemberRecord } from '../../lib/store/store.ts';
import { needsConsistentRead } from '../../lib/services/eligibility.ts';

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

describe('staleEntries (what a member item can drop after a write)', () => {
  const NOW = new Date('2026-06-01T12:00:00.000Z');
  const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
  function record(requests: { id: string; at: string }[], marks: Record<string, string> = {}): MemberRecord {
    return {
      memberId: 'm',
      email: 'm@example.com',
      profiles: [],
      notices: {},
      choices: { p: requests.map(({ id, at }) => ({ at, choice: 'granted', source: 'api', actor: 'm', requestId: id })) },
      idempotency: Object.fromEntries(Object.entries(marks).map(([key, expiresAt]) => [key, { requestId: 'r', requestHash: 'h', expiresAt }])),
      recentRequests: requests.map(({ id }) => id),
      version: 1,
      createdAt: ago(0),
      updatedAt: ago(0),
    };
  }
  const many = (count: number, age: number) => Array.from({ length: count }, (_, i) => ({ id: `r${age}-${i}`, at: ago(age) }));

  it.each([
    { name: 'nothing recorded', requests: [], expected: 0 },
    { name: 'recent requests stay', requests: many(50, 1_000), expected: 0 },
    { name: 'old ones, fewer than a batch, wait', requests: many(TIDY_BATCH - 1, REQUEST_MEMORY_MS + 1), expected: 0 },
    { name: 'a batch of old ones go', requests: many(TIDY_BATCH, REQUEST_MEMORY_MS + 1), expected: TIDY_BATCH },
    { name: 'exactly at the memory limit they stay', requests: many(TIDY_BATCH, REQUEST_MEMORY_MS), expected: 0 },
    { name: 'old go, recent stay', requests: [...many(TIDY_BATCH, REQUEST_MEMORY_MS + 1), ...many(3, 10)], expected: TIDY_BATCH },
  ])('request ids: $name', ({ requests, expected }) => {
    expect(staleEntries(record(requests), NOW).oldRequests).toHaveLength(expected);
  });

  it.each([
    { name: 'none', marks: {} as Record<string, string>, expected: [] },
    { name: 'unexpired stays', marks: { a: ago(-1) } as Record<string, string>, expected: [] },
    { name: 'expiring right now stays', marks: { a: ago(0) } as Record<string, string>, expected: [] },
    { name: 'expired goes', marks: { a: ago(1), b: ago(-60_000) }, expected: ['a'] },
  ])('idempotency marks: $name', ({ marks, expected }) => {
    expect(staleEntries(record([], marks), NOW).expiredKeys).toEqual(expected);
  });
});
