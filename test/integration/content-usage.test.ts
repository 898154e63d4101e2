// GET /v1/members/{memberId}/content-usage on the stack (issue 14): the IETF AI Preferences value
// content servers attach to a member's public content, as the Content-Usage header and in the
// body, under the shipped reference versions (2025-11-03 in force: opt-out by default everywhere);
// then, on a stack of its own, under a version in force now that makes the EU opt-in.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { loadPolicyVersions } from '../../lib/app/policies.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { adminToken, call, createMember, memberToken, pipelineToken, PURPOSE, uniqueMemberId, useStack, type ApiResponse } from './api-client.ts';

const contentUsageOf = async (memberId: string, token?: string) =>
  call('GET', `/v1/members/${encodeURIComponent(memberId)}/content-usage`, { token: token ?? (await pipelineToken()) });

async function choose(memberId: string, choice: 'granted' | 'denied'): Promise<void> {
  const response = await call('PUT', `/v1/members/${memberId}/consents/${PURPOSE}`, { token: await memberToken(memberId), body: { choice } });
  expect(response.status, response.text).toBe(200);
}

/** The value in the body and the header agree: the header carries it, or is absent when it is empty. */
function expectContentUsage(response: ApiResponse, memberId: string, value: string): void {
  expect(response.status, response.text).toBe(200);
  expect(response.body).toEqual({ memberId, contentUsage: value });
  expect(response.headers.get('content-usage')).toBe(value === '' ? null : value);
  expect(response.headers.get('cache-control')).toBe('no-store');
}

describe('content-usage under the reference versions (shared stack)', () => {
  const members = {
    granted: uniqueMemberId('cu-granted'),
    usDefault: uniqueMemberId('cu-us'),
    euDefault: uniqueMemberId('cu-fr'),
    denied: uniqueMemberId('cu-denied'),
    minor: uniqueMemberId('cu-minor'),
    changedMind: uniqueMemberId('cu-changed'),
  };

  beforeAll(async () => {
    await createMember(members.granted, { country: 'US', subdivision: 'US-CA' });
    await createMember(members.usDefault, { country: 'US' });
    await createMember(members.euDefault, { country: 'FR' });
    await createMember(members.denied, { country: 'DE' });
    await createMember(members.minor, { country: 'US', suspectedMinor: true });
    await createMember(members.changedMind, { country: 'GB' });
    await choose(members.granted, 'granted');
    await choose(members.denied, 'denied');
    await choose(members.minor, 'granted');
    await choose(members.changedMind, 'granted');
    await choose(members.changedMind, 'denied');
  });

  it('says train-ai=y for a member who granted it, in the header and the body', async () => {
    expectContentUsage(await contentUsageOf(members.granted), members.granted, 'train-ai=y');
    // An administrator may ask too.
    expectContentUsage(await contentUsageOf(members.granted, await adminToken()), members.granted, 'train-ai=y');
  });

  it('says nothing for a member eligible only by default (US): no header, an empty value', async () => {
    expectContentUsage(await contentUsageOf(members.usDefault), members.usDefault, '');
  });

  it('says nothing for an EU member without a choice either: since 2025-11-03 the EU has the same opt-out default', async () => {
    const eligibility = await call('GET', `/v1/eligibility/${PURPOSE}/${members.euDefault}`, { token: await pipelineToken() });
    expect(eligibility.body).toMatchObject({ eligible: true, reason: 'default_opt_in', jurisdiction: 'default' });
    expectContentUsage(await contentUsageOf(members.euDefault), members.euDefault, '');
  });

  it('says train-ai=n for a member who denied it, a minor who granted it, and a grant later withdrawn', async () => {
    expectContentUsage(await contentUsageOf(members.denied), members.denied, 'train-ai=n');
    expectContentUsage(await contentUsageOf(members.minor), members.minor, 'train-ai=n');
    expectContentUsage(await contentUsageOf(members.changedMind), members.changedMind, 'train-ai=n');
  });

  it('follows a choice at once: a grant turns nothing into y, an opt-out y into n', async () => {
    const memberId = uniqueMemberId('cu-toggle');
    await createMember(memberId, { country: 'CA' });
    expectContentUsage(await contentUsageOf(memberId), memberId, '');
    await choose(memberId, 'granted');
    expectContentUsage(await contentUsageOf(memberId), memberId, 'train-ai=y');
    await choose(memberId, 'denied');
    expectContentUsage(await contentUsageOf(memberId), memberId, 'train-ai=n');
  });

  it('says train-ai=n for a member the ledger does not know, as eligibility answers unknown_member (not 404)', async () => {
    const nobody = uniqueMemberId('cu-nobody');
    expectContentUsage(await contentUsageOf(nobody), nobody, 'train-ai=n');
  });

  it('refuses a member id of the wrong form: 400 naming path.memberId', async () => {
    for (const bad of ['a b', 'x'.repeat(129), 'émile']) {
      const response = await contentUsageOf(bad);
      expect(response.status, bad).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'path.memberId', rule: 'pattern' })]);
      expect(response.headers.get('content-usage')).toBeNull();
    }
  });

  it('answers 401 without a valid token and 403 to the member themselves (no eligibility:read)', async () => {
    const none = await call('GET', `/v1/members/${members.granted}/content-usage`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ message: 'Unauthorized' });
    const self = await contentUsageOf(members.granted, await memberToken(members.granted));
    expect(self.status).toBe(403);
    expect(self.headers.get('content-usage')).toBeNull();
  });
});

// A version in force now can only be loaded straight into a table (the API refuses versions
// effective before they are recorded), and it would change every answer of the shared stack, so
// this part runs on a stack of its own, loaded before any container has read the policy list.
describe('content-usage where the EU is opt-in (a stack of its own)', () => {
  let stack: StackProcess | undefined;
  const euNoChoice = uniqueMemberId('cu-eu');
  const euGranted = uniqueMemberId('cu-eu-granted');
  const usDefault = uniqueMemberId('cu-us');

  beforeAll(async () => {
    stack = await startStackProcess();
    const reference = REFERENCE_POLICIES.at(-1)!.purposes[PURPOSE]!;
    const now = Date.now();
    const euOptIn: PolicyVersion = {
      id: 'eu-opt-in',
      announcedAt: new Date(now - 60_000).toISOString(),
      effectiveAt: new Date(now - 1_000).toISOString(),
      purposes: { [PURPOSE]: { ...reference, rules: { EU: { regime: 'opt_in', legalBasis: 'consent' } } } },
    };
    const client = new DynamoDBClient({ endpoint: stack.ready.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const store = new DynamoStore(DynamoDBDocumentClient.from(client), process.env.TABLE_NAME || 'consent-ledger');
      expect(await loadPolicyVersions(store, [euOptIn], 'content-usage-test', new Date(now))).toEqual([{ id: 'eu-opt-in', outcome: 'loaded' }]);
    } finally {
      client.destroy();
    }
    useStack(stack.ready);
    await createMember(euNoChoice, { country: 'FR' });
    await createMember(euGranted, { country: 'IT' });
    await createMember(usDefault, { country: 'US' });
    await choose(euGranted, 'granted');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('says train-ai=n for an EU member with no choice (no_consent), y once granted; a US member still nothing', async () => {
    const eligibility = await call('GET', `/v1/eligibility/${PURPOSE}/${euNoChoice}`, { token: await pipelineToken() });
    expect(eligibility.body).toMatchObject({ eligible: false, reason: 'no_consent', policyVersion: 'eu-opt-in', jurisdiction: 'EU' });
    expectContentUsage(await contentUsageOf(euNoChoice), euNoChoice, 'train-ai=n');
    expectContentUsage(await contentUsageOf(euGranted), euGranted, 'train-ai=y');
    expectContentUsage(await contentUsageOf(usDefault), usDefault, '');
  });
});
