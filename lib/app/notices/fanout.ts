// Fan-out: walks the members one page of one scan segment per message and enqueues those who must
// be told.
import { noticeTargets } from '../../domain/notices.ts';
import type { FanoutDeps } from './deps.ts';
import { MAX_RECIPIENTS_PER_MESSAGE, type ChunkMessage, type FanoutMessage, type Recipient } from './messages.ts';
import { policyById } from './policy.ts';
import { claimed } from './work-claim.ts';

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
      // Only an erasure removes the address, and an erased member has no targets.
      if (purposes.length > 0 && member.email !== undefined) {
        recipients.push({ memberId: member.memberId, email: member.email, locale: member.locale, purposes, attempt: 0 });
      }
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
