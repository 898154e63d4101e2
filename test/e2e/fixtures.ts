// What the browser tests share: the policy version they publish, a headless Chromium, sign-in
// through the local identity provider, screenshots and the accessibility scan.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import type { LocaleTranslation } from '../../lib/domain/policy-texts.ts';
import { resolveLocale } from '../../lib/email/messages.ts';
import { wordsFor } from '../../lib/web/pages/words/words.ts';
import { PROJECT_ROOT } from '../../infra/paths.ts';

export const POLICY_ID = 'e2e-gpc';

/** In force from `effectiveAt` on: opt-out everywhere, and California honours GPC. */
export const E2E_POLICY = (announcedAt: Date, effectiveAt: Date): PolicyVersion => ({
  id: POLICY_ID,
  announcedAt: announcedAt.toISOString(),
  effectiveAt: effectiveAt.toISOString(),
  summary: 'Test version: as 2025-11-03, and a Global Privacy Control signal counts as an opt-out in California.',
  purposes: {
    'genai-training': {
      description: 'Training content-generating AI models',
      setting: 'Use my data for training generative AI models',
      default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
      rules: { 'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true } },
      minimumAge: 18,
    },
  },
});

/** Its French texts, added as a translation once it is stored (as the reference versions' are). */
export const E2E_FRENCH: LocaleTranslation = {
  locale: 'fr',
  texts: {
    summary: 'Version de test\u00a0: comme 2025-11-03, et un signal Global Privacy Control vaut désactivation en Californie.',
    purposes: {
      'genai-training': {
        description: 'Entraîner des modèles d’IA qui génèrent du contenu',
        setting: 'Utiliser mes données pour entraîner des modèles d’IA générative',
      },
    },
  },
};

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. Without the background-networking flags Chromium keeps reaching
 * for Google services, which this machine's closed network makes it wait on. Playwright gives
 * every launch a fresh temporary profile (user data dir) of its own.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A context as a browser would be. axe is injected as a script, so the page's CSP is bypassed for
 * it, unless `csp: true` (no axe scan then): a browser that enforces every page's CSP.
 * `gpc: true` is a browser that sends Sec-GPC and exposes navigator.globalPrivacyControl;
 * 'script-only' one that only exposes the property (some extensions do). `acceptLanguage`: the
 * languages the browser asks for, as its Accept-Language header.
 */
export function newContext(browser: Browser, options: { gpc?: boolean | 'script-only'; csp?: boolean; acceptLanguage?: string } = {}): Promise<BrowserContext> {
  const headers = {
    ...(options.gpc === true ? { 'Sec-GPC': '1' } : {}),
    ...(options.acceptLanguage === undefined ? {} : { 'Accept-Language': options.acceptLanguage }),
  };
  return browser
    .newContext({
      bypassCSP: !options.csp,
      viewport: { width: 1100, height: 900 },
      ...(Object.keys(headers).length > 0 ? { extraHTTPHeaders: headers } : {}),
    })
    .then(async (context) => {
      // What a GPC-enabled browser exposes to scripts too.
      if (options.gpc) await context.addInitScript('Object.defineProperty(navigator, "globalPrivacyControl", { get: () => true })');
      return context;
    });
}

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page: no serious or critical violation of WCAG 2 A/AA rules or best practices. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)')) as AxeViolation[];
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${what}: serious accessibility violations`).toEqual([]);
}

/** The local identity provider's sign-in page (infra/local/identity-provider.ts): its address. */
export const PROVIDER_PAGE = /^http:\/\/localhost:\d+\/interaction\//;

/**
 * Signs in as a browser does: `path` sends it through /sign-in to the local identity provider,
 * whose page takes the member id (and, for an administrator, the admin box); then back on `path`
 * (whose page may add a query of its own, as the GPC probe does).
 */
export async function signIn(page: Page, baseUrl: string, memberId: string, path: string, options: { admin?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(PROVIDER_PAGE);
  await page.fill('#member', memberId);
  if (options.admin) await page.check('#admin');
  await page.click('button:has-text("Sign in")');
  const asked = new URL(`${baseUrl}${path}`);
  await page.waitForURL((url) => url.origin === asked.origin && url.pathname === asked.pathname);
  // The header says who is signed in, in the page's language (the member's, or the browser's).
  const language = resolveLocale(await page.getAttribute('html', 'lang'));
  expect(await text(page, 'header')).toContain(wordsFor(language).signedInAs.replace('{who}', memberId));
}

/** The visible text of the page, whitespace collapsed. */
export async function text(page: Page, selector = 'main'): Promise<string> {
  return ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
}
