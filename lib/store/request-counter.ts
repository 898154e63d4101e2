import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Counts the requests a DynamoDB client sends, by operation. Requests are what DynamoDB bills
 * and throttles, so tests and benchmarks count them rather than time them.
 */
export function countRequests(client: Pick<DynamoDBClient, 'middlewareStack'>): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests', override: true },
  );
  return counts;
}
