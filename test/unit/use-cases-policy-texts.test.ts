// Translations added to recorded policy versions (in memory): recorded once and never changed,
// read merged into the version by everything members see, loaded with the reference versions; and
// the member's language and the policy's texts in it on the settings page, the opt-out page and
// the notice email.
import { describe, expect, it } from 'vitest';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../lib/app/errors.ts';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { renderRecipientEmail } from '../../lib/app/notices/recipient-email.ts';
import { viewOptOut } from '../../lib/app/opt-out.ts';
import { getPolicy, listPolicies, loadPolicyTranslations, loadPolicyVersions, putPolicy, putPolicyTranslation } from '../../lib/app/policies.ts';
import { RunCatalog } from '../../lib/app/run-catalog.ts';
import { loadSettings } from '../../lib/app/settings.ts';
import type { RunDeps } from '../../lib/app/training-runs.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { addMember, inMemoryDeps, policyVersion, purposePolicy, PURPOSE } from '../support/builders.ts';
import { InMemoryRunStore } from '../support/in-memory-run-store.ts';

const version = () =>
  policyVersion({
    id: 'v1',
    effectiveAt: '2026-01-01T00:00:00.000Z',
    summary: 'What changes',
    purposes: { [PURPOSE]: purposePolicy({ setting: 'Use my data for training', description: 'Training models' }) },
  });
const FRENCH = { summary: 'Ce qui change', purposes: { [PURPOSE]: { setting: 'Utiliser mes données pour l’entraînement', description: 'Entraîner des modèles' } } };

describe('putPolicyTranslation', () => {
  it('records a language once: 201, then the same texts 200 without a write, other texts 409', async () => {
    const { deps, store } = await inMemoryDeps({ policies: [version()] });
    const first = await putPolicyTranslation(deps, 'v1', 'fr', FRENCH, 'admin');
    expect(first).toEqual({ created: true, translation: { policyId: 'v1', locale: 'fr', ...FRENCH, recordedAt: deps.clock.now().toISOString(), recordedBy: 'admin' } });

    const again = await putPolicyTranslation(deps, 'v1', 'fr', { ...FRENCH, purposes: { [PURPOSE]: { ...FRENCH.purposes[PURPOSE] } } }, 'someone-else');
    expect(again).toEqual({ created: false, translation: first.translation });
    expect(store.calls.putPolicyTranslation).toBe(2);

    await expect(putPolicyTranslation(deps, 'v1', 'fr', { ...FRENCH, summary: 'Autre chose' }, 'admin')).rejects.toThrow(ConflictError);
    await expect(putPolicyTranslation(deps, 'v1', 'fr', { summary: FRENCH.summary }, 'admin')).rejects.toThrow(ConflictError);
    expect((await store.listPolicyTranslations()).map((entry) => entry.texts)).toEqual([FRENCH]);
  });

  it('is read merged into the version: the catalog, GET and the list; the stored version is unchanged', async () => {
    const { deps, store } = await inMemoryDeps({ policies: [version()] });
    await putPolicyTranslation(deps, 'v1', 'fr', FRENCH, 'admin');
    const [cataloged] = await deps.policies.all();
    expect(cataloged!.summary).toEqual({ en: 'What changes', fr: 'Ce qui change' });
    expect(cataloged!.purposes[PURPOSE]!.setting).toEqual({ en: 'Use my data for training', fr: FRENCH.purposes[PURPOSE].setting });
    expect((await getPolicy(deps, 'v1')).summary).toEqual({ en: 'What changes', fr: 'Ce qui change' });
    expect((await listPolicies(deps)).items[0]!.purposes[PURPOSE]!.description).toEqual({ en: 'Training models', fr: 'Entraîner des modèles' });
    expect((await store.getPolicy('v1'))!.policy).toEqual(version());
  });

  it('refuses what is not a translation of the version (422) and an unknown version (404), writing nothing', async () => {
    const { deps, store } = await inMemoryDeps({ policies: [version()] });
    await expect(putPolicyTranslation(deps, 'v1', 'fr', { purposes: { ads: { setting: 'Publicité' } } }, 'admin')).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'purposes.ads', rule: 'known_purpose' })],
    });
    await expect(putPolicyTranslation(deps, 'nope', 'fr', FRENCH, 'admin')).rejects.toThrow(NotFoundError);
    expect(store.calls.putPolicyTranslation).toBeUndefined();
  });

  it('treats the texts the version itself holds in a language as recorded: the same 200, other 409', async () => {
    const own = policyVersion({ id: 'v2', summary: { en: 'What changes', fr: 'Ce qui change' }, purposes: { [PURPOSE]: purposePolicy({ setting: 'Setting', description: undefined }) } });
    const { deps, store } = await inMemoryDeps({ policies: [own] });
    expect(await putPolicyTranslation(deps, 'v2', 'fr', { summary: 'Ce qui change' }, 'admin')).toMatchObject({ created: false, translation: { locale: 'fr', summary: 'Ce qui change', recordedBy: 'test' } });
    await expect(putPolicyTranslation(deps, 'v2', 'fr', { summary: 'Ce qui change', purposes: { [PURPOSE]: { setting: 'Paramètre' } } }, 'admin')).rejects.toThrow(ConflictError);
    // Its plain strings are its default locale's (en).
    expect((await putPolicyTranslation(deps, 'v2', 'en', { summary: 'What changes', purposes: { [PURPOSE]: { setting: 'Setting' } } }, 'admin')).created).toBe(false);
    await expect(putPolicyTranslation(deps, 'v2', 'en', { summary: 'Something else' }, 'admin')).rejects.toThrow(ConflictError);
    expect(store.calls.putPolicyTranslation).toBeUndefined();
  });
});

describe('putPolicy: texts per language', () => {
  it('records a version whose texts are maps holding the default locale\'s, and refuses one without (422)', async () => {
    const { deps } = await inMemoryDeps({ policies: [] });
    const later = (id: string, overrides: Parameters<typeof policyVersion>[0]) =>
      policyVersion({ id, announcedAt: '2026-02-01T00:00:00.000Z', effectiveAt: `2026-0${id === 'ok' ? 3 : 4}-01T00:00:00.000Z`, ...overrides });
    const ok = later('ok', { defaultLocale: 'fr', summary: { fr: 'Résumé', en: 'Summary' } });
    expect((await putPolicy(deps, ok, 'admin')).created).toBe(true);
    const missing = later('missing', { summary: { fr: 'Résumé' } });
    await expect(putPolicy(deps, missing, 'admin')).rejects.toThrow(RuleViolationError);
    await expect(putPolicy(deps, missing, 'admin')).rejects.toMatchObject({ violations: [expect.objectContaining({ field: 'summary', rule: 'default_locale_text' })] });
  });
});

describe('loadPolicyTranslations', () => {
  it('adds the reference translations to versions stored before them, then finds them present', async () => {
    const { deps, store } = await inMemoryDeps({ policies: [] });
    const now = deps.clock.now();
    await loadPolicyVersions(store, REFERENCE_POLICIES, 'loader', now);
    const first = await loadPolicyTranslations(store, REFERENCE_TRANSLATIONS, 'loader', now);
    expect(first.map((entry) => entry.outcome)).toEqual(REFERENCE_TRANSLATIONS.map(() => 'loaded'));
    const again = await loadPolicyTranslations(store, REFERENCE_TRANSLATIONS, 'loader', now);
    expect(again.map((entry) => entry.outcome)).toEqual(REFERENCE_TRANSLATIONS.map(() => 'present'));
    const [, latest] = await deps.policies.all();
    expect(Object.keys(latest!.summary as object).sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it('reports a translation whose version is missing, does not fit, or differs from the one stored', async () => {
    const { store, clock } = await inMemoryDeps({ policies: [version()] });
    await store.putPolicyTranslation({ policyId: 'v1', locale: 'de', texts: { summary: 'Anders' }, recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'x' });
    const outcomes = await loadPolicyTranslations(store, [
      { policyId: 'gone', locale: 'fr', texts: FRENCH },
      { policyId: 'v1', locale: 'es', texts: { purposes: { ads: { setting: 'Anuncios' } } } },
      { policyId: 'v1', locale: 'de', texts: { summary: 'Was sich ändert' } },
    ], 'loader', clock.now());
    expect(outcomes.map((entry) => entry.outcome)).toEqual(['no_version', 'refused', 'differs']);
  });
});

describe('the member\'s language and the policy\'s texts in it', () => {
  async function world() {
    const base = await inMemoryDeps({ policies: [version()] });
    const runStore = new InMemoryRunStore();
    // The settings page records a GPC signal's choice, which signs its receipt.
    const deps: RunDeps & ChoiceDeps = { ...base.deps, runStore, runs: new RunCatalog(runStore) };
    await putPolicyTranslation(deps, 'v1', 'fr', FRENCH, 'admin');
    return deps;
  }

  it.each([
    ['a French profile', 'fr-FR', undefined, 'fr', 'Utiliser mes données pour l’entraînement', 'Ce qui change'],
    ['no locale, a French browser', undefined, 'fr-CA,fr;q=0.9', 'fr', 'Utiliser mes données pour l’entraînement', 'Ce qui change'],
    ['a German profile, no German texts: the policy\'s default locale for them', 'de', 'fr', 'de', 'Use my data for training', 'What changes'],
    ['an English profile over a French browser', 'en', 'fr', 'en', 'Use my data for training', 'What changes'],
  ])('the settings page: %s', async (_name, locale, acceptLanguage, language, setting, summary) => {
    const deps = await world();
    await addMember(deps, 'm', locale === undefined ? {} : { locale });
    const view = await loadSettings(deps, { memberId: 'm', gpcSignal: false, requestId: 'r', acceptLanguage });
    expect(view.language).toBe(language);
    expect(view.purposes[0]).toMatchObject({ setting });
    expect(view.policy?.summary).toBe(summary);
  });

  it('the opt-out page: the profile, then the browser', async () => {
    const deps = await world();
    await addMember(deps, 'm');
    const key = new Uint8Array(32).fill(1);
    const token = await signLinkToken(key, { memberId: 'm', purpose: PURPOSE, policyVersion: 'v1' }, new Date(deps.clock.now().getTime() + 60_000));
    const viewed = await viewOptOut(deps, key, token, 'es;q=0.9,fr;q=0.8');
    expect(viewed).toMatchObject({ ok: true, value: { language: 'es', setting: 'Use my data for training', description: 'Training models' } });
    const french = await viewOptOut(deps, key, token, 'fr');
    expect(french).toMatchObject({ ok: true, value: { language: 'fr', setting: FRENCH.purposes[PURPOSE].setting, description: FRENCH.purposes[PURPOSE].description } });
  });

  it('the notice email: the policy\'s texts in the member\'s language inside sentences of that language', async () => {
    const deps = await world();
    const [policy] = await deps.policies.all();
    const links = { links: { publicBaseUrl: 'https://ledger.example', ttlDays: 30 }, linkKey: new Uint8Array(32).fill(2) };
    const recipient = { memberId: 'm', email: 'm@example.com', locale: 'fr-FR', purposes: [{ purpose: PURPOSE, regime: 'opt_out' as const, legalBasis: 'legitimate_interest' as const }], attempt: 0 };
    const { data } = await renderRecipientEmail(links, policy!, recipient, deps.clock.now());
    expect(data.text).toContain('«\u00a0Utiliser mes données pour l’entraînement\u00a0»');
    expect(data.text).toContain('pour entraîner des modèles');
    expect(data.text).toContain('Ce qui change');
    expect(data.text).not.toMatch(/Use my data|Training models|What changes/);
  });
});
