// Change events without AWS: which table changes are facts (the stream reader), what each fact's
// CloudEvent says (and never says), and where a batch resumes when the bus took only part of it.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { factsOfChange } from '../../lib/adapters/dynamo/change-facts.ts';
import { stateItem } from '../../lib/adapters/dynamo/member-item.ts';
import { EVENT_TYPES, toOutgoingEvent, type OutgoingEvent } from '../../lib/app/events/cloud-events.ts';
import type { ChangeFact, ChangeFacts } from '../../lib/app/events/facts.ts';
import { publishChanges } from '../../lib/app/events/publish-changes.ts';
import type { MemberRecord, RecordedChoice } from '../../lib/app/ports/consent-store.ts';
import { policyVersion, PURPOSE } from '../support/builders.ts';

const SOURCE = 'urn:consent-ledger:test';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const choice = (at: string, granted = false): RecordedChoice => ({ at, choice: granted ? 'granted' : 'denied', source: 'api', requestId: 'r', actor: 'alice' });

function member(overrides: Partial<MemberRecord> = {}): MemberRecord {
  return {
    memberId: 'alice',
    email: 'alice@example.com',
    locale: 'fr-FR',
    profiles: [{ from: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '1990-04-01' }],
    choices: {},
    counts: {},
    archivedChoices: {},
    notices: {},
    profilesTrimmed: false,
    recentRequests: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    hotBytes: 0,
    ...overrides,
  };
}

let sequenceNumber = 100;
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', after: Record<string, unknown> | undefined, before?: Record<string, unknown>): DynamoDBRecord {
  sequenceNumber += 1;
  const image = (item: Record<string, unknown> | undefined) => (item === undefined ? undefined : (marshall(item, { removeUndefinedValues: true }) as never));
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: String(sequenceNumber), NewImage: image(after), OldImage: image(before), StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

const kinds = (change: ChangeFacts) => change.facts.map((fact) => fact.kind);

describe('which changes of the table are facts', () => {
  const one = member({ choices: { [PURPOSE]: [choice('2026-02-01T00:00:00.000Z')] }, counts: { [PURPOSE]: 1 }, version: 2 });
  const two = member({
    choices: { [PURPOSE]: [choice('2026-02-01T00:00:00.000Z'), choice('2026-02-02T00:00:00.000Z', true)] },
    counts: { [PURPOSE]: 2 },
    version: 3,
  });

  const erasedTwo = member({ ...two, email: undefined, locale: undefined, erasedAt: '2026-03-01T00:00:00.000Z', erasedBy: 'alice', version: 4 });
  const profileEvent = {
    pk: 'M#alice', sk: 'P#2026-01-01T00:00:00.000Z#0000000001', memberId: 'alice', version: 1, kind: 'profile',
    profile: { from: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '1990-04-01', email: 'alice@example.com', locale: 'fr-FR' },
    actor: 'admin', requestId: 'r', effectiveAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z',
  };
  const cases: [name: string, change: DynamoDBRecord, expected: ChangeFact['kind'][]][] = [
    ['a new member (its profile is the P# item of the same write)', record('INSERT', stateItem(member())), []],
    ['a first choice', record('MODIFY', stateItem(one), stateItem(member())), ['choice']],
    ['a second choice', record('MODIFY', stateItem(two), stateItem(one)), ['choice']],
    [
      'history moved to an archive item (counts unchanged)',
      record(
        'MODIFY',
        stateItem(member({ choices: { [PURPOSE]: [choice('2026-02-02T00:00:00.000Z', true)] }, counts: { [PURPOSE]: 2 }, archivedChoices: { [PURPOSE]: { count: 1, lastAt: '2026-02-01T00:00:00.000Z', gpcDenial: false } } })),
        stateItem(two),
      ),
      [],
    ],
    ['a notice delivered', record('MODIFY', stateItem({ ...two, notices: { '2025-11-03': '2026-03-01T00:00:00.000Z' } }), stateItem(two)), ['notice']],
    ['a request fingerprint only', record('MODIFY', stateItem({ ...two, recentRequests: ['abc'] }), stateItem(two)), []],
    ['a profile change on the hot item (the fact is its P# item)', record('MODIFY', stateItem({ ...two, email: 'new@example.com', version: 4 }), stateItem(two)), []],
    [
      'a profile event item',
      record('INSERT', {
        pk: 'M#alice', sk: 'P#2026-01-01T00:00:00.000Z#0000000001', memberId: 'alice', version: 1, kind: 'profile',
        profile: { from: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '1990-04-01', email: 'alice@example.com', locale: 'fr-FR' },
        actor: 'admin', requestId: 'r', effectiveAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z',
      }),
      ['profile'],
    ],
    ['an archive item', record('INSERT', { pk: 'M#alice', sk: `AC#${PURPOSE}#2026-02-01T00:00:00.000Z#000000000001`, first: 1, entries: ['x'] }), []],
    ['an idempotency mark', record('INSERT', { pk: 'M#alice', sk: 'I#key', hash: 'h' }), []],
    ['an idempotency mark expiring', record('REMOVE', undefined, { pk: 'M#alice', sk: 'I#key', hash: 'h' }), []],
    ['a notice claim', record('INSERT', { pk: 'M#alice', sk: 'N#2025-11-03', status: 'claimed' }), []],
    ['a notice claim sent', record('MODIFY', { pk: 'M#alice', sk: 'N#2025-11-03', status: 'sent' }, { pk: 'M#alice', sk: 'N#2025-11-03', status: 'claimed' }), []],
    ['a campaign', record('INSERT', { pk: 'NOTICES#2025-11-03', sk: 'c1' }), []],
    ['a fan-out page', record('INSERT', { pk: 'CAMPAIGN#c1', sk: 'PAGE#1' }), []],
    ['a policy version', record('INSERT', { pk: 'POLICY', sk: 'v1', policy: policyVersion({ id: 'v1' }), recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'admin' }), ['policy']],
    [
      'a translation added to a policy version',
      record('INSERT', { pk: 'POLICYTEXT', sk: 'v1#fr', policyId: 'v1', locale: 'fr', texts: { summary: 'Résumé' }, recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'admin' }),
      [],
    ],
    ['a policy item rewritten', record('MODIFY', { pk: 'POLICY', sk: 'v1', policy: policyVersion({ id: 'v1' }) }, { pk: 'POLICY', sk: 'v1', policy: policyVersion({ id: 'v1' }) }), []],
    [
      'a training run',
      record('INSERT', { pk: 'RUN', sk: 'run-1', runId: 'run-1', purpose: PURPOSE, snapshotAt: '2026-01-01T00:00:00.000Z', pinnedAt: '2026-01-02T00:00:00.000Z', name: 'n', registeredBy: 'p' }),
      ['run'],
    ],
    ['a run key mark', record('INSERT', { pk: 'RUNKEY#scope', sk: 'I', runId: 'run-1' }), []],
    // An erasure: its mark on the hot item is the fact; its rewrites of the member's other items are housekeeping.
    ['an erasure marked on the hot item', record('MODIFY', stateItem(erasedTwo), stateItem(two)), ['erasure']],
    ['the erasure\'s note that every item is scrubbed', record('MODIFY', stateItem({ ...erasedTwo, scrubbed: true }), stateItem(erasedTwo)), []],
    [
      'a profile event rewritten by an erasure',
      record(
        'MODIFY',
        { ...profileEvent, profile: { from: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', adultFrom: { 18: '2008-04-01' } } },
        profileEvent,
      ),
      [],
    ],
    ['a notice record rewritten by an erasure', record('MODIFY', { pk: 'M#alice', sk: 'N#2025-11-03', status: 'failed' }, { pk: 'M#alice', sk: 'N#2025-11-03', status: 'failed', lastError: 'x' }), []],
    ['a choice housekeeping archived after the erasure', record('MODIFY', stateItem({ ...erasedTwo, version: 7 }), stateItem({ ...erasedTwo, version: 6 })), []],
  ];
  it.each(cases)('%s', (_name, change, expected) => {
    expect(kinds(factsOfChange(change))).toEqual(expected);
  });

  it('a choice is numbered in the whole history and takes effect no earlier than the one before', () => {
    // Recorded with an earlier clock than the choice before it (two writers racing).
    const archived = { [PURPOSE]: { count: 40, lastAt: '2026-02-01T00:00:00.000Z', gpcDenial: false } };
    const before = member({ choices: { [PURPOSE]: [choice('2026-02-03T00:00:00.000Z')] }, counts: { [PURPOSE]: 41 }, archivedChoices: archived });
    const after = member({ choices: { [PURPOSE]: [choice('2026-02-03T00:00:00.000Z'), choice('2026-02-02T00:00:00.000Z', true)] }, counts: { [PURPOSE]: 42 }, archivedChoices: archived });
    const change = factsOfChange(record('MODIFY', stateItem(after), stateItem(before)));
    expect(change.position).toBe(String(sequenceNumber));
    expect(change.facts).toEqual([
      expect.objectContaining({ kind: 'choice', sequence: 42, choice: 'granted', at: '2026-02-03T00:00:00.000Z', recordedAt: '2026-02-02T00:00:00.000Z' }),
    ]);
  });

  it('an erasure is one fact, of when it was recorded', () => {
    const erased = member({ erasedAt: '2026-03-01T00:00:00.000Z', erasedBy: 'admin', email: undefined, locale: undefined, version: 2 });
    expect(factsOfChange(record('MODIFY', stateItem(erased), stateItem(member()))).facts).toEqual([{ kind: 'erasure', memberId: 'alice', erasedAt: '2026-03-01T00:00:00.000Z' }]);
  });

  it('a profile fact holds no email address, birth date or locale', () => {
    const [fact] = factsOfChange(cases[7]![1]).facts;
    expect(fact).toEqual({ kind: 'profile', memberId: 'alice', version: 1, effectiveAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', suspectedMinor: undefined });
  });
});

describe('each fact as a CloudEvent', () => {
  const policies = [policyVersion({ id: '2026-01', effectiveAt: '2026-01-01T00:00:00.000Z', announcedAt: '2025-12-01T00:00:00.000Z' })];
  const profiles = [{ from: '2026-01-01T00:00:00.000Z', country: 'US', subdivision: 'US-CA', birthDate: '1990-04-01' }];
  const memberId = `m.${'x'.repeat(126)}`; // 128 characters: the longest member id
  const facts: [ChangeFact, Partial<OutgoingEvent['event']>, string][] = [
    [
      { kind: 'choice', memberId, purpose: PURPOSE, sequence: 3, at: '2026-02-01T00:00:00.000Z', recordedAt: '2026-02-01T00:00:00.000Z', choice: 'denied', source: 'settings', profiles },
      { id: `member/${memberId}/choice/${PURPOSE}/3`, subject: memberId, time: '2026-02-01T00:00:00.000Z', data: { memberId, purpose: PURPOSE, choice: 'denied', source: 'settings', sequence: 3, recordedAt: '2026-02-01T00:00:00.000Z', policyVersion: '2026-01', jurisdiction: 'US-CA' } },
      memberId,
    ],
    [
      { kind: 'choice', memberId: 'bob', purpose: PURPOSE, sequence: 1, at: '2025-06-01T00:00:00.000Z', recordedAt: '2025-06-01T00:00:00.000Z', choice: 'granted', source: 'api', profiles: [{ from: '2025-01-01T00:00:00.000Z', country: 'FR' }] },
      { data: { memberId: 'bob', purpose: PURPOSE, choice: 'granted', source: 'api', sequence: 1, recordedAt: '2025-06-01T00:00:00.000Z', policyVersion: null, jurisdiction: 'FR' } },
      'bob',
    ],
    [
      { kind: 'profile', memberId: 'bob', version: 4, effectiveAt: '2026-01-05T00:00:00.000Z', recordedAt: '2026-01-05T00:00:01.000Z', country: 'DE', suspectedMinor: true },
      { id: 'member/bob/profile/4', subject: 'bob', time: '2026-01-05T00:00:00.000Z', data: { memberId: 'bob', profileVersion: 4, country: 'DE', suspectedMinor: true, recordedAt: '2026-01-05T00:00:01.000Z' } },
      'bob',
    ],
    [
      { kind: 'notice', memberId: 'bob', policyId: '2026-01', deliveredAt: '2025-12-02T00:00:00.000Z' },
      { id: 'member/bob/notice/2026-01', time: '2025-12-02T00:00:00.000Z', data: { memberId: 'bob', policyVersion: '2026-01', deliveredAt: '2025-12-02T00:00:00.000Z' } },
      'bob',
    ],
    [
      { kind: 'erasure', memberId: 'bob', erasedAt: '2026-03-01T00:00:00.000Z' },
      { id: 'member/bob/erasure', type: 'consent.member.erased', subject: 'bob', time: '2026-03-01T00:00:00.000Z', data: { memberId: 'bob', erasedAt: '2026-03-01T00:00:00.000Z' } },
      'bob',
    ],
    [
      { kind: 'policy', policy: policies[0]!, recordedAt: '2025-11-01T00:00:00.000Z' },
      { id: 'policy/2026-01', subject: '2026-01', time: '2026-01-01T00:00:00.000Z', data: { policyVersion: '2026-01', announcedAt: '2025-12-01T00:00:00.000Z', effectiveAt: '2026-01-01T00:00:00.000Z', recordedAt: '2025-11-01T00:00:00.000Z', purposes: [PURPOSE] } },
      'policy:2026-01',
    ],
    [
      { kind: 'run', run: { runId: 'run-1', purpose: PURPOSE, snapshotAt: '2026-01-01T00:00:00.000Z', pinnedAt: '2026-01-02T00:00:00.000Z', name: 'n', model: null, dataset: 'd', registeredBy: 'pipeline' } },
      { id: 'run/run-1', subject: 'run-1', time: '2026-01-02T00:00:00.000Z', data: { runId: 'run-1', purpose: PURPOSE, snapshotAt: '2026-01-01T00:00:00.000Z', pinnedAt: '2026-01-02T00:00:00.000Z', name: 'n', model: null, dataset: 'd' } },
      'run:run-1',
    ],
  ];

  it.each(facts)('%#: %o', (fact, expected, group) => {
    const outgoing = toOutgoingEvent(fact, policies, SOURCE);
    expect(outgoing.event).toMatchObject({ specversion: '1.0', source: SOURCE, type: EVENT_TYPES[fact.kind], datacontenttype: 'application/json', ...expected });
    expect(outgoing.messageGroupId).toBe(group);
    expect(outgoing.messageGroupId.length).toBeLessThanOrEqual(128);
    // The deduplication id: a hash of the event id, within SNS's 128 characters whatever the id's length.
    expect(outgoing.deduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(toOutgoingEvent(fact, policies, SOURCE)).toEqual(outgoing);
    const text = JSON.stringify(outgoing.event);
    expect(text).not.toMatch(EMAIL);
    expect(text).not.toMatch(/birthDate|locale|1990-04-01/);
  });

  it('ids differ between facts', () => {
    const ids = facts.map(([fact]) => toOutgoingEvent(fact, policies, SOURCE).event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('publishing a batch of changes', () => {
  const policyFact = (id: string): ChangeFact => ({ kind: 'policy', policy: policyVersion({ id }), recordedAt: '2026-01-01T00:00:00.000Z' });
  const changes: ChangeFacts[] = [
    { position: '1', facts: [policyFact('a')] },
    { position: '2', facts: [] },
    { position: '3', facts: [policyFact('b'), policyFact('c')] },
    { position: '4', facts: [policyFact('d')] },
  ];

  function harness(accepts: number) {
    const published: OutgoingEvent[][] = [];
    let policyReads = 0;
    const deps = {
      source: SOURCE,
      policies: { all: async () => { policyReads += 1; return []; } },
      bus: { publish: async (events: readonly OutgoingEvent[]) => { published.push([...events]); return Math.min(accepts, events.length); } },
    };
    return { deps, published, reads: () => policyReads };
  }

  it.each([
    [4, undefined],
    [0, '1'],
    [1, '3'],
    [2, '3'], // b published, c not: the change resumes whole, and b is deduplicated
    [3, '4'],
  ])('the bus takes %i of 4 events: resume from %s', async (accepts, resumeFrom) => {
    const { deps, published } = harness(accepts);
    expect(await publishChanges(deps, changes)).toEqual({ published: accepts, ...(resumeFrom ? { resumeFrom } : {}) });
    expect(published).toHaveLength(1);
    expect(published[0]!.map((event) => event.event.subject)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('no facts: nothing is published; no choice: the policy list is not read', async () => {
    const { deps, published, reads } = harness(10);
    expect(await publishChanges(deps, [{ position: '9', facts: [] }])).toEqual({ published: 0 });
    await publishChanges(deps, changes);
    expect(published).toHaveLength(1);
    expect(reads()).toBe(0);
  });
});
