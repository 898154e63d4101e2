import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientCreated } from '../client-hooks.ts';
import { dynamoClientConfig } from '../../config.ts';

/**
 * The one DynamoDB client of a Lambda container. Endpoint, region and credentials come from the
 * SDK's standard environment (AWS_ENDPOINT_URL_DYNAMODB locally), never from code here.
 * Short timeouts make the service fail closed quickly instead of hanging when storage is away
 * (the SDK only warns about a slow request unless told to throw).
 *
 * DYNAMODB_MAX_SOCKETS is for the local stack, where one worker thread stands for all of a
 * function's containers: there its one client needs the sockets those containers would have had
 * (the SDK's 50 would queue requests behind each other and time them out at connect).
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  const { maxSockets } = dynamoClientConfig();
  const client = new DynamoDBClient({
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      throwOnRequestTimeout: true,
      ...(maxSockets ? { httpAgent: { keepAlive: true, maxSockets } } : {}),
    },
  });
  // The hooks see the plain client: the document client shares its middleware stack.
  return DynamoDBDocumentClient.from(clientCreated({ service: 'DynamoDB', client }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
