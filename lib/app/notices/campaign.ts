// Starting a notice campaign (DOMAIN.md section 5): record it and enqueue one fan-out message per
// scan segment.
import { randomBytes } from 'node:crypto';
import { logger } from '../../log.ts';
import type { Campaign } from '../ports/notice-store.ts';
import type { CampaignDeps } from './deps.ts';
import type { FanoutMessage } from './messages.ts';
import { policyById } from './policy.ts';

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
