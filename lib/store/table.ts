// The one DynamoDB table, as the store expects it. The local stack creates it from this, and the
// CDK stack declares it from this, so the two cannot drift.
//
// Items (pk / sk):
//   M#<memberId> / STATE              member state: profile, timelines of notices, and every
//                                     choice with its source, actor and request id (the choice
//                                     history itself: appended in place, never rewritten), plus
//                                     `I#<key id>` attributes marking Idempotency-Keys in use
//   M#<memberId> / P#<ver>            a profile event
//   M#<memberId> / N#<policyId>       this member's notice of a policy version: claim, delivery
//   POLICY / <policyId>               a policy version
//   NOTICES#<policyId> / <campaignId> a notice campaign
//   CAMPAIGN#<campaignId> / PAGE#..   a finished fan-out page;  / CHUNK#<id>  a finished chunk
// One member's whole eligibility history is one item, so any as-of answer is one item read.

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
} as const;

export const tableName = (): string => process.env.TABLE_NAME ?? 'consent-ledger';
