// Cold start, per handler: bundle bytes, and import-plus-first-invocation time in a fresh Node
// process, as a ratio to a one-call bare @aws-sdk/client-dynamodb handler bundled the same way
// (infra/bundling.ts, exactly as deployed). Targets are measured side by side: each run starts one
// fresh process per target in turn, baseline first, so machine noise falls on all of them alike.
// The clock runs inside the child, from the first statement of its script to the handler's answer:
// process spawn and Node's own boot are left out, module loading and the first call are in.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, SQSEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ESBUILD_OPTIONS } from '../infra/bundling.ts';
import { HANDLERS, handlerEntry, type HandlerName } from '../infra/functions.ts';
import { PROJECT_ROOT } from '../infra/paths.ts';
import { generateLocalReceiptKey } from '../lib/adapters/receipts/keys.ts';

export interface ColdStartRow {
  handler: string;
  bundleBytes: number;
  coldMs: number;
  baselineMs: number;
  ratio: number;
  sizeRatio: number;
}

export interface ColdStartFigures {
  baseline: { bundleBytes: number; coldMs: number };
  rows: ColdStartRow[];
  runs: number;
}

/** The reference: one bare DynamoDB client making one call, nothing else. */
const BASELINE_SOURCE = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'M#nobody' }, sk: { S: 'STATE' } } }));
`;

const BASELINE = 'baseline';
const RESULT_MARKER = 'COLD_START_RESULT ';
const CHILD_TIMEOUT_MS = 60_000;

/**
 * Runs in the fresh process: clock, import, one invocation, clock. The context is the minimal
 * Lambda context the handlers (and Powertools' logger) read.
 */
const RUNNER_SOURCE = `const started = performance.now();
const [bundleUrl, functionName, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:' + functionName,
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/' + functionName,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
const { handler } = await import(bundleUrl);
const result = event === null ? await handler() : await handler(event, context);
const ms = performance.now() - started;
process.stdout.write(${JSON.stringify(RESULT_MARKER)} + JSON.stringify({ ms, result }) + '\\n', () => process.exit(0));
`;

interface Target {
  name: string;
  bundle: string;
  /** null: the baseline is called without arguments. */
  event: unknown;
  check: (result: unknown) => string | undefined;
}

function httpEvent(
  routeKey: string,
  rawPath: string,
  options: { pathParameters?: Record<string, string>; claims?: { sub: string; scope: string }; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET'] = routeKey.split(' ');
  const now = new Date();
  const requestContext = {
    accountId: '000000000000',
    apiId: 'bench',
    domainName: 'bench.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'bench',
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-start-bench' },
    requestId: 'bench',
    routeKey,
    stage: '$default',
    time: now.toISOString(),
    timeEpoch: now.getTime(),
  };
  const base = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { accept: 'text/html', host: requestContext.domainName, 'user-agent': 'cold-start-bench', ...options.headers },
    isBase64Encoded: false,
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
  };
  if (!options.claims) return { ...base, requestContext } satisfies APIGatewayProxyEventV2;
  const scopes = options.claims.scope.split(' ').filter((scope) => scope !== '');
  return {
    ...base,
    requestContext: {
      ...requestContext,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { sub: options.claims.sub, scope: options.claims.scope }, scopes },
      },
    },
  } satisfies APIGatewayProxyEventV2WithJWTAuthorizer;
}

const sqsEvent = (): SQSEvent => ({ Records: [] });

const statusBelow500 = (result: unknown): string | undefined => {
  const status = (result as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status < 500 ? undefined : `expected an HTTP result with statusCode < 500`;
};

const noBatchFailures = (result: unknown): string | undefined => {
  const failures = (result as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  return Array.isArray(failures) && failures.length === 0 ? undefined : 'expected { batchItemFailures: [] }';
};

const dynamoDbAnswered = (result: unknown): string | undefined => {
  const status = (result as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return status === 200 ? undefined : 'expected a GetItem output with $metadata.httpStatusCode 200';
};

/**
 * The pages verify session tokens themselves: a key pair made for the run, its JWKS given to the
 * child as the local stack gives it, and a member token signed with it.
 */
const PAGES_ISSUER = 'https://idp.cold-start.bench/';
const pagesKeys = await generateKeyPair('RS256', { extractable: true });
const PAGES_JWKS = JSON.stringify({ keys: [{ ...(await exportJWK(pagesKeys.publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' }] });
const PAGES_TOKEN = await new SignJWT({})
  .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
  .setSubject('nobody').setIssuer(PAGES_ISSUER).setAudience('consent-ledger').setIssuedAt().setExpirationTime('2h')
  .sign(pagesKeys.privateKey);

const RECEIPT_KEY = JSON.stringify(await generateLocalReceiptKey());

/** One real first invocation per handler; the HTTP ones that touch storage really reach DynamoDB. */
const FIRST_INVOCATION: Record<HandlerName, { event: unknown; check: (result: unknown) => string | undefined }> = {
  public: { event: httpEvent('GET /health', '/health'), check: statusBelow500 },
  eligibility: {
    event: httpEvent('GET /v1/eligibility/{purpose}/{memberId}', '/v1/eligibility/genai-training/nobody', {
      pathParameters: { purpose: 'genai-training', memberId: 'nobody' },
      claims: { sub: 'bench', scope: 'eligibility:read' },
    }),
    check: statusBelow500,
  },
  consents: {
    event: httpEvent('GET /v1/members/{memberId}/consents/{purpose}', '/v1/members/nobody/consents/genai-training', {
      pathParameters: { memberId: 'nobody', purpose: 'genai-training' },
      claims: { sub: 'nobody', scope: '' },
    }),
    check: statusBelow500,
  },
  admin: {
    event: httpEvent('GET /v1/policies', '/v1/policies', { claims: { sub: 'bench', scope: 'consent:admin' } }),
    check: statusBelow500,
  },
  optout: { event: httpEvent('GET /v1/opt-out', '/v1/opt-out'), check: statusBelow500 },
  // A signed-in member's settings page: verifies the token, reads the member (404 page: unknown).
  pages: { event: httpEvent('GET /settings', '/settings', { headers: { authorization: `Bearer ${PAGES_TOKEN}` } }), check: statusBelow500 },
  fanout: { event: sqsEvent(), check: noBatchFailures },
  notify: { event: sqsEvent(), check: noBatchFailures },
  // An empty stream batch: the import and the composition root, publishing nothing.
  publish: { event: { Records: [] }, check: noBatchFailures },
};

function childEnvironment(dynamoDbEndpoint: string, tableName: string): NodeJS.ProcessEnv {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    // Never called by the first invocations; a closed port if they ever were.
    AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:9',
    TABLE_NAME: tableName,
    FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout',
    NOTICE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices',
    LINK_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
    // RECEIPT_KMS_KEY_ARN's local alternative: the key itself, as the local stack gives it. In AWS
    // the cold start adds one Query of the receipt keys and one KMS Decrypt, not measured here.
    RECEIPT_SIGNING_KEY: RECEIPT_KEY,
    FANOUT_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout-dlq',
    NOTICE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices-dlq',
    JWT_ISSUER: PAGES_ISSUER,
    JWT_AUDIENCE: 'consent-ledger',
    JWT_JWKS: PAGES_JWKS,
    // Sign-in at the provider is not part of a first invocation: discovery waits for the first /sign-in.
    OIDC_CLIENT_ID: 'consent-ledger-pages',
    OIDC_REDIRECT_URI: 'https://ledger.example.com/sign-in/callback',
    NOTICE_FROM_ADDRESS: 'privacy@example.com',
    PUBLIC_BASE_URL: 'https://ledger.example.com',
    EVENT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:consent-events.fifo',
    EVENT_SOURCE: 'urn:consent-ledger:bench',
    POWERTOOLS_SERVICE_NAME: 'consent-ledger',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

async function bundle(entry: string, outfile: string, extra: { nodePaths?: string[] } = {}): Promise<void> {
  await build({ ...ESBUILD_OPTIONS, ...extra, entryPoints: [entry], outfile });
}

function runChild(
  runner: string,
  target: Target,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const args = [runner, pathToFileURL(target.bundle).href, target.name, JSON.stringify(target.event)];
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd, env, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const fail = (why: string) =>
          reject(new Error(`cold start of ${target.name} failed: ${why}\n--- stderr ---\n${stderr.trim() || '(empty)'}`));
        if (error) return fail(`${error.message.split('\n')[0]} (exit code ${String(error.code ?? error.signal)})`);
        const line = stdout.split('\n').findLast((candidate) => candidate.startsWith(RESULT_MARKER));
        if (!line) return fail(`no result line on stdout:\n${stdout.trim()}`);
        let parsed: { ms: number; result: unknown };
        try {
          parsed = JSON.parse(line.slice(RESULT_MARKER.length)) as { ms: number; result: unknown };
        } catch {
          return fail(`unreadable result line: ${line}`);
        }
        const problem = target.check(parsed.result);
        if (problem) return fail(`${problem}; got ${JSON.stringify(parsed.result)?.slice(0, 2000)}`);
        if (typeof parsed.ms !== 'number' || !Number.isFinite(parsed.ms)) return fail(`no time in ${line}`);
        resolvePromise(parsed.ms);
      },
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) throw new Error('median of no values');
  if (sorted.length % 2 === 1) return upper;
  const lower = sorted[middle - 1] ?? upper;
  return (lower + upper) / 2;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export async function measureColdStarts(options: {
  dynamoDbEndpoint: string;
  tableName: string;
  runs: number;
  workDir?: string;
}): Promise<ColdStartFigures> {
  const { dynamoDbEndpoint, tableName, runs } = options;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, not ${runs}`);

  // The children run from here: a directory with no node_modules, so only what is bundled loads.
  const ownDir = options.workDir === undefined;
  const workDir = options.workDir === undefined ? mkdtempSync(join(tmpdir(), 'cold-start-')) : resolve(options.workDir);
  mkdirSync(workDir, { recursive: true });
  const baselineSource = join(workDir, 'cold-start-baseline.ts');
  try {
    // The baseline source lives outside the project; nodePaths lets it resolve the project's SDK.
    writeFileSync(baselineSource, BASELINE_SOURCE);
    const runner = join(workDir, 'cold-start-runner.mjs');
    writeFileSync(runner, RUNNER_SOURCE);

    const targets: Target[] = [
      { name: BASELINE, bundle: join(workDir, `${BASELINE}.mjs`), event: null, check: dynamoDbAnswered },
      ...HANDLERS.map((name) => ({ name, bundle: join(workDir, `${name}.mjs`), ...FIRST_INVOCATION[name] })),
    ];
    await Promise.all([
      bundle(baselineSource, join(workDir, `${BASELINE}.mjs`), { nodePaths: [join(PROJECT_ROOT, 'node_modules')] }),
      ...HANDLERS.map((name) => bundle(handlerEntry(name), join(workDir, `${name}.mjs`))),
    ]);

    const env = childEnvironment(dynamoDbEndpoint, tableName);
    const times = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (let run = 0; run < runs; run++) {
      for (const target of targets) {
        const ms = await runChild(runner, target, workDir, env);
        times.get(target.name)?.push(ms);
      }
    }

    const bytes = (target: Target) => statSync(target.bundle).size;
    const [baselineTarget, ...handlerTargets] = targets;
    if (!baselineTarget) throw new Error('no baseline target');
    const baseline = { bundleBytes: bytes(baselineTarget), coldMs: median(times.get(BASELINE) ?? []) };
    const rows = handlerTargets.map((target): ColdStartRow => {
      const bundleBytes = bytes(target);
      const coldMs = median(times.get(target.name) ?? []);
      return {
        handler: target.name,
        bundleBytes,
        coldMs: round(coldMs, 1),
        baselineMs: round(baseline.coldMs, 1),
        ratio: round(coldMs / baseline.coldMs, 3),
        sizeRatio: round(bundleBytes / baseline.bundleBytes, 3),
      };
    });
    return { baseline: { bundleBytes: baseline.bundleBytes, coldMs: round(baseline.coldMs, 1) }, rows, runs };
  } finally {
    rmSync(baselineSource, { force: true });
    if (ownDir) rmSync(workDir, { recursive: true, force: true });
  }
}
