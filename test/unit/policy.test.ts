// Policy versions: which one is in force at T, and which purposes are known.
import { describe, expect, it } from 'vitest';
import {
  byEffectiveAt,
  isKnownPurpose,
  POLICY_CACHE_LIFETIME_MS,
  policyInForce,
  policyRecordingViolations,
  type PolicyVersion,
  type PurposePolicy,
} from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';

const at = (iso: string): Date => new Date(iso);

const purpose = (): PurposePolicy => ({
  default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
  rules: {},
  minimumAge: 18,
});

function policy(id: string, effectiveAt: string, purposes: string[] = ['genai-training'], announcedAt = effectiveAt): PolicyVersion {
  return { id, announcedAt, effectiveAt, purposes: Object.fromEntries(purposes.map((name) => [name, purpose()])) };
}

const A = policy('A', '2025-01-01T00:00:00.000Z');
const B = policy('B', '2025-06-01T00:00:00.000Z', ['genai-training'], '2025-04-01T00:00:00.000Z');
const C = policy('C', '2025-09-01T00:00:00.000Z', ['genai-training', 'ads']);

describe('policyInForce: the latest version with effectiveAt <= T', () => {
  const orders = [
    { order: 'A, B, C', policies: [A, B, C] },
    { order: 'C, A, B', policies: [C, A, B] },
    { order: 'B, C, A', policies: [B, C, A] },
    { order: 'C, B, A', policies: [C, B, A] },
  ];

  describe.each(orders)('input order $order', ({ policies }) => {
    it.each([
      { t: '2024-12-31T23:59:59.999Z', expected: undefined },
      { t: '2025-01-01T00:00:00.000Z', expected: 'A' },
      { t: '2025-04-15T00:00:00.000Z', expected: 'A' }, // B announced, not yet in force
      { t: '2025-05-31T23:59:59.999Z', expected: 'A' },
      { t: '2025-06-01T00:00:00.000Z', expected: 'B' },
      { t: '2025-08-31T23:59:59.999Z', expected: 'B' },
      { t: '2025-09-01T00:00:00.000Z', expected: 'C' },
      { t: '2099-01-01T00:00:00.000Z', expected: 'C' },
    ])('at $t → $expected', ({ t, expected }) => {
      expect(policyInForce(policies, at(t))?.id).toBe(expected);
    });
  });

  it.each([
    { name: 'no policies', policies: [], t: '2025-01-01T00:00:00.000Z', expected: undefined },
    { name: 'a single policy, before it', policies: [A], t: '2024-01-01T00:00:00.000Z', expected: undefined },
    { name: 'a single policy, after it', policies: [A], t: '2026-01-01T00:00:00.000Z', expected: 'A' },
    {
      name: 'effectiveAt with an offset compares as an instant',
      policies: [A, policy('Z', '2025-06-01T02:00:00+02:00')],
      t: '2025-06-01T00:00:00.000Z',
      expected: 'Z',
    },
    {
      name: 'effectiveAt with an offset, 1 ms before',
      policies: [A, policy('Z', '2025-06-01T02:00:00+02:00')],
      t: '2025-05-31T23:59:59.999Z',
      expected: 'A',
    },
  ])('$name', ({ policies, t, expected }) => {
    expect(policyInForce(policies, at(t))?.id).toBe(expected);
  });

  it.each([
    { t: '2024-11-19T23:59:59.999Z', expected: undefined },
    { t: '2024-11-20T00:00:00.000Z', expected: '2024-11-20' },
    { t: '2025-09-18T00:00:00.000Z', expected: '2024-11-20' }, // announced only
    { t: '2025-11-02T23:59:59.999Z', expected: '2024-11-20' },
    { t: '2025-11-03T00:00:00.000Z', expected: '2025-11-03' },
  ])('reference policies at $t → $expected', ({ t, expected }) => {
    expect(policyInForce(REFERENCE_POLICIES, at(t))?.id).toBe(expected);
  });
});

describe('isKnownPurpose: defined by any version', () => {
  it.each([
    { purpose: 'genai-training', policies: [A], expected: true },
    { purpose: 'ads', policies: [A, B, C], expected: true }, // only the latest defines it
    { purpose: 'ads', policies: [A, B], expected: false },
    { purpose: 'genai-training', policies: [], expected: false },
    { purpose: 'unknown', policies: [A, B, C], expected: false },
    { purpose: 'constructor', policies: [A, B, C], expected: false },
    { purpose: 'toString', policies: [A], expected: false },
    { purpose: 'hasOwnProperty', policies: [A], expected: false },
    { purpose: '__proto__', policies: [A], expected: false },
    { purpose: 'Genai-Training', policies: [A], expected: false },
    { purpose: '', policies: [A], expected: false },
  ])('$purpose in [$policies.length versions] → $expected', ({ purpose: name, policies, expected }) => {
    expect(isKnownPurpose(policies, name)).toBe(expected);
  });

  it('genai-training is known to the reference policies', () => {
    expect(isKnownPurpose(REFERENCE_POLICIES, 'genai-training')).toBe(true);
  });
});

describe('byEffectiveAt', () => {
  it.each([
    { input: [C, A, B], expected: ['A', 'B', 'C'] },
    { input: [A, B, C], expected: ['A', 'B', 'C'] },
    { input: [], expected: [] },
  ])('sorts oldest first: $expected', ({ input, expected }) => {
    const copy = [...input];
    expect(byEffectiveAt(input).map((p) => p.id)).toEqual(expected);
    expect(input).toEqual(copy); // input is not mutated
  });
});

describe('policyRecordingViolations: a version may only take effect once every container can see it', () => {
  const recordedAt = at('2026-03-01T12:00:00.000Z');
  const plus = (ms: number): string => new Date(recordedAt.getTime() + ms).toISOString();
  const lifetime = POLICY_CACHE_LIFETIME_MS;
  const cases: [string, { announcedAt: string; effectiveAt: string }, string[]][] = [
    ['effective long before the recording', { announcedAt: '2025-01-01T00:00:00.000Z', effectiveAt: '2025-01-01T00:00:00.000Z' }, ['effectiveAt:after_recording']],
    ['effective the moment it is recorded', { announcedAt: plus(0), effectiveAt: plus(0) }, ['effectiveAt:after_recording']],
    ['effective within the cache lifetime', { announcedAt: plus(0), effectiveAt: plus(lifetime - 1) }, ['effectiveAt:after_recording']],
    ['effective exactly recorded + lifetime', { announcedAt: plus(0), effectiveAt: plus(lifetime) }, ['effectiveAt:after_recording']],
    ['effective recorded + lifetime + 1 ms', { announcedAt: plus(0), effectiveAt: plus(lifetime + 1) }, []],
    ['announced in the past, effective next year', { announcedAt: '2025-09-18T00:00:00.000Z', effectiveAt: '2027-01-01T00:00:00.000Z' }, []],
    ['announced at effectiveAt', { announcedAt: plus(lifetime + 1), effectiveAt: plus(lifetime + 1) }, []],
    ['announced 1 ms after effectiveAt', { announcedAt: plus(lifetime + 2), effectiveAt: plus(lifetime + 1) }, ['announcedAt:not_after_effective']],
    ['announced after effectiveAt, effective in the past', { announcedAt: plus(0), effectiveAt: plus(-1) }, ['effectiveAt:after_recording', 'announcedAt:not_after_effective']],
  ];
  it.each(cases)('%s', (_name, times, expected) => {
    const violations = policyRecordingViolations(times, recordedAt);
    expect(violations.map((violation) => `${violation.field}:${violation.rule}`)).toEqual(expected);
    for (const violation of violations) expect(violation.detail).toMatch(/must/);
  });

  it('names the earliest allowed instant, so the caller knows what to send', () => {
    const [violation] = policyRecordingViolations({ announcedAt: plus(0), effectiveAt: plus(0) }, recordedAt);
    expect(violation?.detail).toContain(plus(lifetime));
  });
});
