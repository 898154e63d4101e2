// Signing in and out in headless Chromium, through the local stack's real OpenID provider on
// localhost (the service is on 127.0.0.1: the return trip is cross-site, as in production): a
// member and an administrator sign in on the provider's page; a forged redirect back (another
// state) and a replayed code are refused; an expired session signs in again and lands on the page
// asked for; sign-out clears the session, and the provider's.
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, createMember, token, uniqueMemberId } from '../integration/api-client.ts';
import { cookiesOf, redirectBackFrom } from '../support/provider-sign-in.ts';
import { expectAccessible, launchBrowser, newContext, PROVIDER_PAGE, screenshot, signIn, text } from './fixtures.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const sessionCookie = async (context: BrowserContext) => (await context.cookies(baseUrl())).find((cookie) => cookie.name === 'cl_session');

/**
 * A new member and a fresh browser (no session here, none at the provider); `csp`: one that
 * enforces every page's CSP; `acceptLanguage`: the languages it asks for.
 */
async function visitor(prefix: string, options: { csp?: boolean; acceptLanguage?: string } = {}) {
  const memberId = uniqueMemberId(prefix);
  await createMember(memberId, { country: 'US', subdivision: 'US-TX' });
  const context = await newContext(browser, options);
  return { memberId, context, page: await context.newPage() };
}

/** The provider's redirect back, as the browser is about to follow it, with the cookies the browser sends. */
function recordCallback(page: Page): Promise<{ url: string; cookie: string }> {
  return new Promise((resolve) => {
    const seen = async (request: Request) => {
      if (!request.url().startsWith(`${baseUrl()}/sign-in/callback`)) return;
      page.off('request', seen);
      resolve({ url: request.url(), cookie: (await request.headerValue('cookie')) ?? '' });
    };
    page.on('request', seen);
  });
}

/**
 * A sign-in as a client without a browser goes through it, stopping short of the redirect back:
 * the callback address (an unredeemed code and its state) and the transaction cookie it belongs to.
 */
async function redirectBackWithoutFollowing(memberId: string): Promise<{ callback: string; transaction: string }> {
  const started = await fetch(`${baseUrl()}/sign-in`, { redirect: 'manual' });
  const transaction = cookiesOf(started).find((pair) => pair.startsWith('cl_signin='))!;
  return { callback: await redirectBackFrom(started.headers.get('location')!, baseUrl(), { member: memberId }), transaction };
}

describe('signing in through the identity provider', () => {
  it('a member: the page asked for sends the browser to the provider\'s page on another site, and back to it signed in, with an HttpOnly Strict session (every CSP enforced)', async () => {
    const { memberId, context, page } = await visitor('e2e-signin', { csp: true });
    const asked = `${baseUrl()}/settings?older=5.genai-training`;
    const first = await page.goto(asked);
    await page.waitForURL(PROVIDER_PAGE);
    expect(new URL(page.url()).hostname).toBe('localhost');
    expect(new URL(baseUrl()).hostname).toBe('127.0.0.1');
    expect(first?.status()).toBe(200);
    // The transaction cookie, on its way to the callback only, Lax so the cross-site return carries it.
    expect((await context.cookies(`${baseUrl()}/sign-in/callback`)).find((cookie) => cookie.name === 'cl_signin')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/sign-in/callback' });

    await page.fill('#member', memberId);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(asked);
    expect(await text(page, 'header')).toContain(`Signed in as ${memberId}`);
    expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect((await context.cookies(`${baseUrl()}/sign-in/callback`)).find((cookie) => cookie.name === 'cl_signin')).toBeUndefined();
    await context.close();
  });

  it('an administrator: the admin box grants the admin scope, and the dashboard opens', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/admin`);
    await page.waitForURL(PROVIDER_PAGE);
    await screenshot(page, 'sign-in-provider');
    await expectAccessible(page, 'the local provider\'s sign-in page');
    await page.fill('#member', 'e2e-signin-ops');
    await page.check('#admin');
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${baseUrl()}/admin`);
    expect(await text(page, 'header')).toContain('Signed in as e2e-signin-ops');
    expect(await text(page, 'h1')).toContain('dashboard');
    await context.close();
  });

  it('cancelled at the provider, in a browser asking for French: refused with 401 in French (the provider\'s own code as a technical detail), nothing signed in', async () => {
    const { context, page } = await visitor('e2e-cancel', { acceptLanguage: 'fr-FR,fr;q=0.9' });
    await page.goto(`${baseUrl()}/settings`);
    await page.waitForURL(PROVIDER_PAGE);
    const [answer] = await Promise.all([page.waitForResponse((response) => response.url().startsWith(`${baseUrl()}/sign-in/callback`)), page.click('button:has-text("Cancel")')]);
    expect(answer.status()).toBe(401);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await text(page, 'h1')).toBe('La connexion n’a pas abouti');
    expect(await text(page)).toContain('Votre fournisseur d’identité n’a pas ouvert de session');
    expect(await text(page, 'span[lang="en"]')).toContain('did not sign you in (access_denied)');
    expect(await text(page, 'a[href^="/sign-in?next="]')).toBe('Se reconnecter');
    expect(await sessionCookie(context)).toBeUndefined();
    await expectAccessible(page, 'sign-in refused, in French');
    // Where sign-out lands (the sign-out test enforces every CSP, so it cannot run axe).
    await page.goto(`${baseUrl()}/signed-out`);
    expect(await text(page, 'h1')).toBe('Déconnexion effectuée');
    await expectAccessible(page, 'signed out');
    await context.close();
  });
});

describe('the redirect back is checked', () => {
  it('a forged one, another browser\'s redirect back (its code, its state), is refused before its code is redeemed (login CSRF)', async () => {
    const attacker = await redirectBackWithoutFollowing(uniqueMemberId('e2e-attacker'));
    const { context, page } = await visitor('e2e-forged');
    // The victim's browser has a sign-in of its own under way.
    await page.goto(`${baseUrl()}/settings`);
    await page.waitForURL(PROVIDER_PAGE);
    const answer = await page.goto(attacker.callback);
    expect(answer?.status()).toBe(400);
    expect(await text(page)).toContain('another state');
    await screenshot(page, 'sign-in-refused');
    await expectAccessible(page, 'sign-in refused');
    expect(await sessionCookie(context)).toBeUndefined();
    // Refused before redeeming: the code still signs in the browser it was issued to.
    const own = await call('GET', attacker.callback.slice(baseUrl().length), { headers: { cookie: attacker.transaction } });
    expect(own.status).toBe(200);
    await context.close();
  });

  it('a replayed one is refused: in the same browser (its sign-in is used up), and with the transaction cookie copied (the provider refuses the code again)', async () => {
    const { memberId, context, page } = await visitor('e2e-replay');
    const callback = recordCallback(page);
    await signIn(page, baseUrl(), memberId, '/settings');
    const { url, cookie } = await callback;
    const replay = url.slice(baseUrl().length);

    const again = await page.goto(url);
    expect(again?.status()).toBe(400);
    expect(await text(page)).toContain('No sign-in was started in this browser');

    const transaction = cookie.split(/;\s*/).find((pair) => pair.startsWith('cl_signin='));
    expect(transaction).toBeDefined();
    const copied = await call('GET', replay, { headers: { cookie: transaction! } });
    expect(copied.status).toBe(400);
    expect(copied.body.errors).toEqual([expect.objectContaining({ field: 'query.code', rule: 'code_refused' })]);
    expect(copied.headers.getSetCookie().some((set) => set.startsWith('cl_session=ey'))).toBe(false);
    await context.close();
  });
});

describe('an expired session', () => {
  it('goes through the provider again, which knows the browser, and lands on the page asked for', async () => {
    const { memberId, context, page } = await visitor('e2e-expired');
    await signIn(page, baseUrl(), memberId, '/settings');
    // As the browser would hold it had the token expired with the cookie still kept.
    const expired = await token({ sub: memberId, expiresInSeconds: -60 });
    await context.addCookies([{ name: 'cl_session', value: expired, url: baseUrl(), httpOnly: true, sameSite: 'Strict' }]);
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));

    const asked = `${baseUrl()}/settings?older=3.genai-training`;
    await page.goto(asked);
    await page.waitForURL(asked);
    expect(await text(page, 'header')).toContain(`Signed in as ${memberId}`);
    // Through sign-in and the provider, without its page: its session still stands.
    expect(visited.some((url) => url.startsWith(`${baseUrl()}/sign-in/callback`))).toBe(true);
    expect(visited.some((url) => PROVIDER_PAGE.test(url))).toBe(false);
    expect((await sessionCookie(context))?.value).not.toBe(expired);
    await context.close();
  });
});

describe('signing out', () => {
  it('clears the session and, through the provider\'s RP-initiated logout, the provider\'s: the next visit asks who you are (every CSP enforced)', async () => {
    const { memberId, context, page } = await visitor('e2e-signout', { csp: true });
    await signIn(page, baseUrl(), memberId, '/settings');
    await page.click('header button:has-text("Sign out")');
    expect(await sessionCookie(context)).toBeUndefined();
    await page.waitForURL(/^http:\/\/localhost:\d+\/session\/end/);
    await screenshot(page, 'sign-out-provider');
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(`${baseUrl()}/signed-out`);
    expect(await text(page)).toContain('You are signed out');

    await page.goto(`${baseUrl()}/settings`);
    await page.waitForURL(PROVIDER_PAGE);
    expect(await page.inputValue('#member')).toBe('');
    await context.close();
  });
});
