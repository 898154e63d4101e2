// How a member is stored (lib/adapters/dynamo/member-item.ts): packed choices, the size estimate DynamoDB
// bills by, and what the hot item weighs for a realistic member.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPACT_AT_BYTES, KEEP_HOT_CHOICES, KEEP_HOT_PROFILES } from '../../lib/domain/history.ts';
import { RECENT_REQUESTS_LIMIT } from '../../lib/app/consents.ts';
import { CHOICE_SOURCES, type ProfileVersion } from '../../lib/domain/member.ts';
import { decodeChoice, encodeChoice, itemBytes, stateItem, toMemberRecord } from '../../lib/adapters/dynamo/member-item.ts';
import type { MemberRecord, RecordedChoice } from '../../lib/app/ports/consent-store.ts';

const AT = '2025-06-01T12:34:56.789Z';
const recorded = (overrides: Partial<RecordedChoice> = {}): RecordedChoice => ({
  at: AT,
  choice: 'granted',
  source: 'api',
  actor: 'client-1',
  requestId: 'AbCdEf012_-9',
  ...overrides,
});

describe('encodeChoice / decodeChoice', () => {
  it.each([
    { name: 'plain', entry: recorded() },
    { name: 'denied', entry: recorded({ choice: 'denied' }) },
    ...CHOICE_SOURCES.map((source) => ({ name: `source ${source}`, entry: recorded({ source }) })),
    { name: 'actor with one |', entry: recorded({ actor: 'a|b' }) },
    { name: 'actor with several | and at the ends', entry: recorded({ actor: '|x||y|' }) },
    { name: 'actor that is only |', entry: recorded({ actor: '|' }) },
    { name: 'empty actor', entry: recorded({ actor: '' }) },
    { name: 'unicode actor', entry: recorded({ actor: 'Zoë Ødegård 👩🏽‍💻 日本' }) },
    { name: 'actor looking like a whole encoded choice', entry: recorded({ actor: `${AT}|d|gpc|zzzzzzzzzzzz|someone` }) },
  ])('round-trips: $name', ({ entry }) => {
    const encoded = encodeChoice(entry);
    expect(encoded.startsWith(`${entry.at}|${entry.choice === 'granted' ? 'g' : 'd'}|${entry.source}|${entry.requestId}|`)).toBe(true);
    expect(decodeChoice(encoded)).toEqual(entry);
  });

  it('round-trips any actor, source, choice and fingerprint', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom(...CHOICE_SOURCES),
        fc.constantFrom<RecordedChoice['choice']>('granted', 'denied'),
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 12, maxLength: 12 }),
        fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true }),
        (actor, source, choice, requestId, date) => {
          const entry = recorded({ actor, source, choice, requestId, at: date.toISOString() });
          expect(decodeChoice(encodeChoice(entry))).toEqual(entry);
        },
      ),
      { numRuns: 500 },
    );
  });

  // The doc comment says "about a third of the map it stands for"; measured, it is 58% (8-char
  // actor: 53 B against 91 B) to 68% (UUID actor: 81 B against 119 B). Smaller all the same.
  it.each([
    { actor: 'client-1', packed: 1 + 52, map: 1 + 90 },
    { actor: '3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d', packed: 1 + 80, map: 1 + 118 },
  ])('packs a choice by $actor into $packed B instead of a $map B map', ({ actor, packed, map }) => {
    const entry = recorded({ actor });
    expect(itemBytes({ e: encodeChoice(entry) })).toBe(packed);
    expect(itemBytes({ e: entry })).toBe(map);
  });

  it.each([
    { name: 'unknown source', encoded: `${AT}|g|fax|AbCdEf012_-9|x` },
    { name: 'missing source', encoded: `${AT}|g` },
    { name: 'empty', encoded: '' },
  ])('refuses a stored choice with $name', ({ encoded }) => {
    expect(() => decodeChoice(encoded)).toThrow(/unknown source/);
  });
});

// DynamoDB's documented item size rules ("DynamoDB item sizes and formats",
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
// - a string is (UTF-8 bytes of the name) + (UTF-8 bytes of the value);
// - a number is (name) + about 1 byte per two significant digits (leading and trailing zeroes
//   trimmed) + 1 byte;
// - binary: (name) + raw bytes; null and Boolean: (name) + 1 byte;
// - a List or Map: (name) + sum of its elements' sizes + 3 bytes, 3 bytes when empty, and every
//   element 1 byte more (a map element's size includes its key's bytes).
// The page says nothing of sets: they are counted as the sum of their elements.
describe('itemBytes: the documented DynamoDB sizes', () => {
  it.each([
    { name: 'ASCII string', item: { a: 'abc' }, bytes: 1 + 3 },
    { name: 'empty string', item: { a: '' }, bytes: 1 },
    { name: 'two-byte UTF-8', item: { name: 'é' }, bytes: 4 + 2 },
    { name: 'four-byte UTF-8 (emoji) value and a non-ASCII name', item: { 'ü': '😀' }, bytes: 2 + 4 },
    { name: 'number, one digit', item: { n: 7 }, bytes: 1 + 1 + 1 },
    { name: 'number, five significant digits', item: { n: 12345 }, bytes: 1 + 3 + 1 },
    { name: 'number, six significant digits', item: { n: 123456 }, bytes: 1 + 3 + 1 },
    { name: 'negative decimal', item: { n: -12.5 }, bytes: 1 + 2 + 1 },
    { name: 'Boolean', item: { b: true }, bytes: 1 + 1 },
    { name: 'null', item: { z: null }, bytes: 1 + 1 },
    { name: 'binary', item: { bin: new Uint8Array(10) }, bytes: 3 + 10 },
    { name: 'empty list', item: { l: [] }, bytes: 1 + 3 },
    { name: 'empty map', item: { m: {} }, bytes: 1 + 3 },
    { name: 'list of two strings', item: { l: ['ab', 'c'] }, bytes: 1 + 3 + (1 + 2) + (1 + 1) },
    { name: 'map of a string and a number', item: { m: { x: 'yz', n: 5 } }, bytes: 1 + 3 + (1 + 1 + 2) + (1 + 1 + 2) },
    // m: 3 + [1 + 'l' + list(3 + [1 + map(3 + [1 + 'a' + 'b'])])]
    { name: 'map of a list of a map', item: { m: { l: [{ a: 'b' }] } }, bytes: 1 + (3 + (1 + 1 + (3 + (1 + (3 + (1 + 1 + 1)))))) },
    { name: 'string set', item: { s: new Set(['ab', 'cde']) }, bytes: 1 + 2 + 3 },
    { name: 'several attributes add up', item: { pk: 'M#1', sk: 'STATE', v: 3 }, bytes: 2 + 3 + 2 + 5 + 1 + 2 },
  ])('$name → $bytes B', ({ item, bytes }) => {
    expect(itemBytes(item)).toBe(bytes);
  });

  // Trailing and leading zeroes are not trimmed: the estimate is then a byte or so high, never low.
  it.each([
    { item: { n: 1400 }, documented: 1 + 1 + 1 }, // "14"
    { item: { n: 0.001 }, documented: 1 + 1 + 1 }, // "1"
    { item: { n: 100000 }, documented: 1 + 1 + 1 }, // "1"
  ])('numbers with zeroes to trim: $item.n is estimated at no less than $documented B', ({ item, documented }) => {
    expect(itemBytes(item)).toBeGreaterThanOrEqual(documented);
    expect(itemBytes(item)).toBeLessThanOrEqual(documented + 2);
  });

  it('a record read back weighs what its item weighs', () => {
    const record = member(LEAN);
    const item = stateItem(record);
    expect(toMemberRecord(item).hotBytes).toBe(itemBytes(item));
  });
});

// ---------------------------------------------------------------------------------------------
// What the hot item weighs
// ---------------------------------------------------------------------------------------------

interface Shape {
  memberId: string;
  email: string;
  actor: string;
  source: RecordedChoice['source'];
  purposes: string[];
  profile: Omit<ProfileVersion, 'from'>;
}

/** A member who signed up with the API's usual ids and has an ordinary profile. */
const LEAN: Shape = {
  memberId: 'mem_01HV3K8ZQ2XW9P4R',
  email: 'ana.silva@example.com',
  actor: 'mem_01HV3K8ZQ2XW9P4R', // choices made on the settings page name the member
  source: 'settings',
  purposes: ['genai-training', 'email-marketing', 'analytics'],
  profile: { country: 'FR', suspectedMinor: false },
};
/** UUIDs for the member and the caller (a JWT `sub`), a longer e-mail, a full US profile. */
const FULL: Shape = {
  memberId: '3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d',
  email: 'firstname.lastname@example.com',
  actor: '0b7c4e2a-5d3f-4a1b-9e8c-7f6d5c4b3a21',
  source: 'email_link',
  purposes: ['genai-training', 'email-marketing', 'personalised-ads'],
  profile: { country: 'US', subdivision: 'US-CA', birthDate: '1990-05-17', suspectedMinor: false },
};

const minute = (index: number): string => new Date(Date.parse('2025-01-01T00:00:00.000Z') + index * 60_000).toISOString();
const fingerprint = (index: number): string => `r${String(index).padStart(11, '0')}`; // 12 chars, like requestRef

/** The hot item right after a compaction: KEEP_HOT_CHOICES per purpose, 32 fingerprints, 4 profiles, 10 notices. */
function member(shape: Shape, options: { perPurpose?: number; fingerprints?: number } = {}): MemberRecord {
  const perPurpose = options.perPurpose ?? KEEP_HOT_CHOICES;
  let n = 0;
  const choices = Object.fromEntries(
    shape.purposes.map((purpose) => [
      purpose,
      Array.from({ length: perPurpose }, (): RecordedChoice => ({ at: minute(n), choice: 'granted', source: shape.source, actor: shape.actor, requestId: fingerprint(n++) })),
    ]),
  );
  return {
    memberId: shape.memberId,
    email: shape.email,
    locale: 'pt-BR',
    profiles: Array.from({ length: KEEP_HOT_PROFILES + 1 }, (_, index) => ({ from: minute(index), ...shape.profile })),
    profilesTrimmed: true,
    choices,
    counts: Object.fromEntries(shape.purposes.map((purpose) => [purpose, 57])),
    archivedChoices: Object.fromEntries(shape.purposes.map((purpose) => [purpose, { count: 55, lastAt: minute(0), gpcDenial: false }])),
    notices: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`2024-11-${String(10 + index)}`, minute(index)])),
    recentRequests: Array.from({ length: options.fingerprints ?? RECENT_REQUESTS_LIMIT }, (_, index) => fingerprint(1_000 + index)),
    version: 1_234,
    createdAt: minute(0),
    updatedAt: minute(1),
    hotBytes: 0,
  };
}

/** What appendChoice does to the hot item: the entry, the count, the fingerprint, the version. */
function append(record: MemberRecord, purpose: string, index: number, shape: Shape): MemberRecord {
  const entry: RecordedChoice = { at: minute(100 + index), choice: index % 2 === 0 ? 'denied' : 'granted', source: shape.source, actor: shape.actor, requestId: fingerprint(5_000 + index) };
  return {
    ...record,
    choices: { ...record.choices, [purpose]: [...(record.choices[purpose] ?? []), entry] },
    counts: { ...record.counts, [purpose]: (record.counts[purpose] ?? 0) + 1 },
    recentRequests: [...record.recentRequests, entry.requestId],
    version: record.version + 1,
    updatedAt: entry.at,
  };
}

const weight = (record: MemberRecord) => itemBytes(stateItem(record));

describe('the hot item stays within 2 write units (2,048 B)', () => {
  it('a lean member right after a compaction is under 2 KB, and one append later still is', () => {
    const record = member(LEAN);
    expect(weight(record)).toBeLessThan(2_048); // 1,883 B when written
    expect(weight(append(record, LEAN.purposes[0]!, 0, LEAN))).toBeLessThan(2_048); // 1,965 B
  });

  // Found by these tests with 32 fingerprints and 3 latest profiles kept (2,201 B: 3 write units a
  // write); now 16 fingerprints and the latest profile keep it under 2 KB.
  it('a member with UUID ids and a full profile right after a compaction is under 2 KB', () => {
    expect(weight(member(FULL))).toBeLessThan(2_048);
  });

  // The item's fixed part (profiles, notices, fingerprints) can keep a busy member over
  // COMPACT_AT_BYTES after a move; MIN_MOVE then keeps moves to several choices at a time, instead
  // of one archive write per choice write. Kept as a known limit: the threshold is not adaptive.
  it.fails('after a compaction the lean member is back under COMPACT_AT_BYTES, so the next append does not move again', () => {
    const record = member(LEAN);
    expect(weight(record)).toBeLessThan(COMPACT_AT_BYTES);
  });

  it.each([
    { name: 'lean', shape: LEAN },
    { name: 'UUID ids, full profile', shape: FULL },
  ])('$name: growing from a fresh member, the append that crosses COMPACT_AT_BYTES plus one racing append stay under 2 KB', ({ shape }) => {
    // A member with no choices and no fingerprints yet, gaining choices round the purposes.
    let record = member(shape, { perPurpose: 0, fingerprints: 0 });
    record = { ...record, archivedChoices: {}, counts: {} };
    let index = 0;
    while (weight(record) < COMPACT_AT_BYTES) {
      record = append(record, shape.purposes[index % shape.purposes.length]!, index, shape);
      index += 1;
    }
    const crossing = weight(record);
    expect(crossing).toBeGreaterThanOrEqual(COMPACT_AT_BYTES);
    expect(crossing).toBeLessThan(COMPACT_AT_BYTES + 200); // one append's worth over
    const raced = weight(append(record, shape.purposes[index % shape.purposes.length]!, index, shape));
    // Measured: lean 1,428 B after 6 appends, 1,510 B raced; UUID ids 1,439 B after 3, 1,539 B raced.
    expect(raced).toBeLessThan(2_048);
  });
});
