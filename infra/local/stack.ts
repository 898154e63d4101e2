// The whole service on this machine: emulators of the AWS services it uses, its table, queues
// and reference policies, the HTTP API in front of the same handlers that run in Lambda, and the
// event source mappings that feed the SQS consumers.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { tableConfig, tokenNamesConfig } from '../../lib/config.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { createSesClient, NOTICE_TEMPLATE, SesMailer } from '../../lib/adapters/ses.ts';
import { createDocumentClient } from '../../lib/adapters/dynamo/client.ts';
import { DynamoStore } from '../../lib/adapters/dynamo/consent-store.ts';
import { DynamoReceiptKeys } from '../../lib/adapters/dynamo/receipt-keys.ts';
import { loadPolicyTranslations, loadPolicyVersions } from '../../lib/app/policies.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb.ts';
import { startSesEmulator } from './email.ts';
import { EventSourceMapping, type SqsHandler } from './event-source.ts';
import { functionEnvironment, FunctionWorkers, type LocalValues } from './function-workers.ts';
import { LocalHttpApi } from './http-api.ts';
import { ensureKeys, LOCAL_AUDIENCE, writeIdentity } from './identity.ts';
import { PAGES_CLIENT_ID, startIdentityProvider } from './identity-provider.ts';
import { instrument } from './instrumentation/aws-usage.ts';
import { crashOnceAfterFirstRecord, injectedFaults, processUsage, sumUsage, type FaultKind } from './instrumentation/index.ts';
import { FANOUT_CONSUMER, FUNCTIONS, MAX_RECEIVE_COUNT, PUBLISH_CONSUMER, VISIBILITY_FACTOR } from '../functions.ts';
import { eventSource } from '../events.ts';
import { ensureEventTopology, type EventTopology } from './event-topic.ts';
import { StreamEventSource } from './stream-source.ts';
import { ensureQueueWithDlq, startSqsEmulator, type QueuePair } from './queues.ts';
import { ensureLocalReceiptKeys, publishLocalReceiptKeys } from './receipt-keys.ts';

export interface LocalStackOptions {
  port: number;
  host?: string;
  stateDir: string;
  /** Keep data in memory only (tests); otherwise under stateDir. */
  inMemory: boolean;
  /** Port of the SES emulator and its web inbox (0: any free port). */
  sesPort: number;
  /** Port of the identity provider on localhost (0: any free port). */
  idpPort: number;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  /** The identity provider's issuer, where the pages send browsers to sign in. */
  issuer: string;
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
  sesEndpoint: string;
  queues: { fanout: QueuePair; notices: QueuePair };
  /** The change-event topic, the example audit queue, the stream mapping's failure queue. */
  events: EventTopology;
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

const intFromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * The stack's own environment, which its setup reads and from which each function's worker takes
 * what Lambda would provide (region, credentials, endpoints, Powertools settings) and the local
 * values of a few of its variables. The functions never see the rest (./function-workers.ts).
 */
function useLocalEnvironment(): void {
  process.env.AWS_REGION ??= 'us-east-1';
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  process.env.TABLE_NAME ??= 'consent-ledger';
  process.env.POWERTOOLS_SERVICE_NAME ??= 'consent-ledger';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // The SES emulator accepts any sender; AWS gets the verified one as a stack parameter.
  process.env.NOTICE_FROM_ADDRESS ??= 'privacy@consent-ledger.local';
  // Per function: its one worker (one DynamoDB client) serves what would be all its containers.
  process.env.DYNAMODB_MAX_SOCKETS ??= '250';
  // The emulator does not throttle; a generous rate keeps the demo quick.
  process.env.SES_MAX_SEND_RATE ??= '500';
}

/** The link-signing key, generated on first start and kept with the other local keys. */
function ensureLinkKey(stateDir: string): string {
  const path = join(stateDir, 'keys', 'link-signing.key');
  if (!existsSync(path)) {
    mkdirSync(join(stateDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(path, 'utf8').trim();
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    useLocalEnvironment();
    const dataDir = (name: string) => (options.inMemory ? undefined : join(options.stateDir, name));

    if (process.env.AWS_ENDPOINT_URL_DYNAMODB) {
      log(`DynamoDB: using ${process.env.AWS_ENDPOINT_URL_DYNAMODB} (AWS_ENDPOINT_URL_DYNAMODB)`);
    } else {
      const dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir: dataDir('dynamodb') });
      stops.push(() => dynamo.stop());
      process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
      log(`DynamoDB Local: ${dynamo.endpoint} (${options.inMemory ? 'in memory' : `data in ${dataDir('dynamodb')}`})`);
    }
    if (process.env.AWS_ENDPOINT_URL_SQS) {
      log(`SQS: using ${process.env.AWS_ENDPOINT_URL_SQS} (AWS_ENDPOINT_URL_SQS)`);
    } else {
      const sqs = await startSqsEmulator({ dataDir: dataDir('sqs') });
      stops.push(() => sqs.stop());
      process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
      log(`SQS and SNS (fauxqs): ${sqs.endpoint}`);
    }
    // fauxqs serves SNS beside SQS; the stream is read where DynamoDB answers.
    process.env.AWS_ENDPOINT_URL_SNS ??= process.env.AWS_ENDPOINT_URL_SQS;
    process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ??= process.env.AWS_ENDPOINT_URL_DYNAMODB;
    if (process.env.AWS_ENDPOINT_URL_SESV2) {
      log(`SES: using ${process.env.AWS_ENDPOINT_URL_SESV2} (AWS_ENDPOINT_URL_SESV2)`);
    } else {
      const ses = await startSesEmulator(options.sesPort);
      stops.push(() => ses.stop());
      process.env.AWS_ENDPOINT_URL_SESV2 = ses.endpoint;
      log(`SES (aws-ses-v2-local): ${ses.endpoint}  <- web inbox of every email sent`);
    }

    const admin = new DynamoDBClient({});
    const streamArn = await ensureTable(admin, tableConfig().tableName);
    admin.destroy();
    await loadReferencePolicies(log);
    const receiptKeys = await ensureLocalReceiptKeys(options.stateDir);
    await publishReceiptKeys(receiptKeys);

    // Queue settings as the CDK stack deploys them (infra/functions.ts), each overridable for tests.
    const timeoutSeconds = (consumer: 'fanout' | 'notify') => intFromEnv('CONSUMER_TIMEOUT_SECONDS', FUNCTIONS[consumer].timeoutSeconds);
    const visibility = (consumer: 'fanout' | 'notify') => intFromEnv('QUEUE_VISIBILITY_TIMEOUT_SECONDS', VISIBILITY_FACTOR * timeoutSeconds(consumer));
    const maxReceiveCount = intFromEnv('QUEUE_MAX_RECEIVE_COUNT', MAX_RECEIVE_COUNT);
    // The pollers' own requests, counted apart: in AWS the event source mapping makes them.
    const sqs = instrument(new SQSClient({ useQueueUrlAsEndpoint: false }), 'SQS (event source mappings)');
    const queues = {
      fanout: await ensureQueueWithDlq(sqs, { name: 'consent-ledger-fanout', visibilityTimeoutSeconds: visibility('fanout'), maxReceiveCount }),
      notices: await ensureQueueWithDlq(sqs, { name: 'consent-ledger-notices', visibilityTimeoutSeconds: visibility('notify'), maxReceiveCount }),
    };
    const sns = new SNSClient({});
    stops.push(async () => sns.destroy());
    const events = await ensureEventTopology(sns, sqs, VISIBILITY_FACTOR * FUNCTIONS.publish.timeoutSeconds);
    await new SesMailer(createSesClient(), 'unused@local').ensureTemplate();

    // The identity provider signs with the local keys, under the token names this stack is given
    // (MEMBER_ID_CLAIM, ADMIN_SCOPE, ELIGIBILITY_SCOPE; the contract's own by default).
    const keys = await ensureKeys(options.stateDir);
    const tokenNames = tokenNamesConfig();
    const idp = await startIdentityProvider({ port: options.idpPort, keys, audience: LOCAL_AUDIENCE, tokenNames });
    stops.push(() => idp.stop());
    writeIdentity(options.stateDir, { issuer: idp.issuer, audience: LOCAL_AUDIENCE, tokenNames });
    const linkKey = process.env.LINK_SIGNING_KEY || ensureLinkKey(options.stateDir);
    let publicBaseUrl: string | undefined;
    let serviceUrl: string | undefined;
    // Every variable of infra/functions.ts, valued here; each function gets its own of them.
    const values = (): LocalValues => ({
      TABLE_NAME: tableConfig().tableName,
      POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME,
      NODE_OPTIONS: '--enable-source-maps',
      FANOUT_QUEUE_URL: queues.fanout.url,
      NOTICE_QUEUE_URL: queues.notices.url,
      FANOUT_DLQ_URL: queues.fanout.dlqUrl,
      NOTICE_DLQ_URL: queues.notices.dlqUrl,
      // Given as LINK_SIGNING_KEY, the key itself: no Secrets Manager here.
      LINK_SIGNING_KEY_SECRET_ARN: linkKey,
      // Given as RECEIPT_SIGNING_KEY, the newest key of the state folder itself: no KMS here.
      RECEIPT_KMS_KEY_ARN: JSON.stringify(receiptKeys.at(-1)!.privateJwk),
      // The pages verify session tokens as the JWT authorizer does: same issuer, audience and
      // keys, given as JWT_JWKS, the document itself.
      JWT_ISSUER: idp.issuer,
      JWT_AUDIENCE: LOCAL_AUDIENCE,
      JWT_JWKS_URL: JSON.stringify(keys.jwks),
      MEMBER_ID_CLAIM: tokenNames.memberIdClaim,
      ADMIN_SCOPE: tokenNames.scopes.admin,
      ELIGIBILITY_SCOPE: tokenNames.scopes.eligibilityRead,
      // The pages sign in at the local provider; it grants the admin scope asked for only when its
      // page's box is ticked. It advertises its end-session endpoint, so no logout address here.
      OIDC_CLIENT_ID: PAGES_CLIENT_ID,
      OIDC_REDIRECT_URI: serviceUrl && new URL('/sign-in/callback', serviceUrl).href,
      OIDC_SCOPE: `openid ${tokenNames.scopes.admin}`,
      OIDC_LOGOUT_URL: undefined,
      // Unset: lib/config.ts's default, as the CDK stack computes it for the account's rate.
      NOTICE_RECIPIENTS_PER_MESSAGE: process.env.NOTICE_RECIPIENTS_PER_MESSAGE,
      NOTICE_FROM_ADDRESS: process.env.NOTICE_FROM_ADDRESS,
      NOTICE_TEMPLATE_NAME: NOTICE_TEMPLATE,
      // The SES emulator has no configuration sets.
      SES_CONFIGURATION_SET: undefined,
      SES_MAX_SEND_RATE: process.env.SES_MAX_SEND_RATE,
      // Unset (1 share): notify's consumers run in its one worker and share its rate limiter.
      SES_RATE_SHARES: undefined,
      PUBLIC_BASE_URL: publicBaseUrl,
      EVENT_TOPIC_ARN: events.topicArn,
      EVENT_SOURCE: eventSource('local'),
    });

    // One worker thread per function, like one warm Lambda container each, with its environment
    // only. Every client they build is counted and carries the test's faults; the stack's own
    // setup above is neither the service's usage nor to be failed.
    const workers = new FunctionWorkers({
      environment: (name) => functionEnvironment(name, values()),
      faults: process.env.CONSENT_LEDGER_FAULTS,
    });
    stops.push(() => workers.stop());

    // The change stream as its event source mapping sees it (infra/functions.ts PUBLISH_CONSUMER).
    const streams = new DynamoDBStreamsClient({});
    const stream = new StreamEventSource({
      streams, streamArn, functionName: 'consent-ledger-publish',
      loadHandler: async () => workers.handler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>('publish'),
      batchSize: PUBLISH_CONSUMER.batchSize,
      maxBatchingWindowMs: intFromEnv('PUBLISH_BATCHING_WINDOW_MS', PUBLISH_CONSUMER.maxBatchingWindowSeconds * 1000),
      retryAttempts: PUBLISH_CONSUMER.retryAttempts,
      bisectOnError: PUBLISH_CONSUMER.bisectOnError,
      timeoutMs: FUNCTIONS.publish.timeoutSeconds * 1000,
      onFailure: async (failure) => {
        log(`publish: gave up on ${failure.DDBStreamBatchInfo.batchSize} changes (${failure.responseContext.functionError})`);
        await sqs.send(new SendMessageCommand({ QueueUrl: events.publishDlqUrl, MessageBody: JSON.stringify(failure) }));
      },
      checkpointFile: options.inMemory ? undefined : join(options.stateDir, 'stream-checkpoints.json'),
      onError: (error) => log(`publish: ${(error as Error).message}`),
    });
    const api = new LocalHttpApi({
      port: options.port,
      host: options.host ?? '127.0.0.1',
      jwks: keys.jwks,
      issuer: idp.issuer,
      audience: LOCAL_AUDIENCE,
      tokenNames,
      loadFunction: async (name) => workers.handler(name),
      // The totals over every function's thread and this one (the event source mappings' polls).
      usage: async (reset) => {
        const counts = await workers.counts(reset);
        if (reset) processUsage.reset();
        return sumUsage([processUsage.snapshot(), ...counts.map((count) => count.usage)]);
      },
      details: () => ({
        eventTopicArn: events.topicArn,
        auditQueueUrl: events.audit.url,
        publishDlqUrl: events.publishDlqUrl,
        publishInvocations: stream.invocations,
        streamIdleMs: stream.idleMs(),
      }),
      faults: async () => {
        const totals = { ...injectedFaults };
        for (const { faults } of await workers.counts()) {
          for (const kind of Object.keys(totals) as FaultKind[]) totals[kind] += faults[kind] ?? 0;
        }
        return totals;
      },
    });
    const url = await api.listen();
    stops.push(() => api.close());
    // Links in emails point at this API, as they point at the API Gateway's address in AWS. Set
    // before any request can reach a function: workers start on their first invocation.
    publicBaseUrl = process.env.PUBLIC_BASE_URL || url;
    serviceUrl = url;
    // The provider knows the pages' client only now: its redirect address is this API's.
    idp.serve(url);

    // The notify consumer as its event source mapping sees it: crashing once mid-batch if asked to.
    let notify: SqsHandler | undefined;
    const mappings = [
      new EventSourceMapping({
        sqs, queueUrl: queues.fanout.url, queueArn: queues.fanout.arn, functionName: 'consent-ledger-fanout',
        loadHandler: async () => workers.handler<SQSEvent, SQSBatchResponse | void>('fanout'),
        batchSize: FANOUT_CONSUMER.batchSize, maximumConcurrency: FANOUT_CONSUMER.maxConcurrency, timeoutMs: timeoutSeconds('fanout') * 1000,
        onError: (error) => log(`fanout: ${(error as Error).message}`),
      }),
      new EventSourceMapping({
        sqs, queueUrl: queues.notices.url, queueArn: queues.notices.arn, functionName: 'consent-ledger-notify',
        loadHandler: async () => (notify ??= crashOnceAfterFirstRecord(workers.handler<SQSEvent, SQSBatchResponse | void>('notify'))),
        batchSize: intFromEnv('NOTIFY_BATCH_SIZE', 5),
        maximumConcurrency: intFromEnv('NOTIFY_CONCURRENCY', 2), timeoutMs: timeoutSeconds('notify') * 1000,
        onError: (error) => log(`notify: ${(error as Error).message}`),
      }),
    ];
    for (const mapping of mappings) mapping.start();
    stream.start();
    stops.push(async () => {
      await Promise.all([...mappings.map((mapping) => mapping.stop()), stream.stop()]);
      streams.destroy();
      sqs.destroy();
    });

    return {
      url,
      issuer: idp.issuer,
      dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      sqsEndpoint: process.env.AWS_ENDPOINT_URL_SQS,
      sesEndpoint: process.env.AWS_ENDPOINT_URL_SESV2,
      queues,
      events,
      stateDir: options.stateDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The public halves of the state folder's receipt keys, into the table the JWKS route reads: the stack's own setup, like the policies. */
async function publishReceiptKeys(keys: Parameters<typeof publishLocalReceiptKeys>[0]): Promise<void> {
  const client = createDocumentClient();
  try {
    await publishLocalReceiptKeys(keys, new DynamoReceiptKeys(client, tableConfig().tableName));
  } finally {
    client.destroy();
  }
}

/**
 * The built-in reference policies (DOMAIN.md section 4) and their translations, written straight
 * into the table once and never overwritten (as `npm run policies:load` does for a deployed
 * table): they took effect long ago, which `PUT /v1/policies` refuses. Translations shipped later
 * are added to a state directory's versions stored before them.
 */
async function loadReferencePolicies(log: (line: string) => void): Promise<void> {
  // The stack's own setup, done before the instrumentation is attached: faults injected for the
  // tests are for the service, not for this.
  const client = createDocumentClient();
  try {
    const store = new DynamoStore(client, tableConfig().tableName);
    for (const { id, outcome } of await loadPolicyVersions(store, REFERENCE_POLICIES, 'local-stack', new Date())) {
      if (outcome === 'loaded') log(`policy ${id}: loaded`);
      if (outcome === 'differs') log(`policy ${id}: stored with other content than shipped; left as stored`);
    }
    for (const { policyId, locale, outcome } of await loadPolicyTranslations(store, REFERENCE_TRANSLATIONS, 'local-stack', new Date())) {
      if (outcome === 'loaded') log(`policy ${policyId} texts in ${locale}: loaded`);
      if (outcome !== 'loaded' && outcome !== 'present') log(`policy ${policyId} texts in ${locale}: ${outcome}; left as stored`);
    }
  } finally {
    client.destroy();
  }
}
