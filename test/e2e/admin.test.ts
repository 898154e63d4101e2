// The admin dashboard and the opt-out link pages in headless Chromium: a running notice campaign
// followed to done on its live view, the one-click opt-out from an email found in the SES
// emulator's store, the dashboard's eligibility chart and member lookup, and accessibility scans.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminToken, baseUrl, call, memberToken, pipelineToken, PURPOSE, uniqueMemberId } from '../integration/api-client.ts';
import { expectAccessible, launchBrowser, newContext, POLICY_ID, PROVIDER_PAGE, screenshot, signIn, text } from './fixtures.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const prefix = uniqueMemberId('e2e-admin');
/** Enough members that, at the paced send rate, the campaign is seen running before it is done. */
const MEMBERS = Array.from({ length: 45 }, (_, i) => ({
  id: `${prefix}-${i}`,
  country: ['US', 'FR', 'GB', 'BR', 'JP'][i % 5]!,
  ...(i % 9 === 4 ? { birthDate: '2012-06-01' } : {}),
}));
const optOutMember = MEMBERS[0]!;
const emailOf = (id: string) => `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`;

beforeAll(async () => {
  const admin = await adminToken();
  for (let i = 0; i < MEMBERS.length; i += 15) {
    await Promise.all(
      MEMBERS.slice(i, i + 15).map(async ({ id, ...profile }) => {
        const response = await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: emailOf(id), ...profile } });
        expect(response.status).toBe(201);
      }),
    );
  }
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await context.newPage();
  await signIn(page, baseUrl(), 'e2e-ops', '/admin', { admin: true });
});

afterAll(async () => {
  await browser?.close();
});

interface StoredEmail {
  destination: { to: string[] };
  body: { text: string; html: string };
}

async function emailTo(address: string): Promise<StoredEmail | undefined> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.find((email) => email.destination.to.includes(address));
}

describe('a notice campaign', () => {
  it('is seen running on its live view, and advancing to done', async () => {
    const started = await call('POST', `/v1/policies/${POLICY_ID}/notices`, { token: await adminToken() });
    expect(started.status).toBe(202);
    await page.goto(`${baseUrl()}/admin/notices/${POLICY_ID}`);
    expect(await text(page, '#campaign-status')).toContain('running');
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await page.isVisible('#pause')).toBe(true);
    await screenshot(page, 'admin-campaign-running');
    await expectAccessible(page, 'campaign live view');

    // The page's script fetches it again every 2 s and swaps in the figures, until done; the
    // figures seen on the way only grow.
    const handled = async () => (await page.locator('#campaign-progress tbody td').allTextContents()).map((cell) => Number(cell.replace(/\D/g, '')));
    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    while (!(await text(page, '#campaign-status')).includes('done')) {
      expect(Date.now(), 'campaign done within 60 s').toBeLessThan(deadline);
      const [, sent = 0] = await handled();
      if (seen.at(-1) !== sent) seen.push(sent);
      if (seen.length === 2) await screenshot(page, 'admin-campaign-advancing');
      await page.waitForTimeout(250);
    }
    const final = (await handled())[1]!;
    expect([...seen, final]).toEqual([...seen, final].toSorted((a, b) => a - b));
    expect(final).toBeGreaterThan(seen[0] ?? 0);
    expect(await page.isVisible('#pause')).toBe(false);
    const cells = (await page.locator('#campaign-progress tbody td').allTextContents()).map((cell) => Number(cell.replace(/\D/g, '')));
    const [targeted, sent, failed, queued] = cells as [number, number, number, number];
    expect(targeted).toBeGreaterThanOrEqual(MEMBERS.filter((m) => !m.birthDate).length);
    expect(sent + failed).toBe(targeted - cells[4]!);
    expect(failed).toBe(0);
    expect(queued).toBe(0);
    expect(await text(page, '#dlq')).toContain('fan-out 0, notices 0');
    await screenshot(page, 'admin-campaign-done');
  });

  it('emails a link whose page opts the member out with one button, and says so', async () => {
    const email = await emailTo(emailOf(optOutMember.id));
    expect(email, 'the notice email in the SES emulator store').toBeDefined();
    const link = /https?:\/\/\S+\/v1\/opt-out\?token=[\w.%-]+/.exec(email!.body.text)?.[0];
    expect(link).toBeDefined();

    const member = await newContext(browser);
    const optOut = await member.newPage();
    const shown = await optOut.goto(link!);
    expect(shown?.status()).toBe(200);
    expect(await text(optOut)).toContain('not retroactive');
    await screenshot(optOut, 'opt-out-link');
    await expectAccessible(optOut, 'opt-out link page');
    // Opening the link changed nothing.
    const before = await call('GET', `/v1/members/${optOutMember.id}/consents/${PURPOSE}/history`, { token: await memberToken(optOutMember.id) });
    expect(before.body.items).toEqual([]);

    await optOut.click('button[type=submit]');
    expect(await text(optOut)).toContain("is now off since");
    await screenshot(optOut, 'opt-out-done');
    await expectAccessible(optOut, 'opt-out confirmation page');
    const after = await call('GET', `/v1/members/${optOutMember.id}/consents/${PURPOSE}/history`, { token: await memberToken(optOutMember.id) });
    expect(after.body.items).toMatchObject([{ choice: 'denied', source: 'email_link' }]);

    const tampered = await optOut.goto(`${link!.slice(0, -4)}AAAA`);
    expect(tampered?.status()).toBe(400);
    expect(await text(optOut)).toContain('Nothing was changed');
    await screenshot(optOut, 'opt-out-error');
    await member.close();
  });
});

describe('the dashboard', () => {
  it('shows the policy timeline, campaigns with DLQ depth, eligibility by jurisdiction and reason, and one member explained', async () => {
    await page.goto(`${baseUrl()}/admin`);
    const timeline = await text(page, 'section[aria-labelledby="timeline-title"]');
    expect(timeline).toContain('2024-11-20');
    expect(timeline).toContain('2025-11-03');
    expect(timeline).toMatch(/e2e-gpc.*In force/);
    expect(await text(page, 'section[aria-labelledby="campaigns-title"]')).toMatch(/e2e-gpc\s*Done/);

    // The chart as of a moment in 2025: the EU, the UK and others were excluded then.
    await page.fill('#at', '2025-01-01T00:00');
    await page.click('section[aria-labelledby="chart-title"] button[type=submit]');
    expect(page.url()).toContain('at=2025-01-01T00%3A00');
    const chart = await text(page, '#eligibility-chart');
    expect(chart).toContain('excluded_jurisdiction');
    expect(chart).toContain('minor');
    const france = await page.locator('#eligibility-chart tbody tr:has(th:text-is("FR")) td').allTextContents();
    expect(Number(france[0])).toBeGreaterThanOrEqual(9);
    expect(france[1]).toBe('0 (0%)');
    expect(await text(page, 'section[aria-labelledby="chart-title"]')).toMatch(/over all \d+ members/);

    await page.fill('#member', optOutMember.id);
    await page.click('section[aria-labelledby="lookup-title"] button[type=submit]');
    const lookup = await text(page, '#lookup-result');
    // As of 2025-01-01 (the chosen time is kept): the later opt-out is not retroactive.
    expect(lookup).toContain('default_opt_in');
    expect(lookup).toContain('Under version 2024-11-20');
    await screenshot(page, 'admin-dashboard');
    await expectAccessible(page, 'admin dashboard');

    // Now, the opt-out made from the email link decides.
    await page.goto(`${baseUrl()}/admin?member=${encodeURIComponent(optOutMember.id)}`);
    expect(await text(page, '#lookup-result')).toContain('opted_out');
  });

  it('lists the training runs registered through the API, newest first', async () => {
    const names = [`${prefix}-run-a`, `${prefix}-run-<b>`];
    const first = await call('POST', '/v1/training-runs', { token: await pipelineToken(), body: { purpose: PURPOSE, snapshotAt: '2025-06-01T00:00:00Z', name: names[0], model: 'writer-7b', dataset: 'posts-2025' } });
    expect(first.status).toBe(201);
    const second = await call('POST', '/v1/training-runs', { token: await adminToken(), body: { purpose: PURPOSE, snapshotAt: '2025-07-01T12:00:00Z', name: names[1] } });
    expect(second.status).toBe(201);

    await page.goto(`${baseUrl()}/admin`);
    const rows = page.locator('#training-runs tbody tr');
    const newest = await rows.nth(0).locator('td, th').allTextContents();
    expect(newest).toEqual([names[1], PURPOSE, '1 Jul 2025, 12:00 UTC', expect.stringMatching(/UTC$/), 'test-admin', '—', '—']);
    const next = await rows.nth(1).locator('td, th').allTextContents();
    expect(next).toEqual([names[0], PURPOSE, '1 Jun 2025, 00:00 UTC', expect.stringMatching(/UTC$/), 'training-pipeline', 'writer-7b', 'posts-2025']);
    await screenshot(page, 'admin-training-runs');
    await expectAccessible(page, 'admin dashboard with training runs');
  });

  it('is for administrators only: the same sign-in without the admin box', async () => {
    const memberContext = await newContext(browser);
    const memberPage = await memberContext.newPage();
    await memberPage.goto(`${baseUrl()}/admin`);
    await memberPage.waitForURL(PROVIDER_PAGE);
    await memberPage.fill('#member', optOutMember.id);
    await memberPage.click('button:has-text("Sign in")');
    await memberPage.waitForURL(`${baseUrl()}/admin`);
    expect(await text(memberPage)).toContain('Administrators only');
    await memberContext.close();
  });
});
