// Builds the dependencies of a Lambda container once, from its configuration.
import { systemClock } from '../../app/ports/clock.ts';
import { tableConfig } from '../../config.ts';
import type { Deps } from '../../app/deps.ts';
import { PolicyCatalog } from '../../app/policy-catalog.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../dynamo/client.ts';
import { DynamoStore } from '../dynamo/consent-store.ts';

/** `client`: a container's one DynamoDB client, when other adapters share it. */
export function createDeps(client: DynamoDBDocumentClient = createDocumentClient()): Deps {
  const store = new DynamoStore(client, tableConfig().tableName);
  return { store, clock: systemClock, policies: new PolicyCatalog(store, systemClock) };
}
