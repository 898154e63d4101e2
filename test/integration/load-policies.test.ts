// `npm run policies:load`: the reference versions and their translations go straight into a table,
// never through the API (which refuses versions effective in the past), and loading again changes
// nothing; translations shipped after a version was loaded are added to it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';

const run = promisify(execFile);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
// A table of its own, so the stack's table (and the tests sharing it) are not touched.
const table = `policies-load-${process.pid}-${Date.now()}`;
const endpoint = inject('dynamoDbEndpoint');
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const store = new DynamoStore(documents, table);

/** The script as an operator runs it (`npm run policies:load -- ...` runs exactly this). */
async function load(args: string[], env: Record<string, string> = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  // Only what this call says: no endpoint inherited from elsewhere.
  delete environment.AWS_ENDPOINT_URL_DYNAMODB;
  Object.assign(environment, env);
  try {
    const { stdout, stderr } = await run(process.execPath, ['infra/load-policies.ts', ...args], { env: environment });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => client.destroy());

describe('npm run policies:load', () => {
  it('loads every reference version, then reports them present and leaves them; a changed one fails', async () => {
    await ensureTable(client, table);

    const first = await load(['--table', table, '--endpoint', endpoint]);
    expect(first.code, first.stderr).toBe(0);
    for (const policy of REFERENCE_POLICIES) expect(first.stdout).toContain(`policy ${policy.id}: loaded`);
    for (const { policyId, locale } of REFERENCE_TRANSLATIONS) expect(first.stdout).toContain(`policy ${policyId} texts in ${locale}: loaded`);
    expect((await store.listPolicyTranslations()).map(({ policyId, locale, texts }) => ({ policyId, locale, texts }))).toEqual(
      expect.arrayContaining(REFERENCE_TRANSLATIONS.map((translation) => ({ ...translation }))),
    );
    const stored = await store.listPolicies();
    expect(stored.map((entry) => entry.policy).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...REFERENCE_POLICIES].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(stored.every((entry) => entry.recordedBy === 'policies:load')).toBe(true);

    // Again, with the endpoint from the SDK's standard variable instead of the flag.
    const again = await load(['--table', table, '--region', 'us-east-1'], { AWS_ENDPOINT_URL_DYNAMODB: endpoint });
    expect(again.code, again.stderr).toBe(0);
    for (const policy of REFERENCE_POLICIES) expect(again.stdout).toContain(`policy ${policy.id}: already present`);
    for (const { policyId, locale } of REFERENCE_TRANSLATIONS) expect(again.stdout).toContain(`policy ${policyId} texts in ${locale}: already present`);
    expect(await store.listPolicies()).toEqual(stored);

    // Someone changed a stored version: loading refuses to overwrite it and says so.
    const changed = REFERENCE_POLICIES[0]!;
    await documents.send(new UpdateCommand({
      TableName: table,
      Key: { pk: 'POLICY', sk: changed.id },
      UpdateExpression: 'SET #policy.#summary = :summary',
      ExpressionAttributeNames: { '#policy': 'policy', '#summary': 'summary' },
      ExpressionAttributeValues: { ':summary': 'edited by hand' },
    }));
    const clash = await load(['--table', table, '--endpoint', endpoint]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(`policy ${changed.id}: stored with other content`);
    expect((await store.getPolicy(changed.id))?.policy.summary).toBe('edited by hand');
  });

  it('finds the reference versions and their translations already in the local stack\'s table, loaded by its bootstrap', async () => {
    const result = await load(['--table', 'consent-ledger', '--endpoint', endpoint]);
    expect(result.code, result.stderr).toBe(0);
    for (const policy of REFERENCE_POLICIES) expect(result.stdout).toContain(`policy ${policy.id}: already present`);
    for (const { policyId, locale } of REFERENCE_TRANSLATIONS) expect(result.stdout).toContain(`policy ${policyId} texts in ${locale}: already present`);
  });

  it('adds translations shipped later to versions loaded before them, and leaves the versions as they were', async () => {
    const older = `policies-older-${process.pid}-${Date.now()}`;
    await ensureTable(client, older);
    const olderStore = new DynamoStore(documents, older);
    // A table loaded before translations were shipped: the versions alone.
    for (const policy of REFERENCE_POLICIES) await olderStore.putPolicy({ policy, recordedAt: policy.announcedAt, recordedBy: 'an older load' });
    const result = await load(['--table', older, '--endpoint', endpoint]);
    expect(result.code, result.stderr).toBe(0);
    for (const policy of REFERENCE_POLICIES) expect(result.stdout).toContain(`policy ${policy.id}: already present`);
    for (const { policyId, locale } of REFERENCE_TRANSLATIONS) expect(result.stdout).toContain(`policy ${policyId} texts in ${locale}: loaded`);
    expect((await olderStore.listPolicies()).every((entry) => entry.recordedBy === 'an older load')).toBe(true);
  });

  it('refuses to run without --table', async () => {
    const result = await load(['--endpoint', endpoint]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--table is required');
  });
});
