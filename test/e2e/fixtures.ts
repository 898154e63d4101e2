// What the browser tests share: the policy version they publish, a headless Chromium, sign-in,
// screenshots and the accessibility scan.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import type { LocaleTranslation } from '../../lib/domain/policy-texts.ts';
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

/** A context as a browser would be; axe is injected as a script, so the page's CSP is bypassed for it. */
/**
 * `gpc: true` is a browser that sends Sec-GPC and exposes navigator.globalPrivacyControl;
 * 'script-only' one that only exposes the property (some extensions do). `acceptLanguage`: the
 * languages the browser asks for, as its Accept-Language header.
 */
export function newContext(browser: Browser, options: { gpc?: boolean | 'script-only'; acceptLanguage?: string } = {}): Promise<BrowserContext> {
  const headers = {
    ...(options.gpc === true ? { 'Sec-GPC': '1' } : {}),
    ...(options.acceptLanguage === undefined ? {} : { 'Accept-Language': options.acceptLanguage }),
  };
  return browser
    .newContext({
      bypassCSP: true,
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

/**
 * Signs in as a browser would, with `?token=` once: the page redirects and keeps a session cookie
 * (the token is gone from the address; the page itself may add a query, as the GPC probe does).
 */
export async function signIn(page: Page, baseUrl: string, token: string, path: '/settings' | '/admin'): Promise<void> {
  const response = await page.goto(`${baseUrl}${path}?token=${encodeURIComponent(token)}`);
  const url = new URL(page.url());
  expect(`${url.origin}${url.pathname}`).toBe(`${baseUrl}${path}`);
  expect(url.searchParams.has('token')).toBe(false);
  expect(response?.status()).toBe(200);
}

/** The visible text of the page, whitespace collapsed. */
export async function text(page: Page, selector = 'main'): Promise<string> {
  return ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();
}
