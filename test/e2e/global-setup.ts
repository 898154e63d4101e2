// One local stack for the browser tests, apart from the integration suite's (their campaigns
// email every member of the stack they run on). Notices are paced slowly enough that a campaign
// is seen running before it is done, and a policy version in force from now on honours Global
// Privacy Control in California, and has French texts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TestProject } from 'vitest/node';
import { startStackProcess } from '../../infra/local/stack-process.ts';
import { loadPolicyTranslations, loadPolicyVersions } from '../../lib/app/policies.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { ensureLogRegistry, provideStack } from '../integration/global-setup.ts';
import { E2E_FRENCH, E2E_POLICY, POLICY_ID } from './fixtures.ts';

/** The stack's table: it inherits this environment, and names the table as infra/local/stack.ts does. */
const LOCAL_TABLE = process.env.TABLE_NAME || 'consent-ledger';

export default async function setup(project: TestProject) {
  // Its log is scanned with every other stack's at the end of the run.
  ensureLogRegistry();
  const stack = await startStackProcess({
    SES_MAX_SEND_RATE: '15',
    NOTICE_RECIPIENTS_PER_MESSAGE: '5',
    NOTICE_SCAN_SEGMENTS: '2',
  });
  // In force since a minute ago, so the pages answer under it at once. The API refuses a version
  // effective before it is recorded (the past is not rewritten), so it goes straight into the
  // table, as the reference versions do; no container has read the policy list yet.
  const client = new DynamoDBClient({
    endpoint: stack.ready.dynamoDbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const now = Date.now();
    const store = new DynamoStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE);
    const [outcome] = await loadPolicyVersions(store, [E2E_POLICY(new Date(now - 60_000), new Date(now - 1_000))], 'e2e-admin', new Date(now));
    if (outcome?.outcome !== 'loaded') throw new Error(`could not load ${POLICY_ID}: ${outcome?.outcome}`);
    const [french] = await loadPolicyTranslations(store, [{ policyId: POLICY_ID, ...E2E_FRENCH }], 'e2e-admin', new Date(now));
    if (french?.outcome !== 'loaded') throw new Error(`could not add the French texts of ${POLICY_ID}: ${french?.outcome}`);
  } finally {
    client.destroy();
  }
  provideStack(project, stack);
  return () => stack.stop();
}
