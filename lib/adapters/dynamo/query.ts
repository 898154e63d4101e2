// Reading a whole partition: every page of a Query, for the stores' small partitions (policies,
// campaigns, a campaign's work items).
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guarded } from './errors.ts';

/**
 * Every item of one partition (optionally one sort-key prefix), page by page, strongly consistent;
 * `projection`: only these attributes of each.
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  table: string,
  pk: string,
  skPrefix?: string,
  projection?: readonly string[],
): Promise<Record<string, any>[]> {
  // `any`: items of several shapes come back; each caller reads the fields of its own.
  const items: Record<string, any>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guarded(() =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: skPrefix === undefined ? { ':pk': pk } : { ':pk': pk, ':prefix': skPrefix },
          ...(projection === undefined
            ? {}
            : {
                ProjectionExpression: projection.map((name) => `#${name}`).join(', '),
                ExpressionAttributeNames: Object.fromEntries(projection.map((name) => [`#${name}`, name])),
              }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
