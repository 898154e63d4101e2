// Policy-change notices (DOMAIN.md section 5): announce a version, walk the members, send one
// email per processable member and version, and report progress.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapLimit } from '../concurrency.ts';
import { noticeTargets } from '../../domain/notices.ts';
import { own } from '../../domain/own.ts';
import type { PolicyVersion } from '../../domain/policy.ts';
import { NotFoundError } from '../errors.ts';
import { signLinkToken } from '../link-token.ts';
import { logger } from '../../log.ts';
import { MailThrottledError, MAX_BULK_DESTINATIONS, type BulkEntry, type EntryStatus } from '../ports/messaging.ts';
import { MAX_RECIPIENTS_PER_MESSAGE, nextChunkId, type ChunkMessage, type FanoutMessage, type Recipient } from './messages.ts';
import { renderNoticeEmail } from '../../email/notice-email.ts';
import type { Campaign, CampaignRecords, ChunkResult, PageResult, WorkKey } from '../ports/notice-store.ts';
import type { Deps } from '../deps.ts';
import type { CampaignDeps, FanoutDeps, SenderDeps } from './deps.ts';

const DAY_MS = 86_400_000;
/** Store calls in flight per message: well inside the SDK's pool of 50 sockets. */
const STORE_PARALLELISM = 16;

async function policyById(deps: Pick<Deps, 'policies'>, policyId: string): Promise<PolicyVersion> {
  const policy = (await deps.policies.all()).find((candidate) => candidate.id === policyId);
  if (!policy) throw new NotFoundError(`policy version ${policyId} is not known`);
  return policy;
}

/** Time-ordered, so the latest campaign of a policy sorts last. */
function newCampaignId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

export async function startCampaign(deps: CampaignDeps, policyId: string, actor: string): Promise<Campaign> {
  const policy = await policyById(deps, policyId);
  const now = deps.clock.now();
  const campaign: Campaign = {
    campaignId: newCampaignId(now),
    policyId: policy.id,
    startedAt: now.toISOString(),
    startedBy: actor,
    segments: deps.config.segments,
  };
  await deps.notices.createCampaign(campaign);
  const segments: FanoutMessage[] = Array.from({ length: campaign.segments }, (_, segment) => ({
    kind: 'fanout',
    campaignId: campaign.campaignId,
    policyId: policy.id,
    segment,
    totalSegments: campaign.segments,
    page: 0,
  }));
  await deps.fanoutQueue.send(segments.map((message) => ({ body: JSON.stringify(message) })));
  logger.info('notice campaign started', { campaignId: campaign.campaignId, policyId, segments: campaign.segments });
  return campaign;
}

/**
 * Runs `work` while holding its claim: a finished unit is not done again, a unit another consumer
 * holds fails this delivery (SQS retries it later), and a failure gives the claim back.
 */
async function claimed<T extends PageResult | ChunkResult>(
  deps: CampaignDeps,
  campaignId: string,
  work: WorkKey,
  run: () => Promise<T>,
): Promise<void> {
  const now = deps.clock.now();
  const claim = await deps.notices.claimWork(campaignId, work, now, new Date(now.getTime() + deps.config.leaseSeconds * 1000));
  if (claim.kind === 'done') return;
  if (claim.kind === 'busy') throw new Error(`${work.kind} of campaign ${campaignId} is held by another consumer; retry later`);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await deps.notices.releaseWork(campaignId, work, claim.claimId).catch(() => undefined);
    throw error;
  }
  await deps.notices.finishWork(campaignId, work, claim.claimId, result);
}

/** One page of one scan segment: find who must be told, enqueue them 50 to a message. */
export async function fanoutPage(deps: FanoutDeps, message: FanoutMessage): Promise<void> {
  const { campaignId, segment, page } = message;
  await claimed(deps, campaignId, { kind: 'page', segment, page }, async () => {
    const policy = await policyById(deps, message.policyId);
    const now = deps.clock.now();
    const { members, nextKey } = await deps.notices.scanMembers(segment, message.totalSegments, message.startKey, deps.config.pageSize);
    const recipients: Recipient[] = [];
    for (const member of members) {
      const purposes = noticeTargets(member, policy, now);
      if (purposes.length > 0) recipients.push({ memberId: member.memberId, email: member.email, locale: member.locale, purposes, attempt: 0 });
    }
    const chunks: ChunkMessage[] = [];
    const perMessage = Math.min(MAX_RECIPIENTS_PER_MESSAGE, deps.config.recipientsPerMessage);
    for (let i = 0; i < recipients.length; i += perMessage) {
      chunks.push({
        kind: 'chunk',
        campaignId,
        policyId: policy.id,
        chunkId: `${segment}-${page}-${chunks.length}#0`,
        recipients: recipients.slice(i, i + perMessage),
      });
    }
    await deps.noticeQueue.send(chunks.map((chunk) => ({ body: JSON.stringify(chunk) })));
    if (nextKey) await deps.fanoutQueue.send([{ body: JSON.stringify({ ...message, page: page + 1, startKey: nextKey }) }]);
    return {
      segment,
      page,
      scanned: members.length,
      targeted: recipients.length,
      chunks: chunks.length,
      last: nextKey === undefined,
      finishedAt: deps.clock.now().toISOString(),
    };
  });
}

async function render(deps: SenderDeps, policy: PolicyVersion, recipient: Recipient, now: Date): Promise<BulkEntry> {
  const expiresAt = new Date(now.getTime() + deps.links.ttlDays * DAY_MS);
  const base = deps.links.publicBaseUrl.replace(/\/+$/, '');
  const purposes = await Promise.all(
    recipient.purposes.map(async (target) => {
      const purposePolicy = own(policy.purposes, target.purpose);
      const token = await signLinkToken(deps.linkKey, { memberId: recipient.memberId, purpose: target.purpose, policyVersion: policy.id }, expiresAt);
      return {
        purpose: target.purpose,
        setting: purposePolicy?.setting ?? target.purpose,
        description: purposePolicy?.description,
        legalBasis: target.legalBasis,
        regime: target.regime,
        optOutUrl: `${base}/v1/opt-out?token=${encodeURIComponent(token)}`,
      };
    }),
  );
  const email = renderNoticeEmail({
    locale: recipient.locale,
    policy: { id: policy.id, effectiveAt: policy.effectiveAt, summary: policy.summary },
    purposes,
    settingsUrl: `${base}/settings`,
    now,
  });
  return { to: recipient.email, data: { subject: email.subject, text: email.text, html: email.html } };
}

/** SES throttling slows us down; it does not fail the message. */
async function sendPatiently(deps: SenderDeps, entries: BulkEntry[]) {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.limiter.acquire(entries.length);
      return await deps.mailer.sendBulk(entries);
    } catch (error) {
      if (!(error instanceof MailThrottledError) || attempt >= 6) throw error;
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

/**
 * Sends one chunk: claims each recipient (once per member and policy version, whatever the
 * campaign or consumer), sends one SendBulkEmail for the claimed ones, records deliveries, and
 * hands recipients to retry to one follow-up message. Then records the chunk's result.
 */
export async function sendChunk(deps: SenderDeps, message: ChunkMessage): Promise<void> {
  await claimed(deps, message.campaignId, { kind: 'chunk', chunkId: message.chunkId }, () => sendClaimedChunk(deps, message));
}

async function sendClaimedChunk(deps: SenderDeps, message: ChunkMessage): Promise<ChunkResult> {
  const policy = await policyById(deps, message.policyId);
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + deps.config.leaseSeconds * 1000);
  let sent = 0;
  let failed = 0;
  let skipped = 0;
  const later: { recipient: Recipient; delaySeconds: number }[] = [];
  const claimed: { recipient: Recipient; claimId: string }[] = [];

  const claims = await mapLimit(message.recipients, STORE_PARALLELISM, (recipient) =>
    deps.notices.claimNotice(recipient.memberId, policy.id, message.campaignId, now, leaseUntil),
  );
  claims.forEach((claim, index) => {
    const recipient = message.recipients[index]!;
    if (claim.kind === 'claimed') claimed.push({ recipient, claimId: claim.claimId });
    else if (claim.kind === 'sent') claim.campaignId === message.campaignId ? sent++ : skipped++;
    else later.push({ recipient, delaySeconds: Math.max(1, (Date.parse(claim.leaseUntil) - now.getTime()) / 1000) });
  });

  // One SendBulkEmail per 50 claimed recipients, each paced by the rate limiter.
  let throttledOut = false;
  for (let i = 0; i < claimed.length; i += MAX_BULK_DESTINATIONS) {
    const group = claimed.slice(i, i + MAX_BULK_DESTINATIONS);
    const release = (reason: string) =>
      mapLimit(group, STORE_PARALLELISM, ({ recipient, claimId }) => deps.notices.releaseClaim(recipient.memberId, policy.id, claimId, reason, false));
    if (throttledOut) {
      await release('throttled');
      for (const { recipient } of group) later.push({ recipient, delaySeconds: 30 });
      continue;
    }
    const entries = await Promise.all(group.map(({ recipient }) => render(deps, policy, recipient, now)));
    let statuses: EntryStatus[];
    try {
      statuses = await sendPatiently(deps, entries);
    } catch (error) {
      await release((error as Error).name);
      if (!(error instanceof MailThrottledError)) throw error;
      // Still throttled after backing off: hand the rest of the message to a later one.
      throttledOut = true;
      for (const { recipient } of group) later.push({ recipient, delaySeconds: 30 });
      continue;
    }
    const deliveredAt = deps.clock.now().toISOString();
    await mapLimit(statuses, STORE_PARALLELISM, async (status, index) => {
      const { recipient, claimId } = group[index]!;
      if (status.ok) {
        await deps.notices.recordDelivered(recipient.memberId, policy.id, claimId, deliveredAt, status.messageId);
        sent++;
        return;
      }
      const attempt = recipient.attempt + 1;
      const final = !status.transient || attempt >= deps.config.maxAttempts;
      await deps.notices.releaseClaim(recipient.memberId, policy.id, claimId, status.error, final);
      if (final) {
        failed++;
        logger.warn('notice failed for good', { campaignId: message.campaignId, memberId: recipient.memberId, error: status.error, attempt });
      } else {
        later.push({ recipient: { ...recipient, attempt }, delaySeconds: Math.min(900, deps.config.retryBaseSeconds * 2 ** (attempt - 1)) });
      }
    });
  }

  if (later.length > 0) {
    const followUp: ChunkMessage = { ...message, chunkId: nextChunkId(message.chunkId), recipients: later.map((entry) => entry.recipient) };
    const delaySeconds = Math.max(...later.map((entry) => entry.delaySeconds));
    await deps.noticeQueue.send([{ body: JSON.stringify(followUp), delaySeconds }]);
  }
  return {
    chunkId: message.chunkId,
    sent,
    failed,
    skipped,
    respawned: later.length > 0 ? 1 : 0,
    finishedAt: deps.clock.now().toISOString(),
  };
}

export interface CampaignProgress {
  policyId: string;
  campaignId: string;
  status: 'running' | 'done';
  /** Members found processable under the version so far. */
  targeted: number;
  /** Targeted members not yet sent, failed or skipped: waiting in a queue or in flight. */
  queued: number;
  sent: number;
  failed: number;
  /** Already told of this version by an earlier campaign. */
  skipped: number;
  /** Members examined so far. */
  scanned: number;
  startedAt: string;
  finishedAt: string | null;
}

/** Progress from the finished pages and chunks; exact under redelivery, since both are keyed. */
export function summarizeCampaign({ campaign, pages, chunks }: CampaignRecords): CampaignProgress {
  const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
  const targeted = sum(pages, (page) => page.targeted);
  const sent = sum(chunks, (chunk) => chunk.sent);
  const failed = sum(chunks, (chunk) => chunk.failed);
  const skipped = sum(chunks, (chunk) => chunk.skipped);
  const segmentsDone = new Set(pages.filter((page) => page.last).map((page) => page.segment)).size;
  const expectedChunks = sum(pages, (page) => page.chunks) + sum(chunks, (chunk) => chunk.respawned);
  const done = segmentsDone === campaign.segments && chunks.length === expectedChunks;
  const finishedAt = done ? [...pages, ...chunks].map((item) => item.finishedAt).sort().at(-1) ?? campaign.startedAt : null;
  return {
    policyId: campaign.policyId,
    campaignId: campaign.campaignId,
    status: done ? 'done' : 'running',
    targeted,
    queued: Math.max(0, targeted - sent - failed - skipped),
    sent,
    failed,
    skipped,
    scanned: sum(pages, (page) => page.scanned),
    startedAt: campaign.startedAt,
    finishedAt,
  };
}

export async function campaignProgress(
  deps: Pick<CampaignDeps, 'policies' | 'notices'>,
  policyId: string,
  campaignId: string | undefined,
): Promise<CampaignProgress & { campaigns: { campaignId: string; startedAt: string }[] }> {
  await policyById(deps, policyId);
  const campaigns = await deps.notices.listCampaigns(policyId);
  if (campaigns.length === 0) throw new NotFoundError(`no notices were announced for policy version ${policyId}`);
  const campaign = campaignId === undefined ? campaigns.at(-1)! : campaigns.find((candidate) => candidate.campaignId === campaignId);
  if (!campaign) throw new NotFoundError(`campaign ${campaignId} is not one of policy version ${policyId}`);
  return {
    ...summarizeCampaign(await deps.notices.campaignRecords(campaign)),
    campaigns: campaigns.map((entry) => ({ campaignId: entry.campaignId, startedAt: entry.startedAt })),
  };
}

