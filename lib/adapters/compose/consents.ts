// Builds the dependencies of a Lambda container once, from its configuration.
import { systemClock } from '../../app/ports/clock.ts';
import { tableConfig } from '../../config.ts';
import { PolicyCatalog } from '../../app/policy-catalog.ts';
import { RunCatalog } from '../../app/run-catalog.ts';
import type { ChoiceDeps } from '../../app/deps.ts';
import type { RunDeps } from '../../app/training-runs.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoStore } from '../dynamo/consent-store.ts';
import { DynamoRunStore } from '../dynamo/run-store.ts';
import { createReceiptSigner } from './receipts.ts';

/** `client`: a container's one DynamoDB client, when other adapters share it. */
export function createDeps(client: DynamoDBDocumentClient = createDocumentClient()): RunDeps {
  const { tableName } = tableConfig();
  const store = new DynamoStore(client, tableName);
  const runStore = new DynamoRunStore(client, tableName);
  return { store, clock: systemClock, policies: new PolicyCatalog(store, systemClock), runStore, runs: new RunCatalog(runStore) };
}

/**
 * The ledger and the receipt signer, for the functions that record choices (consents, optout,
 * pages). Awaited at module load: the signing key is loaded (in AWS, decrypted) once per
 * container, and a container that cannot sign fails its cold start rather than a write.
 */
export async function createChoiceDeps(client: DynamoDBDocumentClient = createDocumentClient()): Promise<RunDeps & ChoiceDeps> {
  return { ...createDeps(client), receipts: await createReceiptSigner(client) };
}
