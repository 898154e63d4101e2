// The notice claim protocol (lib/app/ports/notice-store.ts, as the DynamoDB adapter implements it) and
// the campaign use cases (lib/app/notices/) on the in-memory ports, with a recording queue
// and mailer: one notice per member and policy version, leases that only run out, progress sums.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../../lib/log.ts';
import { eraseMember } from '../../lib/app/erasure.ts';
import type { ChunkMessage, FanoutMessage } from '../../lib/app/notices/messages.ts';
import { startCampaign } from '../../lib/app/notices/campaign.ts';
import { fanoutPage } from '../../lib/app/notices/fanout.ts';
import { campaignProgress } from '../../lib/app/notices/progress.ts';
import { sendChunk } from '../../lib/app/notices/send.ts';
import type { Campaign } from '../../lib/app/ports/notice-store.ts';
import { addMember, noticeHarness, policyVersion, type NoticeHarness } from '../support/builders.ts';

const NOW = '2026-01-15T12:00:00.000Z';
const IN_FORCE = policyVersion({ id: 'v1', effectiveAt: '2024-01-01T00:00:00.000Z' });
const ANNOUNCED = policyVersion({ id: 'v2', announcedAt: NOW, effectiveAt: '2026-03-01T00:00:00.000Z' });
const LEASE_MS = 60_000;

// The campaign use cases log each start and each failure; these tests check what they record.
beforeAll(() => logger.setLogLevel('SILENT'));
afterAll(() => logger.setLogLevel('INFO'));

let h: NoticeHarness;
beforeEach(async () => {
  h = await noticeHarness({ now: NOW, policies: [IN_FORCE, ANNOUNCED], config: { leaseSeconds: LEASE_MS / 1000 } });
});

const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs);

describe('claimNotice: one claim per member and policy version', () => {
  beforeEach(() => addMember(h.deps, 'm-1'));

  it('holds a lease that another consumer takes over only once it ran out (strictly after leaseUntil)', async () => {
    const first = await h.notices.claimNotice('m-1', 'v2', 'c-1', at(0), at(LEASE_MS));
    expect(first.kind).toBe('claimed');
    for (const when of [1, LEASE_MS - 1, LEASE_MS]) {
      expect(await h.notices.claimNotice('m-1', 'v2', 'c-2', at(when), at(when + LEASE_MS))).toEqual({ kind: 'busy', leaseUntil: at(LEASE_MS).toISOString() });
    }
    const second = await h.notices.claimNotice('m-1', 'v2', 'c-2', at(LEASE_MS + 1), at(2 * LEASE_MS + 1));
    expect(second.kind).toBe('claimed');
    expect(h.notices.noticeRecord('m-1', 'v2')).toMatchObject({ status: 'sending', campaignId: 'c-2', attempts: 2 });
    // Another policy version is another notice.
    expect((await h.notices.claimNotice('m-1', 'v1', 'c-3', at(1), at(LEASE_MS))).kind).toBe('claimed');
  });

  it('records a delivery once: only the claim that holds the notice, on the member and the notice together', async () => {
    const stale = await h.notices.claimNotice('m-1', 'v2', 'c-1', at(0), at(LEASE_MS));
    const taken = await h.notices.claimNotice('m-1', 'v2', 'c-2', at(LEASE_MS + 1), at(2 * LEASE_MS));
    if (stale.kind !== 'claimed' || taken.kind !== 'claimed') throw new Error('expected two claims');
    const version = (await h.store.getMember('m-1', { consistent: true }))!.version;

    await h.notices.recordDelivered('m-1', 'v2', stale.claimId, at(1_000).toISOString(), 'late');
    expect((await h.store.getMember('m-1', { consistent: true }))!).toMatchObject({ notices: {}, version });
    expect(h.notices.noticeRecord('m-1', 'v2')?.status).toBe('sending');

    await h.notices.recordDelivered('m-1', 'v2', taken.claimId, at(LEASE_MS + 2).toISOString(), 'msg-1');
    expect((await h.store.getMember('m-1', { consistent: true }))!).toMatchObject({ notices: { v2: at(LEASE_MS + 2).toISOString() }, version: version + 1 });
    expect(h.notices.noticeRecord('m-1', 'v2')).toMatchObject({ status: 'sent', campaignId: 'c-2', messageId: 'msg-1' });
    expect(h.notices.noticeRecord('m-1', 'v2')).not.toHaveProperty('leaseUntil');

    // Sent is final: any campaign, any time, is told who sent it.
    expect(await h.notices.claimNotice('m-1', 'v2', 'c-3', at(DAY), at(DAY + LEASE_MS))).toEqual({ kind: 'sent', campaignId: 'c-2' });
    // A late release by the stale claim changes nothing.
    await h.notices.releaseClaim('m-1', 'v2', stale.claimId, 'timeout', true);
    expect(h.notices.noticeRecord('m-1', 'v2')?.status).toBe('sent');
  });

  it('records nothing for a member that no longer exists, keeping the claim', async () => {
    const claim = await h.notices.claimNotice('ghost', 'v2', 'c-1', at(0), at(LEASE_MS));
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    await h.notices.recordDelivered('ghost', 'v2', claim.claimId, at(1).toISOString(), 'msg');
    expect(h.notices.noticeRecord('ghost', 'v2')?.status).toBe('sending');
  });

  it.each([
    { final: false, status: 'retrying' },
    { final: true, status: 'failed' },
  ])('a released claim (final: $final) is $status and claimable again at once', async ({ final, status }) => {
    const claim = await h.notices.claimNotice('m-1', 'v2', 'c-1', at(0), at(LEASE_MS));
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    await h.notices.releaseClaim('m-1', 'v2', claim.claimId, 'x'.repeat(600), final);
    expect(h.notices.noticeRecord('m-1', 'v2')).toMatchObject({ status, lastError: 'x'.repeat(500) });
    expect((await h.notices.claimNotice('m-1', 'v2', 'c-1', at(1), at(LEASE_MS))).kind).toBe('claimed');
  });
});

describe('claimWork: one consumer per page or chunk', () => {
  const work = { kind: 'chunk', chunkId: '0-0-0#0' } as const;
  const result = { chunkId: '0-0-0#0', sent: 1, failed: 0, skipped: 0, respawned: 0 as const, finishedAt: NOW };

  it('is busy while leased, taken over after the lease, finished only by its holder, then done', async () => {
    const first = await h.notices.claimWork('c', work, at(0), at(LEASE_MS));
    expect(await h.notices.claimWork('c', work, at(LEASE_MS), at(2 * LEASE_MS))).toEqual({ kind: 'busy' });
    const second = await h.notices.claimWork('c', work, at(LEASE_MS + 1), at(2 * LEASE_MS));
    if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('expected two claims');
    await h.notices.finishWork('c', work, first.claimId, { ...result, sent: 99 });
    const campaign: Campaign = { campaignId: 'c', policyId: 'v2', startedAt: NOW, startedBy: 't', segments: 1 };
    expect((await h.notices.campaignRecords(campaign)).chunks).toEqual([]);
    await h.notices.finishWork('c', work, second.claimId, result);
    expect((await h.notices.campaignRecords(campaign)).chunks).toEqual([result]);
    expect(await h.notices.claimWork('c', work, at(DAY), at(DAY + LEASE_MS))).toEqual({ kind: 'done' });
  });

  it('given back after a failure, is claimable at once; a stale holder cannot give it back', async () => {
    const first = await h.notices.claimWork('c', work, at(0), at(LEASE_MS));
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    await h.notices.releaseWork('c', work, 'someone-else');
    expect(await h.notices.claimWork('c', work, at(1), at(LEASE_MS))).toEqual({ kind: 'busy' });
    await h.notices.releaseWork('c', work, first.claimId);
    expect((await h.notices.claimWork('c', work, at(2), at(LEASE_MS))).kind).toBe('claimed');
  });
});

const DAY = 86_400_000;

/**
 * Delivers every queued message (twice each when `redeliver`, as SQS may), advancing the clock by
 * the longest delay asked for, until the queues are empty.
 */
async function drive(options: { redeliver?: boolean } = {}): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const delay = Math.max(0, ...[...h.fanoutQueue.sent, ...h.noticeQueue.sent].map((message) => message.delaySeconds ?? 0));
    const fanouts = h.fanoutQueue.drain<FanoutMessage>();
    const chunks = h.noticeQueue.drain<ChunkMessage>();
    if (fanouts.length === 0 && chunks.length === 0) return;
    h.clock.advance(delay * 1000 + 1);
    for (const message of fanouts) for (let i = 0; i < (options.redeliver ? 2 : 1); i++) await fanoutPage(h.senderDeps, message);
    for (const message of chunks) for (let i = 0; i < (options.redeliver ? 2 : 1); i++) await sendChunk(h.senderDeps, message);
  }
  throw new Error('the campaign did not settle in 50 rounds');
}

/** Every page of the fan-out, leaving the chunk messages queued. */
async function fanOutOnly(): Promise<void> {
  for (let fanouts = h.fanoutQueue.drain<FanoutMessage>(); fanouts.length > 0; fanouts = h.fanoutQueue.drain<FanoutMessage>()) {
    for (const message of fanouts) await fanoutPage(h.senderDeps, message);
  }
}

describe('a campaign', () => {
  const ADULTS = 23;
  beforeEach(async () => {
    for (let i = 0; i < ADULTS; i++) await addMember(h.deps, `adult-${i}`);
    await addMember(h.deps, 'minor', { suspectedMinor: true });
  });

  const progressOf = (campaign: Campaign) => campaignProgress(h.senderDeps, campaign.policyId, campaign.campaignId);

  it.each([{ redeliver: false }, { redeliver: true }])('tells every processable member once and reaches done (redelivered: $redeliver)', async ({ redeliver }) => {
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    expect(await progressOf(campaign)).toMatchObject({ status: 'running', targeted: 0, queued: 0 });
    await drive({ redeliver });
    expect(await progressOf(campaign)).toMatchObject({ status: 'done', targeted: ADULTS, sent: ADULTS, failed: 0, skipped: 0, queued: 0, scanned: ADULTS + 1 });
    expect(h.mailer.delivered.map((entry) => entry.to).sort()).toEqual(Array.from({ length: ADULTS }, (_, i) => `adult-${i}@example.com`).sort());
    const member = await h.store.getMember('adult-0', { consistent: true });
    expect(member?.notices.v2).toBeDefined();
    expect(h.notices.noticeRecord('minor', 'v2')).toBeUndefined();
  });

  it('a second campaign of the version sends nothing again: everyone is skipped', async () => {
    await startCampaign(h.senderDeps, 'v2', 'admin');
    await drive();
    h.clock.advance(1_000);
    const again = await startCampaign(h.senderDeps, 'v2', 'admin');
    await drive();
    expect(await progressOf(again)).toMatchObject({ status: 'done', targeted: ADULTS, sent: 0, skipped: ADULTS, queued: 0 });
    expect(h.mailer.delivered).toHaveLength(ADULTS);
    // The latest campaign is the default one shown.
    expect((await campaignProgress(h.senderDeps, 'v2', undefined)).campaignId).toBe(again.campaignId);
  });

  it('retries transient failures in a follow-up chunk and counts permanent ones as failed', async () => {
    const tries = new Map<string, number>();
    h.mailer.answer = (entry) => {
      const n = (tries.get(entry.to) ?? 0) + 1;
      tries.set(entry.to, n);
      if (entry.to === 'adult-1@example.com' && n === 1) return { ok: false, error: 'TRANSIENT_FAILURE', transient: true };
      if (entry.to === 'adult-2@example.com') return { ok: false, error: 'MESSAGE_REJECTED', transient: false };
      if (entry.to === 'adult-3@example.com') return { ok: false, error: 'FAILED', transient: true };
      return { ok: true, messageId: `msg-${entry.to}` };
    };
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    await drive();
    const progress = await progressOf(campaign);
    expect(progress).toMatchObject({ status: 'done', targeted: ADULTS, sent: ADULTS - 2, failed: 2, skipped: 0, queued: 0 });
    expect(progress.sent + progress.failed + progress.skipped + progress.queued).toBe(progress.targeted);
    expect(tries.get('adult-1@example.com')).toBe(2);
    expect(tries.get('adult-2@example.com')).toBe(1);
    expect(tries.get('adult-3@example.com')).toBe(h.senderDeps.config.maxAttempts);
    expect(h.notices.noticeRecord('adult-2', 'v2')).toMatchObject({ status: 'failed', lastError: 'MESSAGE_REJECTED' });
  });

  it('sends nothing to a member erased after the fan-out queued them: the sender looks again right before sending', async () => {
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    await fanOutOnly();
    const queued = h.noticeQueue.sent.map((message) => message.body).join('\n');
    expect(queued).toContain('adult-4@example.com');
    await eraseMember(h.deps, 'adult-4', 'adult-4');
    await drive();
    expect(await progressOf(campaign)).toMatchObject({ status: 'done', targeted: ADULTS, sent: ADULTS - 1, skipped: 1, failed: 0, queued: 0 });
    expect(h.mailer.delivered.map((entry) => entry.to)).not.toContain('adult-4@example.com');
    expect(h.notices.noticeRecord('adult-4', 'v2')).toMatchObject({ status: 'failed', lastError: 'member erased' });
    expect((await h.store.getMember('adult-4', { consistent: true }))?.notices).toEqual({});
  });

  it('does not even queue an erased member: the fan-out passes them over', async () => {
    await eraseMember(h.deps, 'adult-7', 'admin');
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    await fanOutOnly();
    expect(h.noticeQueue.sent.map((message) => message.body).join('\n')).not.toContain('adult-7');
    await drive();
    expect(await progressOf(campaign)).toMatchObject({ status: 'done', targeted: ADULTS - 1, sent: ADULTS - 1, skipped: 0, queued: 0 });
  });

  it('waits out a lease another consumer holds, then sends: one email, counted once', async () => {
    const held = await h.notices.claimNotice('adult-5', 'v2', 'elsewhere', h.clock.now(), new Date(h.clock.now().getTime() + 10 * 60_000));
    expect(held.kind).toBe('claimed');
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    await drive();
    expect(await progressOf(campaign)).toMatchObject({ status: 'done', targeted: ADULTS, sent: ADULTS, queued: 0 });
    expect(h.mailer.delivered.filter((entry) => entry.to === 'adult-5@example.com')).toHaveLength(1);
    expect(h.notices.noticeRecord('adult-5', 'v2')).toMatchObject({ status: 'sent', campaignId: campaign.campaignId, attempts: 2 });
  });

  it('a chunk whose mailer throws gives its work back, so the redelivery sends it', async () => {
    const campaign = await startCampaign(h.senderDeps, 'v2', 'admin');
    const fanouts = h.fanoutQueue.drain<FanoutMessage>();
    for (const message of fanouts) await fanoutPage(h.senderDeps, message);
    const chunks = h.noticeQueue.drain<ChunkMessage>();
    const original = h.mailer.sendBulk.bind(h.mailer);
    h.mailer.sendBulk = async () => {
      throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
    };
    await expect(sendChunk(h.senderDeps, chunks[0]!)).rejects.toThrow('connection reset');
    h.mailer.sendBulk = original;
    for (const message of chunks) await sendChunk(h.senderDeps, message);
    await drive();
    expect(await progressOf(campaign)).toMatchObject({ status: 'done', sent: ADULTS, queued: 0 });
    expect(h.mailer.delivered).toHaveLength(ADULTS);
  });
});
