// The member's settings page in headless Chromium: toggle off and on and watch the history grow,
// a stale page refused, Global Privacy Control on and off, the record downloaded, erasing one's
// data, the page in French, and an accessibility scan. Signing in and out: sign-in.test.ts.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, createMember, memberToken, PURPOSE, uniqueMemberId } from '../integration/api-client.ts';
import { E2E_FRENCH, expectAccessible, launchBrowser, newContext, PROVIDER_PAGE, screenshot, signIn, text } from './fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function history(memberId: string) {
  const response = await call('GET', `/v1/members/${memberId}/consents/${PURPOSE}/history`, { token: await memberToken(memberId) });
  expect(response.status).toBe(200);
  return response.body.items as { choice: string; source: string }[];
}

/** A new member with `profile`, signed in on the settings page of a fresh browser context. */
async function signedInMember(prefix: string, profile: Record<string, unknown>, options: { gpc?: boolean | 'script-only'; acceptLanguage?: string } = {}) {
  const memberId = uniqueMemberId(prefix);
  await createMember(memberId, profile);
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, baseUrl(), memberId, '/settings');
  return { memberId, context, page };
}

const historyRows = (page: import('playwright-core').Page) => page.locator('table[id$="-history"] tbody tr').count();

describe('a long history', () => {
  it('shows the latest ten choices and pages back to the first through "Show older choices"', async () => {
    const { memberId, context, page } = await signedInMember('e2e-long', { country: 'US' });
    const token = await memberToken(memberId);
    const choices = Array.from({ length: 45 }, (_, i) => (i % 2 ? 'granted' : 'denied'));
    for (const choice of choices) {
      const response = await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token, body: { choice } });
      expect(response.status).toBe(200);
    }
    await page.goto(`${baseUrl()}/settings`);
    expect(await historyRows(page)).toBe(10);
    expect(await text(page, 'caption')).toContain('10 of 45');
    let shown = 10;
    while (await page.locator('a:has-text("Show older choices")').count()) {
      await page.click('a:has-text("Show older choices")');
      shown += await historyRows(page);
    }
    expect(shown).toBe(45);
    // The last page back holds the first choices made: five, the oldest a "turned off".
    expect(await historyRows(page)).toBe(5);
    expect(await text(page, 'table[id$="-history"] tbody tr:last-child')).toContain('Turned off');
    await expectAccessible(page, 'settings page, older choices');
    await context.close();
  }, 60_000);
});

describe('the toggle', () => {
  it('turns the setting off and on again; each choice is saved with If-Match and the history grows', async () => {
    const { memberId, context, page } = await signedInMember('e2e-toggle', { country: 'FR' });
    const before = await text(page);
    expect(before).toContain('Use my data for training generative AI models');
    expect(before).toMatch(/On by default in your region since \d+ \w+ \d{4}/);
    expect(before).toContain('Turning it off is not retroactive');
    expect(before).toContain('Policy version e2e-gpc');
    expect(before).toContain('You have not made a choice yet.');
    // No run pinned before this member existed can have used their data.
    expect(await text(page, 'h3#p0-runs-title')).toBe('Training runs that were allowed to use your data');
    expect(await text(page, '#p0-runs-none')).toBe('None so far.');
    expect(before).toContain('Turning it off does not remove your data from runs that already used it');
    await screenshot(page, 'settings-default');
    await expectAccessible(page, 'settings page');

    await page.click('button:has-text("Turn off")');
    expect(page.url()).toBe(`${baseUrl()}/settings?saved=denied`);
    expect(await text(page)).toContain('Saved: you turned it off.');
    expect(await text(page)).toMatch(/Off: you turned it off on \d+ \w+ \d{4}/);
    expect(await historyRows(page)).toBe(1);
    await screenshot(page, 'settings-off');

    await page.click('button:has-text("Turn on")');
    expect(await text(page)).toMatch(/On: you turned it on on \d+ \w+ \d{4}/);
    expect(await historyRows(page)).toBe(2);
    await screenshot(page, 'settings-on-again');
    await expectAccessible(page, 'settings page with history');

    expect(await history(memberId)).toMatchObject([
      { choice: 'denied', source: 'settings' },
      { choice: 'granted', source: 'settings' },
    ]);
    await context.close();
  });

  it('refuses a page older than the latest choice: "changed elsewhere", nothing saved', async () => {
    const { memberId, context, page: first } = await signedInMember('e2e-stale', { country: 'US', subdivision: 'US-NY' });
    const second = await context.newPage();
    await second.goto(`${baseUrl()}/settings`);

    await first.click('button:has-text("Turn off")');
    const [response] = await Promise.all([second.waitForNavigation(), second.click('button:has-text("Turn off")')]);
    expect(response?.status()).toBe(409);
    const shown = await text(second);
    expect(shown).toContain('changed elsewhere');
    expect(shown).toMatch(/Off: you turned it off on/);
    await screenshot(second, 'settings-stale');
    expect(await history(memberId)).toHaveLength(1);
    await context.close();
  });
});

describe('"Download my record"', () => {
  it('downloads the consent record as a JSON file: the choice made on the page, and the page as the way to withdraw', async () => {
    const { memberId, context, page } = await signedInMember('e2e-record', { country: 'US', subdivision: 'US-TX' });
    await page.click('button:has-text("Turn off")');
    await expectAccessible(page, 'settings page with the record download');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download my record")')]);
    expect(download.suggestedFilename()).toBe('consent-record.json');
    const record = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(record).toMatchObject({
      piiPrincipalId: memberId,
      processing: [{ purpose: PURPOSE, jurisdiction: 'US-TX', legalBasis: 'legitimate_interest', withdrawalMethod: `${baseUrl()}/settings` }],
      events: [{ state: 'refused', type: 'explicitly_expressed', source: 'settings', purpose: PURPOSE, actor: memberId }],
    });
    // Still on the settings page: the download did not navigate away.
    expect(page.url()).toBe(`${baseUrl()}/settings?saved=denied`);
    await context.close();
  });
});

describe('Global Privacy Control', () => {
  it('where the rule honours it: says so, records denied (source gpc) once, and an explicit grant afterwards stands', async () => {
    const { memberId, context, page } = await signedInMember('e2e-gpc-ca', { country: 'US', subdivision: 'US-CA' }, { gpc: true });
    expect(await page.evaluate('navigator.globalPrivacyControl')).toBe(true);
    const shown = await text(page);
    expect(shown).toContain('Your browser sends a Global Privacy Control (GPC) signal. In your region it counts as turning this setting off');
    expect(shown).toContain("Off: your browser's Global Privacy Control signal turned it off on");
    await screenshot(page, 'settings-gpc-recorded');
    await expectAccessible(page, 'settings page with GPC');

    await page.reload();
    expect(await text(page)).toContain('This setting is already off.');
    expect(await history(memberId)).toMatchObject([{ choice: 'denied', source: 'gpc' }]);

    await page.click('button:has-text("Turn on")');
    await page.goto(`${baseUrl()}/settings`);
    expect(await text(page)).toContain('You turned this setting on after we recorded that signal, so your own choice stands.');
    expect(await history(memberId)).toMatchObject([
      { choice: 'denied', source: 'gpc' },
      { choice: 'granted', source: 'settings' },
    ]);
    await screenshot(page, 'settings-gpc-granted-after');
    await context.close();
  });

  it('shown only to scripts (navigator.globalPrivacyControl, no Sec-GPC): noticed and honoured alike', async () => {
    const { memberId, context, page } = await signedInMember('e2e-gpc-js', { country: 'US', subdivision: 'US-CA' }, { gpc: 'script-only' });
    await page.waitForURL(/[?&]gpc=1/);
    expect(await text(page)).toContain("Off: your browser's Global Privacy Control signal turned it off on");
    expect(await history(memberId)).toMatchObject([{ choice: 'denied', source: 'gpc' }]);
    await expectAccessible(page, 'settings page with GPC seen by script');
    await context.close();
  });

  it('where the rule does not honour it: says so and records nothing', async () => {
    const { memberId, context, page } = await signedInMember('e2e-gpc-tx', { country: 'US', subdivision: 'US-TX' }, { gpc: true });
    const shown = await text(page);
    expect(shown).toContain('does not treat it as turning this setting off');
    expect(shown).toContain('On by default in your region');
    expect(await history(memberId)).toEqual([]);
    await screenshot(page, 'settings-gpc-not-honoured');
    await context.close();
  });

  it('without the signal: nothing said, nothing recorded, even where it would be honoured', async () => {
    const { memberId, context, page } = await signedInMember('e2e-nogpc-ca', { country: 'US', subdivision: 'US-CA' });
    const shown = await text(page);
    expect(shown).not.toContain('Your browser sends');
    expect(shown).toContain('On by default in your region');
    expect(await history(memberId)).toEqual([]);
    await context.close();
  });
});

describe('in French', () => {
  it('a member without a locale whose browser asks for French gets the page, the policy\'s texts and the toggle in French', async () => {
    const { memberId, context, page } = await signedInMember('e2e-fr', { country: 'FR' }, { acceptLanguage: 'fr' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.title()).toBe('Vos paramètres · Consent Ledger');
    const shown = await text(page);
    expect(await text(page, 'h1')).toBe('Vos données et l’entraînement de l’IA');
    expect(shown).toContain(E2E_FRENCH.texts.purposes!['genai-training']!.setting!);
    expect(shown).toContain('Entraîner des modèles d’IA qui génèrent du contenu.');
    expect(shown).toMatch(/Activé par défaut dans votre région depuis le \d+ [a-zéû]+\.? \d{4}/);
    expect(shown).toContain('La désactivation n’est pas rétroactive');
    expect(shown).toContain('Version e2e-gpc de la politique');
    expect(shown).toContain('Vous n’avez encore fait aucun choix.');
    // Not a word of the English page around the French texts.
    expect(shown).not.toMatch(/\b(the|your|data|settings|turned|choice|training|since|policy)\b/i);
    await screenshot(page, 'settings-fr');
    await expectAccessible(page, 'French settings page');

    await page.click('button:has-text("Désactiver")');
    expect(page.url()).toBe(`${baseUrl()}/settings?saved=denied`);
    // text() reads the page's no-break spaces (before ":" in French) as spaces.
    expect(await text(page)).toContain('Enregistré : vous l’avez désactivé.');
    expect(await text(page)).toMatch(/Désactivé : vous l’avez désactivé le \d+/);
    expect(await text(page, 'table[id$="-history"] tbody tr')).toContain('Sur cette page');
    await screenshot(page, 'settings-fr-off');
    expect(await history(memberId)).toMatchObject([{ choice: 'denied', source: 'settings' }]);
    await context.close();
  });
});

describe('erasing one\'s data', () => {
  // The member's profile says French and the browser English: the pages ask in French (EFFACER),
  // the answer stays French though the erasure took the locale, and the erased account's page
  // after follows the browser.
  it('from a section set apart, through a confirmation page that needs the word typed, to a page saying it is done; signed out', async () => {
    const { memberId, context, page } = await signedInMember('e2e-erase', { country: 'US', birthDate: '1991-07-08', locale: 'fr-FR' }, { acceptLanguage: 'en-US,en;q=0.9' });
    expect(await text(page, 'section.danger h2')).toBe('Effacer mes données');
    await page.click('section.danger a:has-text("Effacer mes données")');
    expect(page.url()).toBe(`${baseUrl()}/settings/erase`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await text(page)).toContain('Cette action est irréversible');
    expect(await text(page, 'label[for="confirm"]')).toBe('Saisissez EFFACER pour confirmer');
    await screenshot(page, 'erase-confirm');
    await expectAccessible(page, 'erase confirmation page');

    // A wrong word: the form comes back, saying so next to the box, and nothing is erased.
    await page.fill('#confirm', 'oui');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Effacer mes données")')]);
    expect(refused?.status()).toBe(400);
    expect(await text(page, '#confirm-error')).toContain('Rien n’a été effacé.');
    await expectAccessible(page, 'erase confirmation, not confirmed');
    expect((await call('GET', `/v1/members/${memberId}`, { token: await memberToken(memberId) })).status).toBe(200);

    await page.fill('#confirm', 'effacer');
    const [done] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Effacer mes données")')]);
    expect(done?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await text(page, 'h1')).toBe('Vos données ont été effacées');
    expect(await text(page)).toContain('Votre session est fermée.');
    await screenshot(page, 'erase-done');
    await expectAccessible(page, 'erasure done');
    expect((await context.cookies()).find((cookie) => cookie.name === 'cl_session')).toBeUndefined();
    expect((await call('GET', `/v1/members/${memberId}`, { token: await memberToken(memberId) })).status).toBe(410);

    // Signed in again (through the provider, which still knows the browser, so without its page):
    // there is nothing left to set, said in the browser's language (the profile has none any more).
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    const [again] = await Promise.all([
      page.waitForResponse((response) => response.url() === `${baseUrl()}/settings` && response.status() !== 303),
      page.goto(`${baseUrl()}/settings`),
    ]);
    expect(visited.some((url) => url.startsWith(`${baseUrl()}/sign-in/callback`))).toBe(true);
    expect(visited.some((url) => PROVIDER_PAGE.test(url))).toBe(false);
    expect(again.status()).toBe(410);
    await page.waitForURL(`${baseUrl()}/settings`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, 'h1')).toBe('Your data was erased');
    await context.close();
  }, 60_000);
});
