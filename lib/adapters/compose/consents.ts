// Builds the dependencies of a Lambda container once, from its configuration.
import { systemClock } from '../../app/ports/clock.ts';
import { tableConfig } from '../../config.ts';
import { PolicyCatalog } from '../../app/policy-catalog.ts';
import { RunCatalog } from '../../app/run-catalog.ts';
import type { RunDeps } from '../../app/training-runs.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoStore } from '../dynamo/consent-store.ts';
import { DynamoRunStore } from '../dynamo/run-store.ts';

/** `client`: a container's one DynamoDB client, when other adapters share it. */
export function createDeps(client: DynamoDBDocumentClient = createDocumentClient()): RunDeps {
  const { tableName } = tableConfig();
  const store = new DynamoStore(client, tableName);
  const runStore = new DynamoRunStore(client, tableName);
  return { store, clock: systemClock, policies: new PolicyCatalog(store, systemClock), runStore, runs: new RunCatalog(runStore) };
}
