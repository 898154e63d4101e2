// The claim on a unit of campaign work (a fan-out page or a chunk), so that redelivered messages
// do their work once.
import type { ChunkResult, PageResult, WorkKey } from '../ports/notice-store.ts';
import type { WorkClaimDeps } from './deps.ts';

/**
 * Runs `work` while holding its claim: a finished unit is not done again, a unit another consumer
 * holds fails this delivery (SQS retries it later), and a failure gives the claim back.
 */
export async function claimed<T extends PageResult | ChunkResult>(
  deps: WorkClaimDeps,
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
