// The GPC rule (DOMAIN.md section 2, honorGpc) and the rule resolution it relies on, as tables.
import { describe, expect, it } from 'vitest';
import { decideGpc, type GpcOutcome, type SourcedChoice } from '../../lib/domain/gpc.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { regimeSince, ruleInForce } from '../../lib/domain/rule-in-force.ts';

const c = (choice: 'granted' | 'denied', source: SourcedChoice['source'], at = '2026-01-01T00:00:00.000Z'): SourcedChoice => ({ at, choice, source });

describe('decideGpc', () => {
  const cases: [string, { signal: boolean; honored: boolean; history: SourcedChoice[] }, GpcOutcome][] = [
    ['no signal, honouring jurisdiction', { signal: false, honored: true, history: [] }, 'no_signal'],
    ['no signal, after a gpc denial', { signal: false, honored: true, history: [c('denied', 'gpc')] }, 'no_signal'],
    ['signal where GPC is not honoured', { signal: true, honored: false, history: [] }, 'not_honored_here'],
    ['signal, never chosen', { signal: true, honored: true, history: [] }, 'record_denied'],
    ['signal, granted before any GPC denial (not "afterwards")', { signal: true, honored: true, history: [c('granted', 'settings')] }, 'record_denied'],
    ['signal, already denied by the member', { signal: true, honored: true, history: [c('denied', 'settings')] }, 'already_denied'],
    ['signal, already denied by GPC: a reload appends nothing', { signal: true, honored: true, history: [c('denied', 'gpc')] }, 'already_denied'],
    ['signal, already denied from the email link', { signal: true, honored: true, history: [c('granted', 'api'), c('denied', 'email_link')] }, 'already_denied'],
    ['signal, granted after the GPC denial', { signal: true, honored: true, history: [c('denied', 'gpc'), c('granted', 'settings')] }, 'granted_after_gpc'],
    ['signal, granted through an app after the GPC denial', { signal: true, honored: true, history: [c('denied', 'gpc'), c('granted', 'api')] }, 'granted_after_gpc'],
    ['signal, granted, denied, granted again after GPC', { signal: true, honored: true, history: [c('denied', 'gpc'), c('granted', 'settings'), c('denied', 'settings'), c('granted', 'settings')] }, 'granted_after_gpc'],
    ['signal, a GPC denial after an earlier grant', { signal: true, honored: true, history: [c('granted', 'settings'), c('denied', 'gpc')] }, 'already_denied'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(decideGpc(input)).toBe(expected);
  });
});

const PURPOSE = 'genai-training';
const honoringVersion: PolicyVersion = {
  id: '2026-02-01',
  announcedAt: '2026-01-01T00:00:00.000Z',
  effectiveAt: '2026-02-01T00:00:00.000Z',
  purposes: {
    [PURPOSE]: {
      default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
      rules: { 'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true }, EU: { regime: 'opt_in', legalBasis: 'consent', honorGpc: true } },
      minimumAge: 18,
    },
  },
};
const POLICIES = [...REFERENCE_POLICIES, honoringVersion];
const member = (country: string, subdivision?: string) => ({ profiles: [{ from: '2020-01-01T00:00:00.000Z', country, subdivision }] });

describe('ruleInForce: the most specific rule of the version in force', () => {
  const cases: [string, ReturnType<typeof member>, string, string | undefined, boolean][] = [
    ['California after the honouring version', member('US', 'US-CA'), '2026-03-01', 'US-CA', true],
    ['Texas: the default, no GPC', member('US', 'US-TX'), '2026-03-01', 'default', false],
    ['France: the EU group rule', member('FR'), '2026-03-01', 'EU', true],
    ['California before that version: reference default', member('US', 'US-CA'), '2025-12-01', 'default', false],
    ['France in 2025 before the extension: excluded by the EU rule', member('FR'), '2025-01-01', 'EU', false],
  ];
  it.each(cases)('%s', (_name, who, at, jurisdiction, honorGpc) => {
    const found = ruleInForce(who, POLICIES, PURPOSE, new Date(at));
    expect(found?.jurisdiction).toBe(jurisdiction);
    expect(found?.rule.honorGpc === true).toBe(honorGpc);
  });

  it('is undefined before any policy, for an unknown purpose, and without a profile', () => {
    expect(ruleInForce(member('US'), POLICIES, PURPOSE, new Date('2020-01-01'))).toBeUndefined();
    expect(ruleInForce(member('US'), POLICIES, 'ads', new Date('2026-03-01'))).toBeUndefined();
    expect(ruleInForce({ profiles: [] }, POLICIES, PURPOSE, new Date('2026-03-01'))).toBeUndefined();
  });
});

describe('regimeSince: since when the region has had the regime in force, without a break', () => {
  const cases: [string, ReturnType<typeof member>, string, string, string][] = [
    ['US: opt-out since the first version', member('US'), '2026-01-01', 'opt_out', '2024-11-20T00:00:00.000Z'],
    ['France: opt-out since the extension', member('FR'), '2026-01-01', 'opt_out', '2025-11-03T00:00:00.000Z'],
    ['France in 2025: excluded since the first version', member('FR'), '2025-01-01', 'excluded', '2024-11-20T00:00:00.000Z'],
    ['France after the opt-in version', member('FR'), '2026-03-01', 'opt_in', '2026-02-01T00:00:00.000Z'],
    ['US after the honouring version: still opt-out since 2024', member('US', 'US-CA'), '2026-03-01', 'opt_out', '2024-11-20T00:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, who, at, regime, since) => {
    expect(regimeSince(who, POLICIES, PURPOSE, new Date(at))).toEqual({ regime, since });
  });
});
