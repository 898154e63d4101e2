// A synthetic member population, written straight to the table in the service's own item shape
// (BatchWriteItem, 25 items a call): loading is setup, not what the benchmark measures.
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { MemberRecord } from '../lib/app/ports/consent-store.ts';
import { stateItem } from '../lib/adapters/dynamo/member-item.ts';

/** Jurisdictions and their share of the population; every regime of the reference policies. */
const MIX: [country: string, subdivision: string | undefined, weight: number][] = [
  ['US', 'US-CA', 14], ['US', 'US-NY', 10], ['US', 'US-TX', 10], ['US', undefined, 6], ['CA', undefined, 6],
  ['GB', undefined, 8], ['FR', undefined, 7], ['DE', undefined, 8], ['IE', undefined, 2], ['NL', undefined, 3],
  ['NO', undefined, 1], ['CH', undefined, 2], ['HK', undefined, 2], ['BR', undefined, 8], ['IN', undefined, 8], ['JP', undefined, 5],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [, , weight]) => sum + weight, 0);

export const benchMemberId = (index: number) => `bench-${String(index).padStart(7, '0')}`;

/** Deterministic: member i is the same in every run. */
export function benchMember(index: number, now: string): MemberRecord {
  let pick = (index * 7919) % TOTAL_WEIGHT;
  let [country, subdivision] = MIX[0]!;
  for (const [c, s, weight] of MIX) {
    if (pick < weight) {
      [country, subdivision] = [c, s];
      break;
    }
    pick -= weight;
  }
  const minor = index % 50 === 7;
  const choices: MemberRecord['choices'] = index % 9 === 0 ? { 'genai-training': [{ at: now, choice: index % 2 ? 'granted' : 'denied', source: 'import', actor: 'bench', requestId: `bench-${index}` }] } : {};
  return {
    memberId: benchMemberId(index),
    email: `${benchMemberId(index)}@bench.example`,
    locale: country === 'FR' ? 'fr' : country === 'DE' ? 'de' : 'en',
    profiles: [{ from: now, country, ...(subdivision ? { subdivision } : {}), birthDate: minor ? '2012-04-01' : `19${60 + (index % 40)}-0${1 + (index % 9)}-1${index % 9}`, suspectedMinor: false }],
    choices,
    counts: Object.fromEntries(Object.entries(choices).map(([purpose, entries]) => [purpose, entries.length])),
    archivedChoices: {},
    profilesTrimmed: false,
    notices: {},
    recentRequests: [],
    hotBytes: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export async function loadPopulation(
  options: { dynamoDbEndpoint: string; tableName: string; members: number },
  onProgress: (done: number) => void = () => undefined,
): Promise<void> {
  const client = new DynamoDBClient({ endpoint: options.dynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const now = new Date().toISOString();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.members) {
      // This worker's slice; `next` moves on while it waits for DynamoDB.
      const start = next;
      const end = Math.min(options.members, start + 25);
      next = end;
      let requests = Array.from({ length: end - start }, (_, i) => ({
        PutRequest: { Item: marshall(stateItem(benchMember(start + i, now)), { removeUndefinedValues: true }) },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
        const response = await client.send(new BatchWriteItemCommand({ RequestItems: { [options.tableName]: requests } }));
        requests = (response.UnprocessedItems?.[options.tableName] as typeof requests | undefined) ?? [];
      }
      done += end - start;
      onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  client.destroy();
}
