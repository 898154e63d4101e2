// The whole service on this machine: emulators of the AWS services it uses, its table and
// reference policies, and the HTTP API in front of the same handlers that run in Lambda.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import type { FunctionName } from '../../lib/http/routes.ts';
import { createDocumentClient } from '../../lib/store/dynamo-client.ts';
import { DynamoStore } from '../../lib/store/dynamo-store.ts';
import { tableName } from '../../lib/store/table.ts';
import { ensureTable, startDynamoDbLocal, type RunningEmulator } from './dynamodb.ts';
import { LocalHttpApi } from './http-api.ts';
import { ensureKeys, LOCAL_AUDIENCE, LOCAL_ISSUER } from './identity.ts';
import { PROJECT_ROOT } from './paths.ts';

export interface LocalStackOptions {
  port: number;
  host?: string;
  stateDir: string;
  /** Keep DynamoDB data in memory only (tests); otherwise under stateDir/dynamodb. */
  inMemory: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  dynamoDbEndpoint: string;
  stateDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Handlers read the SDK's standard environment; set what the local emulators need. */
function useLocalAwsEnvironment(): void {
  process.env.AWS_REGION ??= 'us-east-1';
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  process.env.TABLE_NAME ??= 'consent-ledger';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    useLocalAwsEnvironment();
    let dynamo: RunningEmulator | undefined;
    if (process.env.AWS_ENDPOINT_URL_DYNAMODB) {
      log(`DynamoDB: using ${process.env.AWS_ENDPOINT_URL_DYNAMODB} (AWS_ENDPOINT_URL_DYNAMODB)`);
    } else {
      dynamo = await startDynamoDbLocal({
        port: await freePort(),
        dataDir: options.inMemory ? undefined : join(options.stateDir, 'dynamodb'),
      });
      stops.push(() => dynamo!.stop());
      process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
      log(`DynamoDB Local: ${dynamo.endpoint} (${options.inMemory ? 'in memory' : `data in ${join(options.stateDir, 'dynamodb')}`})`);
    }

    const admin = new DynamoDBClient({});
    await ensureTable(admin, tableName());
    admin.destroy();
    await loadReferencePolicies(log);

    const keys = await ensureKeys(options.stateDir);
    const functions = new Map<FunctionName, Promise<(event: never, context: never) => Promise<unknown>>>();
    const api = new LocalHttpApi({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      jwks: keys.jwks,
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      // One module instance per function, like one warm Lambda container each.
      loadFunction: (name) => {
        let loaded = functions.get(name);
        if (!loaded) {
          loaded = import(pathToFileURL(join(PROJECT_ROOT, 'functions', `${name}.ts`)).href).then((module) => module.handler);
          functions.set(name, loaded);
        }
        return loaded as never;
      },
    });
    const url = await api.listen();
    stops.push(() => api.close());
    return { url, dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, stateDir: options.stateDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The built-in reference policies (DOMAIN.md section 4), recorded once and never overwritten. */
async function loadReferencePolicies(log: (line: string) => void): Promise<void> {
  const client = createDocumentClient();
  const store = new DynamoStore(client, tableName());
  for (const policy of REFERENCE_POLICIES) {
    const outcome = await store.putPolicy({ policy, recordedAt: new Date().toISOString(), recordedBy: 'local-stack' });
    if (outcome === 'created') log(`policy ${policy.id}: loaded`);
  }
  client.destroy();
}
