// A campaign's progress, summed from its finished pages and chunks.
import type { CampaignRecords } from '../ports/notice-store.ts';
import type { ProgressDeps } from './deps.ts';
import { NotFoundError } from '../errors.ts';
import { policyById } from './policy.ts';

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
  /** Already told of this version by an earlier campaign, or erased since the fan-out found them. */
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
  deps: ProgressDeps,
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

