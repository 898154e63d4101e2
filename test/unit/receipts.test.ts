// Receipts (DOMAIN.md section 7): what a choice's receipt says, as a table of cases; the JWS
// format, signed and checked (tampered, foreign, mistyped); and the use cases that record choices
// (API, settings page, GPC, opt-out link), each answering a receipt of exactly what it recorded.
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { jurisdictionAt, type ProfileVersion } from '../../lib/domain/member.ts';
import { receiptClaims, receiptId, type ReceiptClaims } from '../../lib/domain/receipts.ts';
import { RECEIPT_TYPE, signReceipt, verifyReceipt } from '../../lib/adapters/receipts/jws.ts';
import { signingKeyOfJwk, verificationKeyOfJwk } from '../../lib/adapters/receipts/keys.ts';
import { KeyReceiptSigner, localReceiptSigner } from '../../lib/adapters/receipts/signer.ts';
import { setChoice, type SetChoiceCommand } from '../../lib/app/consents.ts';
import { signLinkToken } from '../../lib/app/link-token.ts';
import { confirmOptOut } from '../../lib/app/opt-out.ts';
import { loadSettings, saveChoice } from '../../lib/app/settings.ts';
import { RunCatalog } from '../../lib/app/run-catalog.ts';
import type { RunDeps } from '../../lib/app/training-runs.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import { addMember, inMemoryDeps, policyVersion, purposePolicy, PURPOSE, type InMemoryDeps } from '../support/builders.ts';
import { InMemoryRunStore } from '../support/in-memory-run-store.ts';
import { testReceipts } from '../support/receipts.ts';

const profile = (from: string, country: string, subdivision?: string): ProfileVersion => ({ from, country, subdivision });

describe('receiptId', () => {
  it('is a version 8 UUID (RFC 9562), the same for the same choice and different for any other', () => {
    const id = receiptId('alice', PURPOSE, 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(receiptId('alice', PURPOSE, 1)).toBe(id);
    const others = [receiptId('alice', PURPOSE, 2), receiptId('alice', 'ads', 1), receiptId('bob', PURPOSE, 1), receiptId('alice1', PURPOSE, 1), receiptId('alic', `e\n${PURPOSE}`, 1)];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('is pinned: an id given out once must never change meaning (computed apart: SHA-256, first 16 bytes, version and variant bits)', () => {
    expect(receiptId('alice', 'genai-training', 1)).toBe('cafaa16c-d7b2-831c-999c-487f90df83df');
  });
});

describe('jurisdictionAt: where the member was, as receipts and change events name it', () => {
  const timeline = [profile('2025-01-01T00:00:00.000Z', 'US', 'US-CA'), profile('2025-06-01T00:00:00.000Z', 'FR')];
  const cases: [string, readonly ProfileVersion[], string, string | null][] = [
    ['a subdivision wins over its country', timeline, '2025-03-01T00:00:00.000Z', 'US-CA'],
    ['the country when no subdivision', timeline, '2025-07-01T00:00:00.000Z', 'FR'],
    ['the first profile also covers earlier times', timeline, '2024-01-01T00:00:00.000Z', 'US-CA'],
    ['the change applies from its own instant', timeline, '2025-06-01T00:00:00.000Z', 'FR'],
    ['no profile at all: null', [], '2025-03-01T00:00:00.000Z', null],
  ];
  it.each(cases)('%s', (_name, profiles, at, expected) => {
    expect(jurisdictionAt(profiles, new Date(at))).toBe(expected);
  });
});

describe('receiptClaims', () => {
  const fact = {
    memberId: 'alice',
    purpose: PURPOSE,
    sequence: 3,
    choice: 'denied' as const,
    at: '2026-01-15T12:00:00.000Z',
    source: 'email_link' as const,
    policyVersion: '2025-11-03',
    profiles: [profile('2024-01-01T00:00:00.000Z', 'US', 'US-CA')],
  };

  it('names the fact, in the contract\'s order of claims, and nothing else', () => {
    const claims = receiptClaims(fact);
    expect(claims).toEqual({
      receiptId: receiptId('alice', PURPOSE, 3),
      memberId: 'alice',
      purpose: PURPOSE,
      choice: 'denied',
      at: '2026-01-15T12:00:00.000Z',
      source: 'email_link',
      policyVersion: '2025-11-03',
      jurisdiction: 'US-CA',
    });
    expect(Object.keys(claims)).toEqual(['receiptId', 'memberId', 'purpose', 'choice', 'at', 'source', 'policyVersion', 'jurisdiction']);
  });

  it('keeps a null policy version (none in force) and the member\'s place at the choice\'s time', () => {
    const moved = { ...fact, policyVersion: null, profiles: [...fact.profiles, profile('2026-01-15T12:00:00.001Z', 'DE')] };
    expect(receiptClaims(moved)).toMatchObject({ policyVersion: null, jurisdiction: 'US-CA' });
  });
});

describe('the receipt JWS', () => {
  const claims: ReceiptClaims = receiptClaims({
    memberId: 'm-1', purpose: PURPOSE, sequence: 1, choice: 'granted', at: '2026-01-15T12:00:00.000Z', source: 'api', policyVersion: '2024-01-01', profiles: [profile('2024-01-01T00:00:00.000Z', 'US')],
  });

  it('is ES256 with the receipt type and the kid of the key, and verifies against the key set', async () => {
    const { signer, jwks } = await testReceipts();
    const jws = await signer.sign(claims);
    const header = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'ES256', typ: RECEIPT_TYPE, kid: signer.kid });
    expect(jwks.keys[0]!.kid).toBe(signer.kid);
    expect(await verifyReceipt(jws, jwks)).toEqual({ valid: true, claims, kid: signer.kid });
  });

  it('differs at each signing (ECDSA) while stating the same claims', async () => {
    const { signer, jwks } = await testReceipts();
    const [one, two] = [await signer.sign(claims), await signer.sign(claims)];
    expect(one).not.toBe(two);
    expect(one.split('.').slice(0, 2)).toEqual(two.split('.').slice(0, 2));
    for (const jws of [one, two]) expect(await verifyReceipt(jws, jwks)).toMatchObject({ valid: true, claims });
  });

  const tamper = (jws: string, change: (claims: Record<string, unknown>) => void): string => {
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const changed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    change(changed);
    return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
  };

  it.each([
    ['a changed choice', (jws: string) => tamper(jws, (c) => { c.choice = 'granted' === c.choice ? 'denied' : 'granted'; }), 'the signature does not verify'],
    ['a changed time', (jws: string) => tamper(jws, (c) => { c.at = '2020-01-01T00:00:00.000Z'; }), 'the signature does not verify'],
    ['another member', (jws: string) => tamper(jws, (c) => { c.memberId = 'm-2'; }), 'the signature does not verify'],
    ['a flipped signature byte', (jws: string) => `${jws.slice(0, -2)}${jws.endsWith('A') ? 'B' : 'A'}${jws.slice(-1)}`, 'the signature does not verify'],
    ['no signature', (jws: string) => `${jws.split('.').slice(0, 2).join('.')}.`, undefined],
    ['not a JWS at all', () => 'not-a-receipt', undefined],
  ])('refuses %s', async (_name, change, reason) => {
    const { signer, jwks } = await testReceipts();
    const check = await verifyReceipt(change(await signer.sign(claims)), jwks);
    expect(check.valid).toBe(false);
    if (reason && !check.valid) expect(check.reason).toBe(reason);
  });

  it('refuses a receipt signed by a key the set does not hold, naming its kid', async () => {
    const { jwks } = await testReceipts();
    const stranger = await localReceiptSigner(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey));
    expect(await verifyReceipt(await stranger.sign(claims), jwks)).toEqual({ valid: false, reason: `no published key matches kid ${stranger.kid}` });
  });

  it('refuses a JWS of another type, or with claims that are not a receipt\'s, even when the signature holds', async () => {
    const privateJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const key = await signingKeyOfJwk(privateJwk);
    const publicKey = await verificationKeyOfJwk(privateJwk);
    const jwks = { keys: [publicKey as JWK] };
    const { CompactSign } = await import('jose');
    const otherType = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: publicKey.kid }).sign(key);
    expect(await verifyReceipt(otherType, jwks)).toMatchObject({ valid: false, reason: `the header's typ is not ${RECEIPT_TYPE}` });
    const extra = await signReceipt(key, publicKey.kid, { ...claims, email: 'x' } as ReceiptClaims);
    expect(await verifyReceipt(extra, jwks)).toMatchObject({ valid: false, reason: expect.stringContaining('not exactly') });
    const badChoice = await signReceipt(key, publicKey.kid, { ...claims, choice: 'maybe' } as unknown as ReceiptClaims);
    expect(await verifyReceipt(badChoice, jwks)).toMatchObject({ valid: false, reason: 'choice is not granted or denied' });
  });

  it('a signer refuses to start on a private key that its public key does not verify', async () => {
    const mine = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const theirs = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    await expect(KeyReceiptSigner.of(await signingKeyOfJwk(mine), await verificationKeyOfJwk(theirs))).rejects.toThrow(/does not match its public key/);
  });
});

describe('every way a choice is recorded answers its receipt', () => {
  const HONORING = policyVersion({
    purposes: { [PURPOSE]: purposePolicy({ rules: { 'US-CA': { regime: 'opt_out', legalBasis: 'legitimate_interest', honorGpc: true } } }) },
  });
  let world: InMemoryDeps;
  let deps: RunDeps & ChoiceDeps;
  let verify: (jws: string) => ReturnType<typeof verifyReceipt>;

  beforeEach(async () => {
    world = await inMemoryDeps({ policies: [HONORING] });
    const runStore = new InMemoryRunStore();
    deps = { ...world.deps, runStore, runs: new RunCatalog(runStore) };
    const { jwks } = await testReceipts();
    verify = (jws) => verifyReceipt(jws, jwks);
    await addMember(deps, 'cal', { country: 'US', subdivision: 'US-CA' });
  });

  const command = (overrides: Partial<SetChoiceCommand> = {}): SetChoiceCommand => ({
    memberId: 'cal', purpose: PURPOSE, choice: 'denied', source: 'api', actor: 'cal', requestId: `r-${Math.random()}`, ...overrides,
  });

  it('the API: claims that match the answer, the receiptId of the choice\'s number', async () => {
    await setChoice(deps, command({ choice: 'granted' }));
    const answer = await setChoice(deps, command({ choice: 'denied', source: 'support', actor: 'ops' }));
    expect(answer.etag).toBe('"2"');
    expect(await verify(answer.receipt)).toMatchObject({
      valid: true,
      claims: {
        receiptId: receiptId('cal', PURPOSE, 2),
        memberId: 'cal',
        purpose: PURPOSE,
        choice: 'denied',
        at: answer.consent.updatedAt,
        source: 'support',
        policyVersion: answer.consent.policyVersion,
        jurisdiction: 'US-CA',
      },
    });
  });

  it('an Idempotency-Key replay: the stored receipt, byte for byte', async () => {
    const first = await setChoice(deps, command({ idempotencyKey: 'k', requestId: 'one' }));
    const replay = await setChoice(deps, command({ idempotencyKey: 'k', requestId: 'two' }));
    expect(replay.replayed).toBe(true);
    expect(replay.receipt).toBe(first.receipt);
  });

  it('the settings page: the toggle\'s receipt (source settings), and the page shows the latest choice\'s', async () => {
    const saved = await saveChoice(deps, { memberId: 'cal', purpose: PURPOSE, choice: 'denied', etag: '"0"', requestId: 'toggle' });
    if (!saved.saved) throw new Error('not saved');
    expect(await verify(saved.receipt)).toMatchObject({ valid: true, claims: { source: 'settings', choice: 'denied', receiptId: receiptId('cal', PURPOSE, 1) } });
    const view = await loadSettings(deps, { memberId: 'cal', gpcSignal: false, requestId: 'look' });
    const shown = view.purposes[0]!.latestReceipt!;
    expect((await verify(shown)).valid).toBe(true);
    expect(JSON.parse(Buffer.from(shown.split('.')[1]!, 'base64url').toString())).toEqual(JSON.parse(Buffer.from(saved.receipt.split('.')[1]!, 'base64url').toString()));
  });

  it('the settings page before any choice: no receipt to show', async () => {
    const view = await loadSettings(deps, { memberId: 'cal', gpcSignal: false, requestId: 'look' });
    expect(view.purposes[0]!.latestReceipt).toBeUndefined();
  });

  it('Global Privacy Control where honoured: the recorded denial\'s receipt (source gpc)', async () => {
    const view = await loadSettings(deps, { memberId: 'cal', gpcSignal: true, requestId: 'gpc-visit' });
    expect(view.purposes[0]!.gpc).toBe('record_denied');
    expect(await verify(view.purposes[0]!.latestReceipt!)).toMatchObject({ valid: true, claims: { source: 'gpc', choice: 'denied', receiptId: receiptId('cal', PURPOSE, 1), jurisdiction: 'US-CA' } });
  });

  it('the opt-out link: the opt-out\'s receipt (source email_link); none when it was already off', async () => {
    const linkKey = new Uint8Array(32).fill(3);
    const token = await signLinkToken(linkKey, { memberId: 'cal', purpose: PURPOSE, policyVersion: HONORING.id }, new Date(world.clock.now().getTime() + 3_600_000));
    const done = await confirmOptOut(deps, linkKey, token, 'click');
    if (!done.ok) throw new Error(done.problem);
    expect(await verify(done.value.receipt!)).toMatchObject({ valid: true, claims: { source: 'email_link', choice: 'denied', at: done.value.at } });
    const again = await confirmOptOut(deps, linkKey, token, 'click-again');
    if (!again.ok) throw new Error(again.problem);
    expect(again.value).toMatchObject({ alreadyOff: true });
    expect(again.value.receipt).toBeUndefined();
  });
});
