// Reads the stack's table directly, to check how the service stores what the API answered.
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import { itemBytes } from '../../lib/adapters/dynamo/member-item.ts';

const TABLE = 'consent-ledger';

/** Every item of a member's partition, with its size as DynamoDB bills it. */
export async function memberItems(memberId: string, endpoint = inject('dynamoDbEndpoint')): Promise<{ sk: string; bytes: number; item: Record<string, unknown> }[]> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items = [];
  let startKey: QueryCommand['input']['ExclusiveStartKey'];
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `M#${memberId}` } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      items.push({ sk: item.sk as string, bytes: itemBytes(item), item });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  client.destroy();
  return items;
}

/** The hot item's size, and how many archive items the member's choices fill. */
export async function storedShape(memberId: string): Promise<{ hotBytes: number; archiveItems: number }> {
  const items = await memberItems(memberId);
  return {
    hotBytes: items.find((entry) => entry.sk === 'STATE')?.bytes ?? 0,
    archiveItems: items.filter((entry) => entry.sk.startsWith('AC#')).length,
  };
}
