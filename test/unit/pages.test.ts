// The pages' rendering (every member- or admin-controlled string escaped, the right words and
// controls) and the session helpers (cookie, CSRF origin check, where sign-in may send you).
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../lib/domain/eligibility.ts';
import { clearedSessionCookie, cookieValue, isSameOrigin, looksLikeJwt, safeNext, sessionCookie } from '../../lib/web/pages/session.ts';
import { explainLookup, LIVE_SCRIPT, renderCampaign, renderDashboard } from '../../lib/web/pages/admin.ts';
import { contentSecurityPolicy, escapeHtml, renderPage } from '../../lib/web/pages/layout.ts';
import { GPC_PROBE_SCRIPT, nextChoice, renderErased, renderErasedAccount, renderEraseConfirm, renderMessagePage, renderSettings } from '../../lib/web/pages/member.ts';
import { CONTINUE_SCRIPT, renderContinue, renderSignedOut, renderSigningOut, renderSignInFailed } from '../../lib/web/pages/sign-in.ts';
import type { MemberLookup } from '../../lib/app/dashboard.ts';
import type { PurposeSettings, SettingsView } from '../../lib/app/settings.ts';
import type { Exposure } from '../../lib/app/training-runs.ts';
import type { TrainingRun } from '../../lib/domain/training-runs.ts';

const EVIL = '<script>alert("x")</script>&\'';
const ESCAPED = escapeHtml(EVIL);

function purposeSettings(overrides: Partial<PurposeSettings> = {}): PurposeSettings {
  return {
    purpose: 'genai-training',
    setting: 'Use my data for training generative AI models',
    description: 'Training models',
    consent: { memberId: 'm', purpose: 'genai-training', choice: null, eligible: true, reason: 'default_opt_in', policyVersion: 'v', updatedAt: null },
    etag: '"0"',
    history: [],
    historyTotal: overrides.history?.length ?? 0,
    state: { reason: 'default_opt_in', choice: null, choiceAt: null, regimeSince: '2025-11-03T00:00:00.000Z' },
    honorsGpc: false,
    gpc: 'no_signal',
    exposure: { items: [], more: false },
    ...overrides,
  };
}

const run = (overrides: Partial<TrainingRun> = {}): TrainingRun => ({
  runId: 'run-1',
  purpose: 'genai-training',
  snapshotAt: '2026-01-01T00:00:00.000Z',
  pinnedAt: '2026-01-02T09:30:00.000Z',
  name: 'nightly-2026-01-02',
  model: 'writer-7b',
  dataset: 'posts-2025',
  registeredBy: 'training-pipeline',
  ...overrides,
});
const exposed = (overrides: Partial<TrainingRun> = {}): Exposure => {
  const { registeredBy: _, ...rest } = run(overrides);
  return rest;
};

const view = (purposes: PurposeSettings[], memberId = 'alice'): SettingsView => ({
  memberId,
  language: 'en',
  policy: { id: '2025-11-03', effectiveAt: '2025-11-03T00:00:00.000Z', summary: 'A summary.' },
  purposes,
});

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  const pages: [string, () => string][] = [
    ['settings: member id, setting, description, purpose, history actor source', () =>
      renderSettings({ view: view([purposeSettings({ purpose: EVIL, setting: EVIL, description: EVIL, history: [{ at: '2026-01-01T00:00:00.000Z', choice: 'denied', source: 'settings', actor: EVIL }] })], EVIL) })],
    ['settings: training run name, model and dataset', () =>
      renderSettings({ view: view([purposeSettings({ exposure: { items: [exposed({ name: EVIL, model: EVIL, dataset: EVIL })], more: false } })]) })],
    ['settings: a receipt', () => renderSettings({ view: view([purposeSettings({ latestReceipt: EVIL })]) })],
    ['settings: policy id and summary', () => renderSettings({ view: { ...view([purposeSettings()]), policy: { id: EVIL, effectiveAt: '2025-11-03T00:00:00.000Z', summary: EVIL } } })],
    ['sign-in: where it continues to', () => renderContinue(EVIL, 'en')],
    ['sign-in refused: detail and next', () => renderSignInFailed({ language: 'en', reason: 'code_refused', details: EVIL, next: EVIL })],
    ['signing out: the provider\'s address', () => renderSigningOut(EVIL, 'en')],
    ['message page: title, message, details, links, signed-in name', () => renderMessagePage({ language: 'en', title: EVIL, message: EVIL, details: EVIL, signedInAs: EVIL, links: [{ href: EVIL, text: EVIL }] })],
    ['campaign: policy and campaign ids', () =>
      renderCampaign({ adminSub: EVIL, deadLetters: { fanout: 0, notices: null }, progress: { policyId: EVIL, campaignId: EVIL, status: 'done', targeted: 1, queued: 0, sent: 1, failed: 0, skipped: 0, scanned: 1, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', campaigns: [] } })],
    ['dashboard: policy, jurisdiction, member query and lookup', () =>
      renderDashboard({
        adminSub: EVIL,
        timeline: [{ id: EVIL, announcedAt: '2025-01-01T00:00:00.000Z', effectiveAt: '2025-01-01T00:00:00.000Z', summary: EVIL, purposes: {}, recordedAt: '', recordedBy: EVIL, status: 'in_force' }],
        overview: { campaigns: [], deadLetters: { fanout: 0, notices: 0 } },
        runs: { items: [run({ name: EVIL, purpose: EVIL, registeredBy: EVIL, model: EVIL, dataset: EVIL })], more: false },
        sample: { purpose: EVIL, at: '2026-01-01T00:00:00.000Z', members: 1, complete: true, maxMembers: 5000, rows: [{ jurisdiction: EVIL, total: 1, eligible: 1, byReason: { default_opt_in: 1 } }], totals: { jurisdiction: 'All', total: 1, eligible: 1, byReason: { default_opt_in: 1 } } },
        purposes: [EVIL, 'genai-training'],
        memberQuery: EVIL,
        lookup: { memberId: EVIL, purpose: EVIL, at: '2026-01-01T00:00:00.000Z', known: false, decision: { eligible: false, reason: 'unknown_member', policyVersion: null }, location: { country: EVIL } },
        lookupError: EVIL,
      })],
  ];
  it.each(pages)('%s', (_name, render) => {
    const html = render();
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(ESCAPED);
  });
});

describe('every page', () => {
  it.each([
    ['settings', renderSettings({ view: view([purposeSettings()]) })],
    ['signed out', renderSignedOut('en')],
    ['sign-in refused', renderSignInFailed({ language: 'en', reason: 'code_refused', details: 'The code was refused.', next: '/settings' })],
    ['message', renderMessagePage({ language: 'en', title: 'T', message: 'M' })],
  ])('%s: has lang, a title, a strict CSP and no script', (_name, html) => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"/);
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"`);
    expect(html).not.toContain('<script');
  });

  it('after sign-in: goes on to the page asked for by its one script (allowed by hash), with a link for browsers without script', () => {
    const html = renderContinue('/settings?older=3.genai-training', 'en');
    expect(html).toContain('<a id="continue" href="/settings?older=3.genai-training">Continue</a>');
    expect(html).toContain(contentSecurityPolicy(CONTINUE_SCRIPT));
    expect(html).toContain(`<script>${CONTINUE_SCRIPT}</script>`);
    // Its own address (the callback's) carries the code: not sent on.
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(renderSigningOut('https://idp.example/logout?client_id=c&a=b', 'en')).toContain('<a id="continue" href="https://idp.example/logout?client_id=c&amp;a=b">');
  });

  it('allows an inline script only by its hash, and only that script', () => {
    const html = renderPage({ lang: 'en', title: 't', body: '', script: 'console.log(1)' });
    expect(contentSecurityPolicy('console.log(1)')).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'$/);
    expect(html).toContain(contentSecurityPolicy('console.log(1)'));
    expect(contentSecurityPolicy('console.log(2)')).not.toBe(contentSecurityPolicy('console.log(1)'));
  });

  it('settings: looks for a GPC signal shown only to scripts when none came with the request, and only then', () => {
    const probing = renderSettings({ view: view([purposeSettings()]), probeGpc: true });
    expect(probing).toContain(`<script>${GPC_PROBE_SCRIPT}</script>`);
    expect(probing).toContain(contentSecurityPolicy(GPC_PROBE_SCRIPT));
    expect(GPC_PROBE_SCRIPT).toContain("navigator.globalPrivacyControl === true");
    expect(GPC_PROBE_SCRIPT).toContain("query.set('gpc', '1')");
    expect(renderSettings({ view: view([purposeSettings()]), probeGpc: false })).not.toContain('<script');
  });
});

describe('the settings page', () => {
  it('offers the opposite of what applies, carries the ETag, and says turning it off is not retroactive', () => {
    const html = renderSettings({ view: view([purposeSettings({ etag: '"7"' })]) });
    expect(html).toContain('<input type="hidden" name="choice" value="denied">');
    expect(html).toContain('<input type="hidden" name="etag" value="&quot;7&quot;">');
    expect(html).toContain('>Turn off</button>');
    expect(html).toContain('Turning it off is not retroactive');
    expect(html).toContain('in force since 3 Nov 2025');
    expect(html).toContain('You have not made a choice yet.');
  });

  const offers: [string, Partial<PurposeSettings['consent']>, 'granted' | 'denied'][] = [
    ['default on: offers off', { choice: null, reason: 'default_opt_in' }, 'denied'],
    ['granted: offers off', { choice: 'granted', reason: 'opted_in' }, 'denied'],
    ['denied: offers on', { choice: 'denied', reason: 'opted_out' }, 'granted'],
    ['opt-in region, no choice: offers on', { choice: null, reason: 'no_consent' }, 'granted'],
    ['excluded, no choice: offers off (an objection in advance)', { choice: null, reason: 'excluded_jurisdiction' }, 'denied'],
    ['minor who granted: offers off', { choice: 'granted', reason: 'minor' }, 'denied'],
  ];
  it.each(offers)('%s', (_name, consent, expected) => {
    const entry = purposeSettings();
    expect(nextChoice({ ...entry, consent: { ...entry.consent, ...consent } })).toBe(expected);
  });

  it.each([
    ['record_denied', 'In your region it counts as turning this setting off'],
    ['already_denied', 'This setting is already off.'],
    ['granted_after_gpc', 'your own choice stands'],
    ['not_honored_here', 'does not treat it as turning this setting off'],
  ] as const)('GPC %s: says so', (gpc, words) => {
    expect(renderSettings({ view: view([purposeSettings({ gpc })]) })).toContain(words);
  });

  it('says nothing of GPC without the signal', () => {
    expect(renderSettings({ view: view([purposeSettings()]) })).not.toContain('Global Privacy Control');
  });

  it('shows the history newest first, with how each choice was made, and the saved and stale states', () => {
    const history = [
      { at: '2026-01-01T10:00:00.000Z', choice: 'denied' as const, source: 'gpc' as const, actor: 'm' },
      { at: '2026-01-02T11:30:00.000Z', choice: 'granted' as const, source: 'settings' as const, actor: 'm' },
    ];
    const html = renderSettings({ view: view([purposeSettings({ history })]), saved: 'granted', stale: true });
    expect(html.indexOf('2 Jan 2026, 11:30 UTC')).toBeLessThan(html.indexOf('1 Jan 2026, 10:00 UTC'));
    expect(html).toContain('Global Privacy Control signal from your browser');
    expect(html).toContain('Saved: you turned it on.');
    expect(html).toContain('changed elsewhere');
  });
});

describe('the latest choice\'s receipt on the settings page', () => {
  it('is shown folded, to copy, with where to check it; not before any choice', () => {
    const receipt = 'eyJhbGciOiJFUzI1NiJ9.eyJjaG9pY2UiOiJkZW5pZWQifQ.c2ln';
    const html = renderSettings({ view: view([purposeSettings({ latestReceipt: receipt })]) });
    expect(html).toContain('<details id="p0-receipt" class="receipt">');
    expect(html).toContain('<summary>Receipt of your latest choice</summary>');
    expect(html).toContain(`<code>${receipt}</code>`);
    expect(html).toContain('/.well-known/jwks.json');
    expect(renderSettings({ view: view([purposeSettings()]) })).not.toContain('<details');
  });
});

describe('training runs on the settings page', () => {
  it('says "None so far" when no run used the data, and that turning it off is not retroactive', () => {
    const html = renderSettings({ view: view([purposeSettings()]) });
    expect(html).toContain('<h3 id="p0-runs-title">Training runs that were allowed to use your data</h3>');
    expect(html).toContain('None so far.');
    expect(html).not.toContain('id="p0-runs"');
    expect(html).toContain('Turning it off does not remove your data from runs that already used it');
  });

  it('lists each run newest first with its model, dataset and snapshot date; a missing model or dataset shows a dash', () => {
    const items = [exposed({ runId: 'b', name: 'second' }), exposed({ runId: 'a', name: 'first', model: null, dataset: null, snapshotAt: '2025-12-01T08:00:00.000Z' })];
    const html = renderSettings({ view: view([purposeSettings({ exposure: { items, more: false } })]) });
    expect(html).not.toContain('None so far.');
    expect(html).toContain('<caption>Newest first (2)</caption>');
    expect(html.indexOf('>second<')).toBeLessThan(html.indexOf('>first<'));
    expect(html).toContain('<th scope="row">second</th><td>writer-7b</td><td>posts-2025</td><td>1 Jan 2026, 00:00 UTC</td>');
    expect(html).toContain('<th scope="row">first</th><td>—</td><td>—</td><td>1 Dec 2025, 08:00 UTC</td>');
    expect(html).toContain('Turning it off does not remove your data from runs that already used it');
  });

  it('says when only the latest runs are shown', () => {
    const html = renderSettings({ view: view([purposeSettings({ exposure: { items: [exposed()], more: true } })]) });
    expect(html).toContain('<caption>Newest first: the latest 1</caption>');
  });
});

describe('a long history on the settings page', () => {
  const ten = Array.from({ length: 10 }, (_, i) => ({ at: `2026-01-${String(i + 10)}T10:00:00.000Z`, choice: 'denied' as const, source: 'api' as const, actor: 'm' }));

  it('shows the latest choices, says how many there are, and links to older ones', () => {
    const html = renderSettings({ view: view([purposeSettings({ history: ten, historyTotal: 3_001, olderBefore: 2_992 })]) });
    expect(html).toContain('10 of 3,001');
    expect(html).toContain('href="/settings?older=2992.genai-training#p0-history"');
    expect(html).toContain('Show older choices');
  });

  it('offers nothing older once the first choice is shown', () => {
    const html = renderSettings({ view: view([purposeSettings({ history: ten, historyTotal: 10 })]) });
    expect(html).toContain('Your choices, newest first (10)');
    expect(html).not.toContain('Show older choices');
  });
});

describe('"Download my record" on the settings page', () => {
  it('links to the record file, even before any choice and with no policy in force', () => {
    for (const html of [renderSettings({ view: view([purposeSettings()]) }), renderSettings({ view: { ...view([]), policy: null } })]) {
      expect(html).toContain('<a id="record-download" href="/settings/record" download="consent-record.json">Download my record</a>');
      expect(html).toContain('ISO/IEC TS 27560');
      expect(html).not.toContain('next</code> value');
    }
  });

  it('says where a record longer than one file continues', () => {
    const html = renderSettings({ view: view([purposeSettings({ historyTotal: 4_000 }), purposeSettings({ purpose: 'other', historyTotal: 1_001 })]) });
    expect(html).toContain('more than 5,000 choices');
    expect(html).toContain('GET /v1/members/{memberId}/record?cursor=');
  });
});

describe('the admin pages', () => {
  const progress = { policyId: 'v', campaignId: 'c', targeted: 10, queued: 4, sent: 6, failed: 0, skipped: 0, scanned: 10, startedAt: '2026-01-01T00:00:00.000Z', campaigns: [] };
  it('a running campaign carries the live script and a hidden pause button; a done one neither', () => {
    const running = renderCampaign({ adminSub: 'a', deadLetters: { fanout: 0, notices: 2 }, progress: { ...progress, status: 'running', finishedAt: null } });
    expect(running).toContain(`<script>${LIVE_SCRIPT}</script>`);
    expect(running).toContain('id="pause"');
    expect(running).toContain('data-status="running"');
    expect(running).toContain('notices <strong>2</strong>');
    const done = renderCampaign({ adminSub: 'a', deadLetters: { fanout: 0, notices: 0 }, progress: { ...progress, queued: 0, sent: 10, status: 'done', finishedAt: '2026-01-01T00:01:00.000Z' } });
    expect(done).not.toContain('<script');
    expect(done).not.toContain('id="pause"');
  });

  const dashboardInput = (runs: Parameters<typeof renderDashboard>[0]['runs']): Parameters<typeof renderDashboard>[0] => ({
    adminSub: 'admin',
    timeline: [],
    overview: { campaigns: [], deadLetters: { fanout: 0, notices: 0 } },
    runs,
    sample: { purpose: 'genai-training', at: '2026-01-01T00:00:00.000Z', members: 0, complete: true, maxMembers: 5000, rows: [], totals: { jurisdiction: 'All', total: 0, eligible: 0, byReason: {} } },
    purposes: ['genai-training'],
  });

  it('the dashboard lists training runs with purpose, snapshot, pin, registrant, model and dataset', () => {
    const html = renderDashboard(dashboardInput({ items: [run(), run({ runId: 'run-0', name: 'older', model: null, dataset: null })], more: true }));
    expect(html).toContain('<h2 id="runs-title">Training runs</h2>');
    expect(html).toContain('Training runs, newest first: the latest 2');
    expect(html).toContain(
      '<th scope="row">nightly-2026-01-02</th><td>genai-training</td><td>1 Jan 2026, 00:00 UTC</td><td>2 Jan 2026, 09:30 UTC</td><td>training-pipeline</td><td>writer-7b</td><td>posts-2025</td>',
    );
    expect(html.indexOf('nightly-2026-01-02')).toBeLessThan(html.indexOf('>older<'));
  });

  it('the dashboard says when no training run is registered', () => {
    const html = renderDashboard(dashboardInput({ items: [], more: false }));
    expect(html).toContain('No training run has been registered yet.');
    expect(html).not.toContain('id="training-runs"');
  });

  const lookup = (decision: Decision, extra: Partial<MemberLookup> = {}): MemberLookup => ({ memberId: 'm', purpose: 'p', at: '2026-01-01T00:00:00.000Z', known: true, decision, ...extra });
  it.each([
    [lookup({ eligible: false, reason: 'excluded_jurisdiction', policyVersion: '2024-11-20', jurisdiction: 'EU', regime: 'excluded' }, { regimeSince: '2024-11-20T00:00:00.000Z' }), 'Under version 2024-11-20, the rule for EU excludes this purpose (this regime since 20 Nov 2024)'],
    [lookup({ eligible: true, reason: 'default_opt_in', policyVersion: 'v', jurisdiction: 'default', regime: 'opt_out', legalBasis: 'legitimate_interest' }), "the purpose's default rule is opt-out on the basis of legitimate interest"],
    [lookup({ eligible: false, reason: 'opted_out', policyVersion: 'v', jurisdiction: 'US-CA', regime: 'opt_out' }, { choice: { at: '2026-01-01T00:00:00.000Z', choice: 'denied' } }), 'latest choice at this time is denied on 1 Jan 2026, 00:00 UTC'],
    [lookup({ eligible: false, reason: 'unknown_member', policyVersion: null }, { known: false }), 'No profile is recorded for this member'],
  ])('explains %#', (input, words) => {
    expect(explainLookup(input)).toContain(words);
  });
});

describe('the session', () => {
  it('is an HttpOnly, SameSite=Strict, whole-site cookie, Secure except on a loopback host', () => {
    expect(sessionCookie('a.b.c', 3599.7, 'ledger.example.com')).toBe('cl_session=a.b.c; HttpOnly; SameSite=Strict; Path=/; Max-Age=3599; Secure');
    expect(sessionCookie('a.b.c', 10, '127.0.0.1:3000')).toBe('cl_session=a.b.c; HttpOnly; SameSite=Strict; Path=/; Max-Age=10');
    expect(clearedSessionCookie('localhost:3000')).toBe('cl_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
  });

  it.each([
    [['a=1', 'cl_session=x.y.z'], 'x.y.z'],
    [['cl_session_old=q', ' cl_session = x.y.z'], 'x.y.z'],
    [['other=1'], undefined],
    [undefined, undefined],
  ])('reads the cookie from %j', (cookies, expected) => {
    expect(cookieValue(cookies, 'cl_session')).toBe(expected);
  });

  it.each([
    ['eyJ.eyJ.sig', true],
    ['not a jwt', false],
    ['a.b', false],
    [`${'a'.repeat(9000)}.b.c`, false],
  ])('looksLikeJwt(%s) is %s', (token, expected) => {
    expect(looksLikeJwt(token)).toBe(expected);
  });

  const host = '127.0.0.1:3000';
  it.each([
    ['same origin', { origin: 'http://127.0.0.1:3000', host }, true],
    ['same origin, fetch metadata agrees', { origin: 'http://127.0.0.1:3000', host, 'sec-fetch-site': 'same-origin' }, true],
    ['another site', { origin: 'https://evil.example', host }, false],
    ['another port', { origin: 'http://127.0.0.1:4000', host }, false],
    ['no Origin', { host }, false],
    ['Origin null (sandboxed or no-referrer)', { origin: 'null', host }, false],
    ['fetch metadata says cross-site', { origin: 'http://127.0.0.1:3000', host, 'sec-fetch-site': 'cross-site' }, false],
    ['garbage Origin', { origin: '::::', host }, false],
  ])('CSRF check, %s', (_name, headers, expected) => {
    expect(isSameOrigin(headers)).toBe(expected);
  });

  it.each([
    ['/admin', '/admin'],
    ['/settings', '/settings'],
    ['/settings?older=10.genai-training', '/settings?older=10.genai-training'],
    ['/admin?at=2025-01-01T00%3A00&member=alice', '/admin?at=2025-01-01T00%3A00&member=alice'],
    ['/admin/notices/2025-11-03?campaignId=c-1', '/admin/notices/2025-11-03?campaignId=c-1'],
    // The erasure's confirmation is a page to come back to; the record's download is a file: its page instead.
    ['/settings/erase', '/settings/erase'],
    ['/settings/record', '/settings'],
    ['/settings/erase/x', '/settings'],
    ['https://evil.example/', '/settings'],
    ['//evil.example', '/settings'],
    ['/settings/../../evil', '/settings'],
    ['/admin/notices/x/y', '/settings'],
    ['/settingsevil', '/settings'],
    ['/settings\\evil.example', '/settings'],
    ['/settings?x=1#frag', '/settings'],
    ['/settings?x="><script>', '/settings'],
    ['/settings?a=1\r\nSet-Cookie:%20x=1', '/settings'],
    ['/sign-out', '/settings'],
    [null, '/settings'],
  ])('after sign-in, next %s goes to %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe('the pages\' own token check (as the JWT authorizer checks)', async () => {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { createTokenVerifier } = await import('../../lib/web/pages/session.ts');
  const { sessionConfig } = await import('../../lib/config.ts');
  const tokenVerifierFromEnv = (env: Record<string, string>) => createTokenVerifier(sessionConfig(env));
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
  const verifier = tokenVerifierFromEnv({ JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'ledger', JWT_JWKS: jwks });
  const sign = (options: { sub?: string; iss?: string; aud?: string | null; exp?: number; key?: typeof privateKey; claims?: Record<string, unknown> } = {}) => {
    const jwt = new SignJWT(options.claims ?? {}).setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuer(options.iss ?? 'https://idp/').setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60);
    if (options.aud !== null) jwt.setAudience(options.aud ?? 'ledger');
    if (options.sub !== '') jwt.setSubject(options.sub ?? 'alice');
    return jwt.sign(options.key ?? privateKey);
  };

  it('accepts a valid token, with its scopes (the contract\'s only) and expiry', async () => {
    const caller = await verifier.verify(await sign({ claims: { scope: 'consent:admin x openid' } }));
    expect(caller?.sub).toBe('alice');
    expect([...caller!.scopes]).toEqual(['consent:admin']);
    expect(caller!.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('accepts a token without aud whose client_id is the audience, as the JWT authorizer does (Cognito access tokens)', async () => {
    expect((await verifier.verify(await sign({ aud: null, claims: { client_id: 'ledger' } })))?.sub).toBe('alice');
    expect(await verifier.verify(await sign({ aud: null, claims: { client_id: 'another-app' } }))).toBeUndefined();
    expect(await verifier.verify(await sign({ aud: 'other', claims: { client_id: 'ledger' } }))).toBeUndefined();
  });

  it('reads the member id claim and scope names the deployment configures', async () => {
    const renamed = tokenVerifierFromEnv({
      JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'ledger', JWT_JWKS: jwks,
      MEMBER_ID_CLAIM: 'custom:member_id', ADMIN_SCOPE: 'ledger/consent:admin', ELIGIBILITY_SCOPE: 'ledger/eligibility:read',
    });
    const token = await sign({ sub: '6f1c-uuid', claims: { 'custom:member_id': 'alice', scope: 'openid ledger/consent:admin consent:admin' } });
    const caller = await renamed.verify(token);
    expect(caller?.sub).toBe('alice');
    expect([...caller!.scopes]).toEqual(['consent:admin']);
    // The contract's own name grants nothing where the deployment renamed it.
    const plain = await renamed.verify(await sign({ claims: { 'custom:member_id': 'bob', scope: 'consent:admin eligibility:read' } }));
    expect(plain?.sub).toBe('bob');
    expect([...plain!.scopes]).toEqual([]);
  });

  it.each([
    ['another issuer', { iss: 'https://evil/' }],
    ['another audience', { aud: 'other' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }],
    ['signed by another key', { key: other.privateKey }],
    ['without sub', { sub: '' }],
  ])('refuses a token %s', async (_name, options) => {
    expect(await verifier.verify(await sign(options))).toBeUndefined();
  });

  it('refuses to start without its settings', () => {
    expect(() => tokenVerifierFromEnv({ JWT_AUDIENCE: 'a', JWT_JWKS: jwks })).toThrow('JWT_ISSUER');
    expect(() => tokenVerifierFromEnv({ JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'a' })).toThrow('JWT_JWKS_URL');
  });
});

describe('erasing one\'s data', () => {
  it('the settings page ends with a section set apart that links to the confirmation, changing nothing', () => {
    const html = renderSettings({ view: view([purposeSettings()]) });
    const section = html.slice(html.indexOf('<section class="card danger"'));
    expect(html.indexOf('<section class="card danger"')).toBeGreaterThan(html.lastIndexOf('<section class="card"'));
    expect(section).toContain('<h2 id="erase-title">Erase my data</h2>');
    expect(section).toContain('<a class="button danger" href="/settings/erase">Erase my data…</a>');
    expect(section).not.toContain('<form');
    expect(section).toMatch(/cannot be undone/);
  });

  it('the confirmation says what goes and what stays, and asks for ERASE typed in a labelled box', () => {
    const html = renderEraseConfirm({ language: 'en', memberId: EVIL });
    expect(html).toContain('<form method="post" action="/settings/erase">');
    // The answer after the erasure speaks the page's language: the profile has none any more.
    expect(html).toContain('<input type="hidden" name="language" value="en">');
    expect(html).toContain('<label for="confirm">Type ERASE to confirm</label>');
    expect(html).toMatch(/<input type="text" id="confirm" name="confirm" required/);
    expect(html).toMatch(/email address, your language and your birth date/);
    expect(html).toMatch(/GDPR Articles 7\(1\) and 17\(3\)\(b\)/);
    expect(html).toContain('<a href="/settings">');
    expect(html).toContain(ESCAPED);
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('role="alert"');
  });

  it('a form sent without ERASE comes back with the error tied to the box', () => {
    const html = renderEraseConfirm({ language: 'en', memberId: 'alice', notConfirmed: true });
    expect(html).toContain('<p class="error" role="alert" id="confirm-error">');
    expect(html).toContain('aria-invalid="true" aria-describedby="confirm-error"');
  });

  it('the answer says it is done, when, and that the member is signed out; an erased account\'s pages say so', () => {
    const done = renderErased({ language: 'en', erasedAt: '2026-03-01T10:15:00.000Z' });
    expect(done).toContain('<h1>Your data was erased</h1>');
    expect(done).toContain('1 Mar 2026, 10:15 UTC');
    expect(done).toContain('You are signed out.');
    expect(done).not.toContain('Signed in as');
    expect(renderErasedAccount({ language: 'en', signedInAs: 'alice' })).toContain('<h1>Your data was erased</h1>');
  });
});
