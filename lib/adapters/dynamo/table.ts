// The one DynamoDB table, as the store expects it. The local stack creates it from this, and the
// CDK stack declares it from this, so the two cannot drift.
//
// Items (pk / sk):
//   M#<memberId> / STATE                 the member's hot item, kept under about 2 KB: profile and
//                                        contact fields; the first profile and the latest one; per
//                                        purpose the latest choices as `at|g|source|ref|actor`
//                                        strings, `counts` (every choice ever: the ETag) and an
//                                        `archived` mark {n, at, g}; the notices map (one entry per
//                                        policy version); up to ~16-20 request fingerprints
//                                        (12 chars) that recognise a retried write
//   M#<memberId> / AC#<purpose>#<firstAt>#<position>
//                                        an archive item: older choices of one purpose moved off
//                                        the hot item in one transaction; written once, never
//                                        changed; sorted by effective time, so "the choice at T"
//                                        is one Query with Limit 1
//   M#<memberId> / P#<from>#<version>    a profile event, keyed by the time it took effect: the
//                                        profile archive, read when `at` predates the hot profiles
//   M#<memberId> / I#<keyId>             an Idempotency-Key in use: the request's hash and its
//                                        first answer (with its receipt, as first signed); TTL
//                                        removes it a while after its 24 h
//   M#<memberId> / N#<policyId>          this member's notice of a policy version: claim, delivery
//   POLICY / <policyId>                  a policy version
//   POLICYTEXT / <policyId>#<locale>     the texts of one language added to a version after it was
//                                        recorded (the version itself never changes); written once
//   RUN / <runId>                        a training run (immutable); ids sort by pin time, so a
//                                        backwards Query lists the newest first
//   RUNKEY#<scope> / I                   the Idempotency-Key that registered a run (TTL, like I#)
//   RECEIPTKEY / <createdAt>#<kid>       a key that signs choice receipts: its public JWK and, in
//                                        AWS, its private key as KMS encrypted it; never changed
//                                        or removed, so old receipts stay verifiable
//   NOTICES#<policyId> / <campaignId>    a notice campaign
//   CAMPAIGN#<campaignId> / PAGE#..      a finished fan-out page;  / CHUNK#<id>  a finished chunk
//
// Why the split: one item holding a member's whole history hit DynamoDB's 400 KB item limit after
// about 2,500 choices (the member could no longer record one), and every write was billed for the
// whole item (1 write unit per KB, so the cost of a choice grew with the history). The hot item
// stays small, so a write costs at most 2 write units and an as-of answer is still one item read
// unless `at` precedes the hot window.

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
} as const;

