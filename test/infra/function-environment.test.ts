// Each function of the local stack runs in a worker thread whose environment holds exactly its
// CDK variables (infra/functions.ts, with local values) and what Lambda provides: a variable the
// CDK stack does not give a function is missing locally too, and fails its cold start with an
// error that names it, as in Lambda. No emulator is needed: nothing here sends a request.
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLERS, type HandlerName } from '../../infra/functions.ts';
import { environmentOf, type EnvironmentVariable } from '../../infra/functions.ts';
import { functionEnvironment, FunctionWorker, LOCAL_ALTERNATIVES, type LocalValues } from '../../infra/local/function-workers.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { generateLocalReceiptKey } from '../../lib/adapters/receipts/keys.ts';

const QUEUE = 'http://127.0.0.1:9/000000000000/queue';
const VALUES: LocalValues = {
  TABLE_NAME: 'consent-ledger',
  POWERTOOLS_SERVICE_NAME: 'consent-ledger',
  NODE_OPTIONS: '--enable-source-maps',
  FANOUT_QUEUE_URL: QUEUE,
  NOTICE_QUEUE_URL: QUEUE,
  FANOUT_DLQ_URL: QUEUE,
  NOTICE_DLQ_URL: QUEUE,
  LINK_SIGNING_KEY_SECRET_ARN: Buffer.alloc(32, 7).toString('base64'),
  JWT_ISSUER: 'https://issuer.local',
  JWT_AUDIENCE: 'consent-ledger',
  JWT_JWKS_URL: JSON.stringify({ keys: [] }),
  MEMBER_ID_CLAIM: 'sub',
  ADMIN_SCOPE: 'consent:admin',
  ELIGIBILITY_SCOPE: 'eligibility:read',
  OIDC_CLIENT_ID: 'consent-ledger-pages',
  OIDC_REDIRECT_URI: 'http://127.0.0.1:9/sign-in/callback',
  OIDC_SCOPE: 'openid consent:admin',
  OIDC_LOGOUT_URL: undefined,
  NOTICE_RECIPIENTS_PER_MESSAGE: undefined,
  NOTICE_FROM_ADDRESS: 'privacy@consent-ledger.local',
  NOTICE_TEMPLATE_NAME: 'consent-ledger-notice',
  SES_CONFIGURATION_SET: undefined,
  SES_MAX_SEND_RATE: '500',
  SES_RATE_SHARES: undefined,
  PUBLIC_BASE_URL: 'http://127.0.0.1:9',
  EVENT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:consent-events.fifo',
  EVENT_SOURCE: 'urn:consent-ledger:local',
  RECEIPT_KMS_KEY_ARN: JSON.stringify(await generateLocalReceiptKey()),
};
const HOST = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  NOTICE_LEASE_SECONDS: '3',
  CONSENT_LEDGER_FAULTS: '{}',
  HOME: '/root',
};

// Written out, not derived: what each function's code requires at cold start (the rest of its
// CDK variables are tuning values with a default in lib/config.ts).
const REQUIRED: Record<HandlerName, EnvironmentVariable[]> = {
  public: ['TABLE_NAME'],
  admin: ['TABLE_NAME', 'FANOUT_QUEUE_URL'],
  consents: ['TABLE_NAME', 'PUBLIC_BASE_URL', 'RECEIPT_KMS_KEY_ARN'],
  eligibility: ['TABLE_NAME'],
  optout: ['TABLE_NAME', 'LINK_SIGNING_KEY_SECRET_ARN', 'RECEIPT_KMS_KEY_ARN'],
  pages: ['TABLE_NAME', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_JWKS_URL', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI', 'FANOUT_DLQ_URL', 'NOTICE_DLQ_URL', 'PUBLIC_BASE_URL', 'RECEIPT_KMS_KEY_ARN'],
  fanout: ['TABLE_NAME', 'FANOUT_QUEUE_URL', 'NOTICE_QUEUE_URL'],
  notify: ['TABLE_NAME', 'NOTICE_QUEUE_URL', 'LINK_SIGNING_KEY_SECRET_ARN', 'NOTICE_FROM_ADDRESS', 'PUBLIC_BASE_URL'],
  publish: ['TABLE_NAME', 'EVENT_TOPIC_ARN', 'EVENT_SOURCE'],
};

const started: FunctionWorker[] = [];
function start(name: HandlerName, values: LocalValues = VALUES): FunctionWorker {
  const worker = new FunctionWorker(name, functionEnvironment(name, values, HOST));
  started.push(worker);
  return worker;
}
afterAll(() => Promise.all(started.map((worker) => worker.stop())));

describe('a function\'s local environment', () => {
  it('holds its CDK variables (or their local alternatives), what Lambda provides and the tuning it reads, nothing else', () => {
    const provided = ['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'POWERTOOLS_LOG_LEVEL'];
    const local = (name: HandlerName) =>
      environmentOf(name)
        .filter((variable) => VALUES[variable] !== undefined)
        .map((variable) => LOCAL_ALTERNATIVES[variable] ?? variable);
    expect(Object.keys(functionEnvironment('eligibility', VALUES, HOST)).sort()).toEqual([...provided, ...local('eligibility')].sort());
    expect(Object.keys(functionEnvironment('notify', VALUES, HOST)).sort()).toEqual([...provided, ...local('notify'), 'NOTICE_LEASE_SECONDS'].sort());
    expect(functionEnvironment('pages', VALUES, HOST)).toMatchObject({ JWT_JWKS: VALUES.JWT_JWKS_URL });
    expect(functionEnvironment('pages', VALUES, HOST)).not.toHaveProperty('JWT_JWKS_URL');
  });
});

describe('each function in its own worker', () => {
  it.each(HANDLERS.map((name) => [name]))('%s: starts with its full environment', async (name) => {
    await expect(start(name).ready).resolves.toBeUndefined();
  });

  it('answers invocations with the handler\'s result', async () => {
    const worker = start('public');
    const event = {
      version: '2.0', routeKey: 'GET /health', rawPath: '/health', rawQueryString: '', headers: {}, isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/health' }, requestId: 'r1', routeKey: 'GET /health', stage: '$default' },
    };
    const result = (await worker.invoke(event, lambdaContext('consent-ledger-public', 'r1', 5_000))) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  const missing = HANDLERS.flatMap((name) => REQUIRED[name].map((variable) => [name, variable] as const));
  it.each(missing)('%s without %s: its cold start fails, naming it', async (name, variable) => {
    const worker = start(name, { ...VALUES, [variable]: undefined });
    await expect(worker.ready).rejects.toThrow(new RegExp(`${variable}.*(not set|must)`));
    // As in Lambda, the invocation gets the cold start's error.
    await expect(worker.invoke({}, lambdaContext(`consent-ledger-${name}`, 'r2', 5_000))).rejects.toThrow(variable);
  });
});
