// The notice use cases, one file each; this module only re-exports them for the importers not yet
// moved to those files (lib/web/pages/admin.ts, infra/local/demo.ts). Import from the files instead.
export { startCampaign } from './campaign.ts';
export { fanoutPage } from './fanout.ts';
export { sendChunk } from './send.ts';
export { campaignProgress, summarizeCampaign, type CampaignProgress } from './progress.ts';
