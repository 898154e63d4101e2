// Texts per language on the local stack: PUT /v1/policies/{id}/texts/{locale} records a
// language once and never changes it, the reference versions carry their French, German and
// Spanish texts from the bootstrap, and the member's pages speak the member's language (profile
// first, then Accept-Language) with the policy's texts in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { adminToken, baseUrl, call, createMember, memberToken, pageSession, PURPOSE, uniqueMemberId } from './api-client.ts';

/** A version of this file's own, far in the future so it never comes into force on the shared stack. */
const policyId = `texts-${process.pid}-${Date.now().toString(36)}`;
const effectiveAt = new Date(Date.UTC(2090, 0, 1) + Math.floor(Math.random() * 1e10)).toISOString();
const body = {
  announcedAt: effectiveAt,
  effectiveAt,
  summary: 'What changes',
  purposes: { [PURPOSE]: { setting: 'Use my data for training', description: 'Training models', default: { regime: 'opt_out', legalBasis: 'legitimate_interest' }, rules: {}, minimumAge: 18 } },
};
const french = { summary: 'Ce qui change', purposes: { [PURPOSE]: { setting: 'Utiliser mes données pour l’entraînement', description: 'Entraîner des modèles' } } };
const texts = (locale: string) => `/v1/policies/${policyId}/texts/${locale}`;

describe('PUT /v1/policies/{policyId}/texts/{locale}', () => {
  it('records a language once: 201, the same texts again 200, other texts 409; read merged into the version', async () => {
    const admin = await adminToken();
    expect((await call('PUT', `/v1/policies/${policyId}`, { token: admin, body })).status).toBe(201);

    const created = await call('PUT', texts('fr'), { token: admin, body: french });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ policyId, locale: 'fr', ...french, recordedBy: 'test-admin' });

    const again = await call('PUT', texts('fr'), { token: admin, body: french });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);

    const changed = await call('PUT', texts('fr'), { token: admin, body: { ...french, summary: 'Autre chose' } });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');

    // A tag in any case is the same language; its canonical form is kept.
    const canadian = await call('PUT', texts('FR-ca'), { token: admin, body: { summary: 'Ce qui change au Canada' } });
    expect(canadian.status).toBe(201);
    expect(canadian.body.locale).toBe('fr-CA');

    const read = await call('GET', `/v1/policies/${policyId}`, { token: admin });
    expect(read.body.summary).toEqual({ en: 'What changes', fr: 'Ce qui change', 'fr-CA': 'Ce qui change au Canada' });
    expect(read.body.purposes[PURPOSE].setting).toEqual({ en: 'Use my data for training', fr: french.purposes[PURPOSE].setting });
    // The version itself is unchanged: a replay of its body is still the same version.
    expect((await call('PUT', `/v1/policies/${policyId}`, { token: admin, body })).status).toBe(200);
  });

  it('refuses bad input with the field and the rule, and writes nothing', async () => {
    const admin = await adminToken();
    const cases: [string, string, unknown, number, string, string][] = [
      ['a locale that is not a language tag', texts('french'), french, 400, 'path.locale', 'language_tag'],
      ['no text', texts('de'), {}, 400, 'body', 'min_properties'],
      ['a field a translation cannot hold', texts('de'), { summary: 'Was sich ändert', minimumAge: 16 }, 400, 'body.minimumAge', 'unknown_field'],
      ['a purpose the version does not define', texts('de'), { purposes: { ads: { setting: 'Werbung' } } }, 422, 'body.purposes.ads', 'known_purpose'],
    ];
    for (const [name, path, sent, status, field, rule] of cases) {
      const refused = await call('PUT', path, { token: admin, body: sent });
      expect(refused.status, name).toBe(status);
      expect(refused.body.errors, name).toEqual([expect.objectContaining({ field, rule })]);
    }
    expect((await call('PUT', '/v1/policies/never-published/texts/de', { token: admin, body: { summary: 'x' } })).status).toBe(404);
    expect((await call('GET', `/v1/policies/${policyId}`, { token: admin })).body.summary).not.toHaveProperty('de');
  });

  it('finds the reference versions in four languages: the bootstrap added their translations', async () => {
    const admin = await adminToken();
    for (const policy of REFERENCE_POLICIES) {
      const read = await call('GET', `/v1/policies/${policy.id}`, { token: admin });
      expect(Object.keys(read.body.summary).sort()).toEqual(['de', 'en', 'es', 'fr']);
      expect(Object.keys(read.body.purposes[PURPOSE].setting).sort()).toEqual(['de', 'en', 'es', 'fr']);
      // Sending a shipped translation again records nothing.
      const { texts: shipped } = REFERENCE_TRANSLATIONS.find((translation) => translation.policyId === policy.id && translation.locale === 'es')!;
      expect((await call('PUT', `/v1/policies/${policy.id}/texts/es`, { token: admin, body: shipped })).status).toBe(200);
    }
  });
});

describe('the member\'s pages in the member\'s language', () => {
  const [, latest] = REFERENCE_POLICIES;
  const frenchTexts = REFERENCE_TRANSLATIONS.find((translation) => translation.policyId === latest!.id && translation.locale === 'fr')!.texts;
  const frenchSetting = frenchTexts.purposes![PURPOSE]!.setting!;
  const settingsPage = async (memberId: string, acceptLanguage: string) =>
    call('GET', '/settings', { token: await memberToken(memberId), headers: { accept: 'text/html', 'accept-language': acceptLanguage } });

  it('the settings page: Accept-Language for a member without a locale, the profile\'s locale over it', async () => {
    const browserOnly = uniqueMemberId('texts-fr');
    await createMember(browserOnly, { country: 'FR' });
    const page = await settingsPage(browserOnly, 'fr-FR,fr;q=0.9,en;q=0.5');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/^<!DOCTYPE html>\n<html lang="fr"/);
    expect(page.text).toContain('Vos données et l’entraînement de l’IA');
    expect(page.text).toContain(frenchSetting);
    expect(page.text).not.toContain('Use my data for training');

    const german = uniqueMemberId('texts-de');
    await createMember(german, { country: 'AT', locale: 'de-AT' });
    const germanPage = await settingsPage(german, 'fr');
    expect(germanPage.text).toMatch(/<html lang="de"/);
    expect(germanPage.text).toContain('Ihre Daten und KI-Training');
  });

  it('the pages of signing in and out, and the opt-out link page', async () => {
    // Before anyone is signed in, the browser's language: a return trip without a sign-in started, and signed out.
    const spanish = { accept: 'text/html', 'accept-language': 'es-MX,es;q=0.9' };
    const refused = await call('GET', '/sign-in/callback?code=c&state=s', { headers: spanish });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/<html lang="es"/);
    expect(refused.text).toContain('<h1>No se ha completado el inicio de sesión</h1>');
    expect(refused.text).toContain('Volver a iniciar sesión');
    const signedOut = await call('GET', '/signed-out', { headers: spanish });
    expect(signedOut.text).toMatch(/<html lang="es"/);
    expect(signedOut.text).toContain('<h1>Sesión cerrada</h1>');
    // Signing out, the signed-in member's: their profile's language before the browser's.
    const german = uniqueMemberId('texts-out');
    await createMember(german, { country: 'DE', locale: 'de-DE' });
    const signingOut = await call('POST', '/sign-out', {
      rawBody: '',
      headers: { ...spanish, cookie: await pageSession(german), origin: baseUrl(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signingOut.status).toBe(200);
    expect(signingOut.text).toMatch(/<html lang="de"/);
    expect(signingOut.text).toContain('<h1>Abmeldung läuft</h1>');

    const memberId = uniqueMemberId('texts-link');
    await createMember(memberId, { country: 'FR', locale: 'fr-FR' });
    const key = new Uint8Array(Buffer.from(readFileSync(join(inject('stateDir'), 'keys', 'link-signing.key'), 'utf8'), 'base64'));
    const token = await signLinkToken(key, { memberId, purpose: PURPOSE, policyVersion: latest!.id }, new Date(Date.now() + 3_600_000));
    const optOut = await call('GET', `/v1/opt-out?token=${encodeURIComponent(token)}`, { headers: { 'accept-language': 'de' } });
    expect(optOut.status).toBe(200);
    expect(optOut.text).toMatch(/<html lang="fr"/);
    expect(optOut.text).toContain(frenchSetting);

    const broken = await call('GET', '/v1/opt-out?token=broken', { headers: { 'accept-language': 'de' } });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('Dieser Link ist ungültig');
  });
});
