// Small pure helpers: If-Match evaluation, read consistency, email scrubbing for logs.
import { describe, expect, it } from 'vitest';
import { scrubEmails } from '../../lib/log.ts';
import { ifMatchSatisfied } from '../../lib/services/consents.ts';
import { needsConsistentRead } from '../../lib/services/eligibility.ts';

describe('ifMatchSatisfied (RFC 9110: strong comparison, list, "*")', () => {
  const ETAG = '"1"';

  it.each([
    { ifMatch: '"1"', expected: true, why: 'exact strong tag' },
    { ifMatch: '"2"', expected: false, why: 'another strong tag' },
    { ifMatch: '1', expected: false, why: 'unquoted tag' },
    { ifMatch: '"0", "1"', expected: true, why: 'list containing the tag' },
    { ifMatch: '"0","1"', expected: true, why: 'list without spaces' },
    { ifMatch: '  "1"  ', expected: true, why: 'surrounding whitespace' },
    { ifMatch: '"0", "2"', expected: false, why: 'list without the tag' },
    { ifMatch: '*', expected: true, why: 'any current representation' },
    { ifMatch: 'W/"1"', expected: false, why: 'weak tag never matches' },
    { ifMatch: 'W/"1", "2"', expected: false, why: 'list of a weak match and another strong tag' },
    { ifMatch: 'W/"1", "1"', expected: true, why: 'list with the strong tag too' },
    { ifMatch: '', expected: false, why: 'empty header' },
  ])('If-Match $ifMatch vs "1" → $expected ($why)', ({ ifMatch, expected }) => {
    expect(ifMatchSatisfied(ifMatch, ETAG)).toBe(expected);
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
