// Sending one chunk of notices: claims each recipient's notice, mails the claimed ones, records
// each delivery, and hands the recipients to retry to a follow-up message.
import { mapLimit } from '../concurrency.ts';
import { logger } from '../../log.ts';
import { MailThrottledError, MAX_BULK_DESTINATIONS, type EntryStatus } from '../ports/messaging.ts';
import type { ChunkResult } from '../ports/notice-store.ts';
import type { SenderDeps } from './deps.ts';
import { sendPatiently } from './mail-backoff.ts';
import { nextChunkId, type ChunkMessage, type Recipient } from './messages.ts';
import { policyById } from './policy.ts';
import { renderRecipientEmail } from './recipient-email.ts';
import { claimed } from './work-claim.ts';

/** Store calls in flight per message: well inside the SDK's pool of 50 sockets. */
const STORE_PARALLELISM = 16;

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
    const candidates = claimed.slice(i, i + MAX_BULK_DESTINATIONS);
    // Right before sending, since the message carries the address: a member erased since the
    // fan-out (or since this message was queued) is sent nothing, now or on any retry.
    const erased = throttledOut ? new Set<string>() : await deps.notices.erasedAmong(candidates.map(({ recipient }) => recipient.memberId));
    const group = candidates.filter(({ recipient }) => !erased.has(recipient.memberId));
    await mapLimit(candidates.filter(({ recipient }) => erased.has(recipient.memberId)), STORE_PARALLELISM, ({ recipient, claimId }) =>
      deps.notices.releaseClaim(recipient.memberId, policy.id, claimId, 'member erased', true),
    );
    skipped += erased.size;
    if (group.length === 0) continue;
    const release = (reason: string) =>
      mapLimit(group, STORE_PARALLELISM, ({ recipient, claimId }) => deps.notices.releaseClaim(recipient.memberId, policy.id, claimId, reason, false));
    if (throttledOut) {
      await release('throttled');
      for (const { recipient } of group) later.push({ recipient, delaySeconds: 30 });
      continue;
    }
    const entries = await Promise.all(group.map(({ recipient }) => renderRecipientEmail(deps, policy, recipient, now)));
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
