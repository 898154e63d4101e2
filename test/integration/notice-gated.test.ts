// DOMAIN.md rule 7 with a real delivery: where a version sets noticePeriodDays = N, the default
// applies only N days after the member's notice was delivered. The clock is injected, so the
// delivery happens at a chosen time; everything else is real (DynamoDB Local, the SES emulator).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb.ts';
import { fixedClock } from '../../lib/app/ports/clock.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { RateLimiter } from '../../lib/app/notices/rate-limiter.ts';
import { SesMailer } from '../../lib/adapters/ses.ts';
import { SqsQueue } from '../../lib/adapters/sqs/queue.ts';
import { setChoice } from '../../lib/app/consents.ts';
import { checkEligibility } from '../../lib/app/eligibility.ts';
import { putMember } from '../../lib/app/members.ts';
import type { ChoiceDeps } from '../../lib/app/deps.ts';
import type { SenderDeps } from '../../lib/app/notices/deps.ts';
import { sendChunk } from '../../lib/app/notices/send.ts';
import { PolicyCatalog } from '../../lib/app/policy-catalog.ts';
import { DynamoNoticeStore } from '../../lib/adapters/dynamo/notice-store.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { testReceipts } from '../support/receipts.ts';

const DAY = 86_400_000;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const delivered = new Date('2089-12-01T09:00:00.000Z');
const policy: PolicyVersion = {
  id: 'gated',
  announcedAt: '2089-11-25T00:00:00.000Z',
  effectiveAt: '2089-12-10T00:00:00.000Z',
  purposes: {
    'genai-training': { setting: 'Use my data for training', default: { regime: 'opt_out', legalBasis: 'legitimate_interest' }, rules: {}, minimumAge: 18, noticePeriodDays: 30 },
  },
};

/** The ledger's deps for the consent calls, the sender's for the delivery. */
let deps: ChoiceDeps & SenderDeps;
const clock = fixedClock(delivered);

beforeAll(async () => {
  const table = `notice-gated-${process.pid}`;
  const dynamo = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials });
  await ensureTable(dynamo, table);
  const store = new DynamoStore(DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }), table);
  await store.putPolicy({ policy, recordedAt: clock.now().toISOString(), recordedBy: 'test' });
  const unusedQueue = new SqsQueue(new SQSClient({ region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:9' }), 'unused');
  deps = {
    store,
    clock,
    policies: new PolicyCatalog(store, clock, 0),
    receipts: (await testReceipts()).signer,
    notices: new DynamoNoticeStore(DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }), table),
    noticeQueue: unusedQueue,
    mailer: new SesMailer(new SESv2Client({ endpoint: inject('sesEndpoint'), region: 'us-east-1', credentials }), 'privacy@example.com'),
    limiter: new RateLimiter(100),
    linkKey: new Uint8Array(32).fill(1),
    links: { publicBaseUrl: 'http://127.0.0.1:3000', ttlDays: 90 },
    config: { leaseSeconds: 30, maxAttempts: 3, retryBaseSeconds: 1 },
  };
  await new SesMailer(new SESv2Client({ endpoint: inject('sesEndpoint'), region: 'us-east-1', credentials }), 'x@example.com').ensureTemplate();
  for (const id of ['told', 'untold', 'told-opted-out']) {
    await putMember(deps, id, { email: `${id}@gated.example`, country: 'US' }, 'test', 'setup');
  }
  await setChoice(deps, { memberId: 'told-opted-out', purpose: 'genai-training', choice: 'denied', source: 'api', actor: 'told-opted-out', requestId: 'r' });
  const purposes = [{ purpose: 'genai-training', regime: 'opt_out' as const, legalBasis: 'legitimate_interest' as const }];
  await sendChunk(deps, {
    kind: 'chunk',
    campaignId: 'c1',
    policyId: 'gated',
    chunkId: 'only#0',
    recipients: ['told', 'told-opted-out'].map((memberId) => ({ memberId, email: `${memberId}@gated.example`, purposes, attempt: 0 })),
  });
});

const ask = (memberId: string, at: Date) => checkEligibility(deps, 'genai-training', memberId, at);

describe('notice-gated default (noticePeriodDays = 30)', () => {
  const runsOut = new Date(delivered.getTime() + 30 * DAY);
  it.each([
    ['at effectiveAt, 9 days after delivery', new Date(policy.effectiveAt), 'told', 'notice_pending', false],
    ['1 ms before 30 days have passed', new Date(runsOut.getTime() - 1), 'told', 'notice_pending', false],
    ['exactly 30 days after delivery', runsOut, 'told', 'default_opt_in', true],
    ['a year later', new Date(runsOut.getTime() + 365 * DAY), 'told', 'default_opt_in', true],
    ['never told: still pending a year later', new Date(runsOut.getTime() + 365 * DAY), 'untold', 'notice_pending', false],
    ['an explicit choice decides before any notice', runsOut, 'told-opted-out', 'opted_out', false],
  ] as const)('%s', async (_name, at, memberId, reason, eligible) => {
    expect(await ask(memberId, at)).toMatchObject({ reason, eligible, policyVersion: 'gated' });
  });

  it('recorded the delivery at the injected time, on the member item eligibility reads', async () => {
    const member = await deps.store.getMember('told', { consistent: true });
    expect(member?.notices).toEqual({ gated: delivered.toISOString() });
    expect((await deps.store.getMember('untold', { consistent: true }))?.notices).toEqual({});
  });
});
