// The member's consent record (ISO/IEC TS 27560 shape): what each choice is as a consent event, the
// processing section for a member who stays or moves, the record id; then getConsentRecord on the
// in-memory ports: paged through two purposes with archived history, every choice once, in order,
// each state as if read in one go.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CONSENT_STATES,
  consentStateAfter,
  consentTypeOf,
  nameBasedUuid,
  processingOf,
  RECORD_SCHEMA_VERSION,
  recordEvent,
  recordIdOf,
  type ConsentType,
  type ProcessingEntry,
} from '../../lib/domain/consent-record.ts';
import { CHOICE_SOURCES, type Choice, type ChoiceSource, type ProfileVersion } from '../../lib/domain/member.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { getConsentRecord, type ConsentRecord } from '../../lib/app/consent-record.ts';
import { encodeChoiceCursor, getHistory, setChoice } from '../../lib/app/consents.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { InvalidInputError, NotFoundError } from '../../lib/app/errors.ts';
import { addMember, inMemoryDeps, policyVersion, purposePolicy, PURPOSE, type InMemoryDeps } from '../support/builders.ts';

const SETTINGS = 'https://ledger.example.com/settings';
const NOW = new Date('2026-01-15T12:00:00.000Z');

describe('consent type: how the choice was expressed', () => {
  const expected: Record<ChoiceSource, ConsentType> = {
    settings: 'explicitly_expressed',
    email_link: 'explicitly_expressed',
    api: 'explicitly_expressed',
    support: 'explicitly_expressed',
    import: 'expressed',
    gpc: 'expressed',
  };
  it.each(CHOICE_SOURCES.map((source) => [source, expected[source]] as const))('%s → %s', (source, type) => {
    expect(consentTypeOf(source)).toBe(type);
  });
});

describe('consent state: what a choice leaves, after the one before it', () => {
  it.each<[Choice | undefined, Choice, (typeof CONSENT_STATES)[number]]>([
    [undefined, 'granted', 'given'],
    ['denied', 'granted', 'given'],
    ['granted', 'granted', 'renewed'],
    [undefined, 'denied', 'refused'],
    ['denied', 'denied', 'refused'],
    ['granted', 'denied', 'withdrawn'],
  ])('after %s, %s → %s', (previous, choice, state) => {
    expect(consentStateAfter(previous, choice)).toBe(state);
  });
});

describe('recordEvent', () => {
  const choice = { choice: 'denied' as const, source: 'email_link' as const, actor: 'm-1' };
  it.each([
    { at: '2024-01-01T00:00:00.000Z', policyVersion: null },
    { at: '2024-11-20T00:00:00.000Z', policyVersion: '2024-11-20' },
    { at: '2025-11-02T23:59:59.999Z', policyVersion: '2024-11-20' },
    { at: '2025-11-03T00:00:00.000Z', policyVersion: '2025-11-03' },
  ])('a choice at $at names the version then in force: $policyVersion', ({ at, policyVersion }) => {
    expect(recordEvent(PURPOSE, { ...choice, at }, 'granted', REFERENCE_POLICIES)).toEqual({
      time: at,
      type: 'explicitly_expressed',
      state: 'withdrawn',
      source: 'email_link',
      purpose: PURPOSE,
      actor: 'm-1',
      policyVersion,
    });
  });
});

describe('processingOf: each purpose under each basis, where the member was while a version held', () => {
  const profile = (from: string, country: string, subdivision?: string): ProfileVersion => ({ from, country, ...(subdivision ? { subdivision } : {}) });
  const entry = (overrides: Partial<ProcessingEntry>): ProcessingEntry => ({
    purpose: PURPOSE,
    policyVersions: ['2024-11-20', '2025-11-03'],
    jurisdiction: 'US',
    legalBasis: 'legitimate_interest',
    withdrawalMethod: SETTINGS,
    notices: [],
    ...overrides,
  });
  const ADS = 'ads-personalisation';
  const optIn: PolicyVersion = policyVersion({
    id: 'opt-in',
    effectiveAt: '2025-12-01T00:00:00.000Z',
    purposes: { [PURPOSE]: purposePolicy(), [ADS]: purposePolicy({ default: { regime: 'opt_in', legalBasis: 'consent' }, rules: { FR: { regime: 'excluded' } } }) },
  });

  interface Case {
    name: string;
    profiles: ProfileVersion[];
    policies: readonly PolicyVersion[];
    notices?: Record<string, string>;
    expected: ProcessingEntry[];
  }
  it.each<Case>([
    {
      name: 'a Californian since before both reference versions: one entry, both versions',
      profiles: [profile('2025-01-01T00:00:00.000Z', 'US', 'US-CA')],
      policies: REFERENCE_POLICIES,
      expected: [entry({ jurisdiction: 'US-CA' })],
    },
    {
      name: 'a member in France: excluded under 2024-11-20, so only 2025-11-03 processes',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'FR')],
      policies: REFERENCE_POLICIES,
      expected: [entry({ jurisdiction: 'FR', policyVersions: ['2025-11-03'] })],
    },
    {
      name: 'registered after both versions: the first profile covers earlier times',
      profiles: [profile('2026-01-01T00:00:00.000Z', 'US')],
      policies: REFERENCE_POLICIES,
      expected: [entry({})],
    },
    {
      name: 'moved from France to California under 2024-11-20: processed only once there',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'FR'), profile('2025-06-01T00:00:00.000Z', 'US', 'US-CA')],
      policies: REFERENCE_POLICIES,
      expected: [entry({ jurisdiction: 'US-CA' })],
    },
    {
      name: 'moved from the US to France under 2025-11-03: an entry for each place',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'US'), profile('2026-01-01T00:00:00.000Z', 'FR')],
      policies: REFERENCE_POLICIES,
      expected: [entry({}), entry({ jurisdiction: 'FR', policyVersions: ['2025-11-03'] })],
    },
    {
      name: 'there and back: one entry per place and basis, versions listed once',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'US'), profile('2025-12-01T00:00:00.000Z', 'FR'), profile('2026-01-01T00:00:00.000Z', 'US')],
      policies: REFERENCE_POLICIES,
      expected: [entry({}), entry({ jurisdiction: 'FR', policyVersions: ['2025-11-03'] })],
    },
    {
      name: 'the notices delivered of the versions an entry lists',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'FR')],
      policies: REFERENCE_POLICIES,
      notices: { '2025-11-03': '2025-09-20T08:00:00.000Z', 'never-published': '2025-01-01T00:00:00.000Z' },
      expected: [entry({ jurisdiction: 'FR', policyVersions: ['2025-11-03'], notices: [{ policyVersion: '2025-11-03', deliveredAt: '2025-09-20T08:00:00.000Z' }] })],
    },
    {
      name: 'a version announced, not yet in force: listed (the member may have been told); one not yet announced: not',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'US')],
      policies: [
        ...REFERENCE_POLICIES,
        policyVersion({ id: 'announced', announcedAt: '2026-01-01T00:00:00.000Z', effectiveAt: '2026-03-01T00:00:00.000Z' }),
        policyVersion({ id: 'unannounced', announcedAt: '2026-02-01T00:00:00.000Z', effectiveAt: '2026-04-01T00:00:00.000Z' }),
      ],
      expected: [entry({ policyVersions: ['2024-11-20', '2025-11-03', 'announced'] })],
    },
    {
      name: 'two purposes: each with its own basis, sorted by purpose; one excluded where the member is names nothing',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'US'), profile('2026-01-10T00:00:00.000Z', 'FR')],
      policies: [...REFERENCE_POLICIES, optIn],
      expected: [
        entry({ purpose: ADS, policyVersions: ['opt-in'], legalBasis: 'consent' }),
        entry({ policyVersions: ['2024-11-20', '2025-11-03', 'opt-in'] }),
        entry({ jurisdiction: 'FR', policyVersions: ['opt-in'] }),
      ],
    },
    { name: 'no policy version: nothing', profiles: [profile('2024-01-01T00:00:00.000Z', 'US')], policies: [], expected: [] },
    {
      name: 'excluded wherever the member was: nothing',
      profiles: [profile('2024-01-01T00:00:00.000Z', 'GB')],
      policies: [REFERENCE_POLICIES[0]!],
      expected: [],
    },
  ])('$name', ({ profiles, policies, notices, expected }) => {
    expect(processingOf({ profiles, policies, notices: notices ?? {}, now: NOW, withdrawalMethod: SETTINGS })).toEqual(expected);
  });
});

describe('record id', () => {
  it('is an RFC 9562 version 5 UUID (the RFC\'s own example)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is the same for a member every time, and differs between members', () => {
    expect(recordIdOf('alice')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(recordIdOf('alice')).toBe(recordIdOf('alice'));
    expect(recordIdOf('alice')).not.toBe(recordIdOf('bob'));
  });
});

// ---------------------------------------------------------------------------------------------
// getConsentRecord on the in-memory ports
// ---------------------------------------------------------------------------------------------

describe('getConsentRecord', () => {
  const ADS = 'ads-personalisation';
  const MEMBER = 'm-1';
  const START = Date.parse('2026-01-15T12:00:00.000Z');
  let world: InMemoryDeps;
  let deps: ChoiceDeps;
  let writes = 0;

  beforeEach(async () => {
    world = await inMemoryDeps({
      policies: [policyVersion({ purposes: { [PURPOSE]: purposePolicy(), [ADS]: purposePolicy({ default: { regime: 'opt_in', legalBasis: 'consent' } }) } })],
    });
    deps = world.deps;
    await addMember(deps, MEMBER);
  });

  async function choose(purpose: string, choice: Choice, source: ChoiceSource = 'api'): Promise<void> {
    writes += 1;
    world.clock.set(new Date(START + writes * 60_000));
    await setChoice(deps, { memberId: MEMBER, purpose, choice, source, actor: MEMBER, requestId: `req-${writes}` });
  }

  /** Every page from the first, by cursor. */
  async function allPages(limit: number): Promise<ConsentRecord[]> {
    const pages: ConsentRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS, limit, cursor });
      pages.push(page);
      cursor = page.next;
    } while (cursor !== undefined);
    return pages;
  }

  /** What the record must say: each purpose's history (by name), each choice's state after the one before. */
  async function expectedEvents(): Promise<object[]> {
    const events = [];
    for (const purpose of [ADS, PURPOSE]) {
      let previous: Choice | undefined;
      for (const item of (await getHistory(deps, MEMBER, purpose, { limit: 1_000 })).items) {
        events.push({ time: item.at, purpose, source: item.source, actor: item.actor, state: consentStateAfter(previous, item.choice) });
        previous = item.choice;
      }
    }
    return events;
  }

  it('pages through two purposes with archived history: every choice once, in order, states as if read in one go', async () => {
    const pattern: Choice[] = ['granted', 'granted', 'denied', 'denied', 'granted'];
    for (let i = 0; i < 60; i++) await choose(PURPOSE, pattern[i % pattern.length]!, i % 7 === 0 ? 'settings' : 'api');
    for (let i = 0; i < 23; i++) await choose(ADS, pattern[(i + 2) % pattern.length]!, i === 4 ? 'gpc' : 'email_link');
    expect(world.store.archiveItems(MEMBER, PURPOSE).length).toBeGreaterThan(2);
    expect(world.store.archiveItems(MEMBER, ADS).length).toBeGreaterThan(0);

    const expected = await expectedEvents();
    expect(expected).toHaveLength(83);
    const whole = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS, limit: 1_000 });
    expect(whole.next).toBeUndefined();
    expect(whole.events).toMatchObject(expected);
    expect(whole.events.filter((event) => event.source === 'gpc')).toEqual([expect.objectContaining({ type: 'expressed' })]);

    for (const limit of [1, 2, 7, 23, 24, 82, 83, 100]) {
      const pages = await allPages(limit);
      expect(pages, `limit ${limit}`).toHaveLength(Math.ceil(83 / limit));
      expect(pages.flatMap((page) => page.events), `limit ${limit}`).toEqual(whole.events);
      for (const page of pages) {
        expect(page.events.length).toBeLessThanOrEqual(limit);
        const { events: _events, next: _next, ...header } = page;
        const { events: _all, next: _none, ...wholeHeader } = whole;
        expect(header).toEqual(wholeHeader);
      }
    }
  });

  it('carries the header on every page: schema version, record id, the member, the processing', async () => {
    await choose(PURPOSE, 'denied');
    const page = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS });
    expect(page).toEqual({
      schemaVersion: RECORD_SCHEMA_VERSION,
      recordId: recordIdOf(MEMBER),
      piiPrincipalId: MEMBER,
      processing: [
        { purpose: ADS, policyVersions: ['2024-01-01'], jurisdiction: 'US', legalBasis: 'consent', withdrawalMethod: SETTINGS, notices: [] },
        { purpose: PURPOSE, policyVersions: ['2024-01-01'], jurisdiction: 'US', legalBasis: 'legitimate_interest', withdrawalMethod: SETTINGS, notices: [] },
      ],
      events: [{ time: new Date(START + writes * 60_000).toISOString(), type: 'explicitly_expressed', state: 'refused', source: 'api', purpose: PURPOSE, actor: MEMBER, policyVersion: '2024-01-01' }],
    });
  });

  it('a member without choices: no events, no next, the processing still', async () => {
    const page = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS });
    expect(page.events).toEqual([]);
    expect(page.next).toBeUndefined();
    expect(page.processing).toHaveLength(2);
  });

  it('reads the archived profiles only when the hot item dropped some, and names every place', async () => {
    expect(world.store.calls.profileHistory ?? 0).toBe(0);
    await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS });
    expect(world.store.calls.profileHistory ?? 0).toBe(0);
    for (const country of ['FR', 'DE', 'CA']) {
      world.clock.advance(60_000);
      await addMember(deps, MEMBER, { country });
    }
    expect((await world.store.getMember(MEMBER, { consistent: true }))!.profilesTrimmed).toBe(true);
    const page = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS });
    expect(world.store.calls.profileHistory).toBe(1);
    expect(page.processing.filter((entry) => entry.purpose === PURPOSE).map((entry) => entry.jurisdiction)).toEqual(['US', 'FR', 'DE', 'CA']);
  });

  it('refuses an unknown member: NotFoundError', async () => {
    await expect(getConsentRecord(deps, 'nobody', { withdrawalMethod: SETTINGS })).rejects.toBeInstanceOf(NotFoundError);
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    { name: 'not base64 JSON', cursor: '!!!' },
    { name: 'empty', cursor: '' },
    { name: "another member's", cursor: cursorOf(['m-2', PURPOSE, 2, null]) },
    { name: 'a purpose the member never chose on', cursor: cursorOf([MEMBER, 'no-such-purpose', 1, null]) },
    { name: 'position 0', cursor: cursorOf([MEMBER, PURPOSE, 0, null]) },
    { name: "an archive key of another purpose's", cursor: cursorOf([MEMBER, PURPOSE, 2, `AC#${ADS}#x`]) },
  ])('refuses a cursor ($name): InvalidInputError on query.cursor, rule cursor', async ({ cursor }) => {
    await choose(PURPOSE, 'granted');
    const error = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS, cursor }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'query.cursor', rule: 'cursor' });
  });

  it('takes a history cursor as the same place; one naming an archive item past the end moves on, never loops', async () => {
    for (let i = 0; i < 40; i++) await choose(PURPOSE, i % 2 ? 'granted' : 'denied');
    await choose(ADS, 'granted');
    const history = await getHistory(deps, MEMBER, PURPOSE, { limit: 10 });
    const fromHistory = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS, limit: 5, cursor: history.next });
    expect(fromHistory.events.map((event) => event.time)).toEqual((await getHistory(deps, MEMBER, PURPOSE, { limit: 5, cursor: history.next })).items.map((item) => item.at));
    expect(fromHistory.events[0]!.state).toBe('withdrawn');

    const pastTheEnd = encodeChoiceCursor(MEMBER, { purpose: PURPOSE, position: 3, continueFrom: `AC#${PURPOSE}#~` });
    const after = await getConsentRecord(deps, MEMBER, { withdrawalMethod: SETTINGS, limit: 1_000, cursor: pastTheEnd });
    expect(after.next).toBeUndefined();
    expect(after.events.filter((event) => event.purpose === PURPOSE).length).toBeLessThan(40);
  });
});
