// The one seam between the AWS clients the runtime builds and whoever wants to watch them. In
// Lambda nothing registers a hook: this file carries no test code, only the list and the loop.
// The local stack (infra/local/instrumentation/) registers its request counting and fault
// injection here before it loads any handler, so none of that is bundled into the handlers.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** A client as the runtime's factories build it, named by the service it talks to. */
export type CreatedClient =
  | { service: 'DynamoDB'; client: DynamoDBClient }
  | { service: 'SES'; client: SESv2Client }
  | { service: 'SQS'; client: SQSClient }
  | { service: 'SNS'; client: SNSClient }
  | { service: 'KMS'; client: KMSClient };

/** Called with every client the factories build, before its first request. Empty in production. */
export const clientHooks: ((created: CreatedClient) => void)[] = [];

/** The factories' last step: hands the new client to every hook, then returns it. */
export function clientCreated<Created extends CreatedClient>(created: Created): Created['client'] {
  for (const hook of clientHooks) hook(created);
  return created.client;
}
