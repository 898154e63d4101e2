import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { instrument } from '../aws-usage.ts';
import { injectDynamoFaults } from '../faults.ts';

/**
 * The one DynamoDB client of a Lambda container. Endpoint, region and credentials come from the
 * SDK's standard environment (AWS_ENDPOINT_URL_DYNAMODB locally), never from code here.
 * Short timeouts make the service fail closed quickly instead of hanging when storage is away.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  instrument(client, 'DynamoDB');
  injectDynamoFaults(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
