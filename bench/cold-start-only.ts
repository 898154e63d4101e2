// The cold-start scenario alone, on a DynamoDB Local of its own:
//   node bench/cold-start-only.ts [runs=9] [port=8411]
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { measureColdStarts } from './cold-start.ts';

const runs = Number(process.argv[2] ?? 9);
const port = Number(process.argv[3] ?? 8411);
const tableName = 'cold-start';
const dynamo = await startDynamoDbLocal({ port });
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, tableName);
  client.destroy();
  const figures = await measureColdStarts({ dynamoDbEndpoint: dynamo.endpoint, tableName, runs });
  console.log(JSON.stringify(figures, null, 2));
  console.log(`baseline: ${figures.baseline.bundleBytes} B, ${figures.baseline.coldMs} ms (median of ${runs})`);
  for (const r of figures.rows) {
    console.log(`${r.handler.padEnd(12)} ${String(r.bundleBytes).padStart(9)} B  size x${r.sizeRatio}  ${r.coldMs} ms  time x${r.ratio}`);
  }
} finally {
  await dynamo.stop();
}
