// The Content-Usage value (IETF AI Preferences, lib/domain/content-usage.ts) from eligibility
// answers: every reason alone, every pair naming the same category, and the use case on the
// in-memory ports (one member read, the reference versions, unknown members, fail closed).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setChoice } from '../../lib/app/consents.ts';
import { memberContentUsage } from '../../lib/app/content-usage.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { StorageUnavailableError } from '../../lib/app/errors.ts';
import { categorisedPurposes, contentUsage, preferenceOf, type CategoryAnswer, type Preference } from '../../lib/domain/content-usage.ts';
import { REASONS, type Reason } from '../../lib/domain/eligibility.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { addMember, inMemoryDeps, policyVersion, purposePolicy, PURPOSE, type InMemoryDeps } from '../support/builders.ts';

const trainAi = (eligible: boolean, reason: Reason): CategoryAnswer => ({ category: 'train-ai', eligible, reason });

// ---------------------------------------------------------------------------------------------
// One purpose: every reason, with the eligibility it comes with (DOMAIN.md section 3)
// ---------------------------------------------------------------------------------------------

/** Every answer eligibility can give: only opted_in and default_opt_in are eligible. */
const SINGLE: [Reason, boolean, string][] = [
  ['unknown_member', false, 'train-ai=n'],
  ['erased', false, 'train-ai=n'],
  ['no_policy_in_force', false, 'train-ai=n'],
  ['purpose_not_covered', false, 'train-ai=n'],
  ['minor', false, 'train-ai=n'],
  ['excluded_jurisdiction', false, 'train-ai=n'],
  ['opted_out', false, 'train-ai=n'],
  ['no_consent', false, 'train-ai=n'],
  ['notice_pending', false, 'train-ai=n'],
  // The member granted it: the one way to say yes.
  ['opted_in', true, 'train-ai=y'],
  // Eligible by the platform's default, not the member's word: nothing is said.
  ['default_opt_in', true, ''],
];

describe('contentUsage: one purpose naming train-ai', () => {
  it('has a case for every reason eligibility gives', () => {
    expect(SINGLE.map(([reason]) => reason).sort()).toEqual([...REASONS].sort());
  });

  it.each(SINGLE)('%s (eligible %s) → "%s"', (reason, eligible, expected) => {
    expect(contentUsage([trainAi(eligible, reason)])).toBe(expected);
  });

  it('says y only for an explicit grant: an eligible answer of any other reason says nothing', () => {
    for (const reason of REASONS) {
      expect(contentUsage([trainAi(true, reason)]), reason).toBe(reason === 'opted_in' ? 'train-ai=y' : '');
    }
  });

  it('says n for any answer that is not eligible, whatever its reason (a reason added later included)', () => {
    for (const reason of REASONS) expect(contentUsage([trainAi(false, reason)]), reason).toBe('train-ai=n');
  });

  it('is the empty string with no purpose naming a category', () => {
    expect(contentUsage([])).toBe('');
    expect(preferenceOf([])).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Several purposes naming the same category: fail closed
// ---------------------------------------------------------------------------------------------

const Y = trainAi(true, 'opted_in');
const DEFAULT = trainAi(true, 'default_opt_in');
const N = trainAi(false, 'opted_out');
const EXCLUDED = trainAi(false, 'excluded_jurisdiction');

describe('contentUsage: several purposes naming train-ai', () => {
  it.each([
    { name: 'two explicit grants', answers: [Y, Y], expected: 'train-ai=y' },
    { name: 'three explicit grants', answers: [Y, Y, Y], expected: 'train-ai=y' },
    { name: 'a grant and a refusal', answers: [Y, N], expected: 'train-ai=n' },
    { name: 'a refusal and a grant', answers: [N, Y], expected: 'train-ai=n' },
    { name: 'grants and one exclusion', answers: [Y, Y, EXCLUDED], expected: 'train-ai=n' },
    { name: 'a grant and a default', answers: [Y, DEFAULT], expected: '' },
    { name: 'a default and a grant', answers: [DEFAULT, Y], expected: '' },
    { name: 'two defaults', answers: [DEFAULT, DEFAULT], expected: '' },
    { name: 'a default and a refusal', answers: [DEFAULT, N], expected: 'train-ai=n' },
    { name: 'two refusals', answers: [N, EXCLUDED], expected: 'train-ai=n' },
  ])('$name → "$expected"', ({ answers, expected }) => {
    expect(contentUsage(answers)).toBe(expected);
  });

  // Restated as an order: n < unknown < y. Fail closed means the combined preference is the lowest
  // of the purposes' own; checked for every pair and triple of possible answers, in every order.
  const RANK = { n: 0, unknown: 1, y: 2 } as const;
  type Level = keyof typeof RANK;
  const alone = (answer: CategoryAnswer): Level => preferenceOf([answer]) ?? 'unknown';
  const asString = (level: Level) => (level === 'unknown' ? '' : `train-ai=${level}`);
  const possible = SINGLE.map(([reason, eligible]) => trainAi(eligible, reason));

  it('takes the lowest preference of any two purposes, n < unknown < y, in either order', () => {
    for (const a of possible) {
      for (const b of possible) {
        const lowest = [alone(a), alone(b)].sort((x, y) => RANK[x] - RANK[y])[0] as Level;
        expect(contentUsage([a, b]), `${a.reason} + ${b.reason}`).toBe(asString(lowest));
        expect(contentUsage([b, a])).toBe(contentUsage([a, b]));
      }
    }
  });

  it('takes the lowest of any three', () => {
    for (const a of possible) {
      for (const b of possible) {
        for (const c of possible) {
          const lowest = [alone(a), alone(b), alone(c)].sort((x, y) => RANK[x] - RANK[y])[0] as Level;
          expect(contentUsage([a, b, c])).toBe(asString(lowest));
        }
      }
    }
  });

  it('maps each single answer to one of the three levels, as the table says', () => {
    const levels = new Map<Preference | 'unknown', Reason[]>();
    for (const answer of possible) levels.set(alone(answer), [...(levels.get(alone(answer)) ?? []), answer.reason]);
    expect(levels.get('y')).toEqual(['opted_in']);
    expect(levels.get('unknown')).toEqual(['default_opt_in']);
    expect(levels.get('n')).toHaveLength(REASONS.length - 2);
  });
});

// ---------------------------------------------------------------------------------------------
// Which purposes name a category
// ---------------------------------------------------------------------------------------------

describe('categorisedPurposes', () => {
  it('finds genai-training as train-ai in both reference versions', () => {
    for (const policy of REFERENCE_POLICIES) {
      expect(categorisedPurposes(policy), policy.id).toEqual([{ purpose: 'genai-training', category: 'train-ai' }]);
    }
  });

  it('leaves out purposes that name none, and has nothing without a version in force', () => {
    const policy = policyVersion({
      purposes: {
        'ads-personalisation': purposePolicy(),
        [PURPOSE]: purposePolicy({ aiPreference: 'train-ai' }),
        'code-assistant': purposePolicy({ aiPreference: 'train-ai' }),
      },
    });
    expect(categorisedPurposes(policy)).toEqual([
      { purpose: PURPOSE, category: 'train-ai' },
      { purpose: 'code-assistant', category: 'train-ai' },
    ]);
    expect(categorisedPurposes(policyVersion())).toEqual([]);
    expect(categorisedPurposes(undefined)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The use case, on the in-memory ports
// ---------------------------------------------------------------------------------------------

let requests = 0;
async function choose(deps: ChoiceDeps, memberId: string, choice: 'granted' | 'denied', purpose = PURPOSE): Promise<void> {
  await setChoice(deps, { memberId, purpose, choice, source: 'api', actor: memberId, requestId: `req-${++requests}` });
}

describe('memberContentUsage on the reference versions (now: 2026-01-15, 2025-11-03 in force)', () => {
  let world: InMemoryDeps;
  beforeEach(async () => {
    world = await inMemoryDeps({ policies: REFERENCE_POLICIES });
    await addMember(world.deps, 'us-default', { country: 'US' });
    await addMember(world.deps, 'fr-default', { country: 'FR' });
    await addMember(world.deps, 'granted', { country: 'DE' });
    await addMember(world.deps, 'denied', { country: 'US' });
    await addMember(world.deps, 'minor-granted', { country: 'US', suspectedMinor: true });
    await addMember(world.deps, 'changed-mind', { country: 'CA' });
    await choose(world.deps, 'granted', 'granted');
    await choose(world.deps, 'denied', 'denied');
    await choose(world.deps, 'minor-granted', 'granted');
    await choose(world.deps, 'changed-mind', 'granted');
    world.clock.advance(1_000);
    await choose(world.deps, 'changed-mind', 'denied');
    world.clock.advance(1_000);
  });

  it.each([
    ['us-default', ''],
    // The EU has had the same opt-out default since 2025-11-03: no word from the member, nothing said.
    ['fr-default', ''],
    ['granted', 'train-ai=y'],
    ['denied', 'train-ai=n'],
    // A minor is never used, whatever the setting says.
    ['minor-granted', 'train-ai=n'],
    ['changed-mind', 'train-ai=n'],
    // Not known to the ledger: not eligible, so no.
    ['nobody', 'train-ai=n'],
  ])('%s → "%s"', async (memberId, expected) => {
    expect(await memberContentUsage(world.deps, memberId)).toEqual({ memberId, contentUsage: expected });
  });

  it('reads the member once, consistently (an opt-out made a moment ago counts)', async () => {
    const read = vi.spyOn(world.store, 'getMember');
    expect((await memberContentUsage(world.deps, 'granted')).contentUsage).toBe('train-ai=y');
    expect(read).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith('granted', { consistent: true });
    await choose(world.deps, 'granted', 'denied');
    expect((await memberContentUsage(world.deps, 'granted')).contentUsage).toBe('train-ai=n');
  });

  it('fails closed when storage is unavailable: an error, never a value', async () => {
    world.store.failNext('getMember');
    await expect(memberContentUsage(world.deps, 'granted')).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});

describe('memberContentUsage under other versions', () => {
  const EU_OPT_IN: PolicyVersion = policyVersion({
    purposes: {
      [PURPOSE]: purposePolicy({ aiPreference: 'train-ai', rules: { EU: { regime: 'opt_in', legalBasis: 'consent' } } }),
    },
  });

  it('says n for an EU member without a choice where the EU is opt-in (no_consent), y once granted', async () => {
    const { deps } = await inMemoryDeps({ policies: [EU_OPT_IN] });
    await addMember(deps, 'fr', { country: 'FR' });
    expect((await memberContentUsage(deps, 'fr')).contentUsage).toBe('train-ai=n');
    await choose(deps, 'fr', 'granted');
    expect((await memberContentUsage(deps, 'fr')).contentUsage).toBe('train-ai=y');
  });

  it('says n in a jurisdiction the version excludes (the 2024-11-20 version in the EU)', async () => {
    const { deps } = await inMemoryDeps({ policies: REFERENCE_POLICIES, now: '2025-06-01T00:00:00.000Z' });
    await addMember(deps, 'fr', { country: 'FR' });
    await addMember(deps, 'us', { country: 'US' });
    expect((await memberContentUsage(deps, 'fr')).contentUsage).toBe('train-ai=n');
    expect((await memberContentUsage(deps, 'us')).contentUsage).toBe('');
  });

  it('combines purposes naming the same category: y only when every one is granted', async () => {
    const twoPurposes = policyVersion({
      purposes: {
        [PURPOSE]: purposePolicy({ aiPreference: 'train-ai' }),
        'code-assistant': purposePolicy({ aiPreference: 'train-ai', default: { regime: 'opt_in', legalBasis: 'consent' } }),
        'ads-personalisation': purposePolicy(),
      },
    });
    const { deps } = await inMemoryDeps({ policies: [twoPurposes] });
    await addMember(deps, 'm', { country: 'US' });
    // genai-training by default, code-assistant opt-in without a grant: n.
    expect((await memberContentUsage(deps, 'm')).contentUsage).toBe('train-ai=n');
    await choose(deps, 'm', 'granted', 'code-assistant');
    // A grant and a default: not every purpose is the member's own yes.
    expect((await memberContentUsage(deps, 'm')).contentUsage).toBe('');
    await choose(deps, 'm', 'granted', PURPOSE);
    expect((await memberContentUsage(deps, 'm')).contentUsage).toBe('train-ai=y');
    // A purpose naming no category changes nothing.
    await choose(deps, 'm', 'denied', 'ads-personalisation');
    expect((await memberContentUsage(deps, 'm')).contentUsage).toBe('train-ai=y');
  });

  it('says nothing, and reads no member, when no purpose in force names a category or no version is in force', async () => {
    for (const policies of [[policyVersion()], [policyVersion({ effectiveAt: '2099-01-01T00:00:00.000Z', purposes: { [PURPOSE]: purposePolicy({ aiPreference: 'train-ai' }) } })]]) {
      const world = await inMemoryDeps({ policies });
      await addMember(world.deps, 'm');
      const read = vi.spyOn(world.store, 'getMember');
      expect(await memberContentUsage(world.deps, 'm')).toEqual({ memberId: 'm', contentUsage: '' });
      expect(await memberContentUsage(world.deps, 'nobody')).toEqual({ memberId: 'nobody', contentUsage: '' });
      expect(read).not.toHaveBeenCalled();
    }
  });
});
