// Each handler bundles (the settings the stack deploys with) and loads in a fresh Node process:
// an import that cannot be bundled, or that only resolves from node_modules, fails here. And no
// bundle carries the local stack's test instrumentation (fault injection, request counting).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESBUILD_OPTIONS } from '../../infra/bundling.ts';
import { ADMIN_SCOPE_TRIGGER, HANDLERS, handlerEntry } from '../../infra/functions.ts';
import { generateLocalReceiptKey } from '../../lib/adapters/receipts/keys.ts';

const outdir = mkdtempSync(join(tmpdir(), 'bundles-'));
const BUILTINS = new Set(builtinModules);

/**
 * Traces of the fault injection and usage counting that only the local stack attaches
 * (infra/local/instrumentation/). Minifying renames identifiers such as `injectedFaults` or
 * `AwsUsage`, so what is looked for is mostly what survives it: the environment variable, the
 * fault settings' keys, middleware names and error messages. `ReturnConsumedCapacity` alone is
 * in the DynamoDB client's own schema; asking for it on every request is what must not ship.
 */
const INSTRUMENTATION_TRACES: [string, RegExp][] = [
  ['CONSENT_LEDGER_FAULTS', /CONSENT_LEDGER_FAULTS/],
  ['fault settings', /dynamoFailureRate|dynamoLostAnswerRate|sesRejectOnce|sesThrottleCalls|notifyCrashOnce/],
  ['injected faults', /injectedFaults|injected fault|injected crash|injectDynamoFaults|injectSesFaults/],
  ['usage counting', /AwsUsage|processUsage|usage-capacity-|usage-requests-/],
  ['ReturnConsumedCapacity forced', /ReturnConsumedCapacity\s*=\s*["'`]TOTAL/],
];

/** What a handler needs at cold start, as the stack sets it; no AWS call is made on import. */
const ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'consent-ledger',
  FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout',
  NOTICE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices',
  LINK_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
  // The local alternative of RECEIPT_KMS_KEY_ARN: with the ARN, the cold start would ask the table and KMS.
  RECEIPT_SIGNING_KEY: JSON.stringify(await generateLocalReceiptKey()),
  FANOUT_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout-dlq',
  NOTICE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices-dlq',
  JWT_ISSUER: 'https://idp.example/',
  JWT_AUDIENCE: 'consent-ledger',
  JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  OIDC_CLIENT_ID: 'consent-ledger-pages',
  OIDC_REDIRECT_URI: 'https://ledger.example.com/sign-in/callback',
  NOTICE_FROM_ADDRESS: 'privacy@example.com',
  PUBLIC_BASE_URL: 'https://ledger.example.com',
  EVENT_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:consent-events.fifo',
  EVENT_SOURCE: 'urn:consent-ledger:ConsentLedger',
  ADMIN_GROUP: 'consent-ledger-admins',
  POWERTOOLS_SERVICE_NAME: 'consent-ledger',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/** Every function the CDK stack can deploy: the service's, and the Cognito trigger of its own user pool. */
const ENTRIES: [string, string][] = [...HANDLERS.map((name): [string, string] => [name, handlerEntry(name)]), ['admin-scope', ADMIN_SCOPE_TRIGGER.entry]];

describe.each(ENTRIES)('%s', (name, entry) => {
  it('bundles with only Node built-ins left to resolve, and loads in a fresh process', async () => {
    const result = await build({ ...ESBUILD_OPTIONS, entryPoints: [entry], outfile: join(outdir, `${name}.mjs`), metafile: true });
    const external = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    );
    for (const path of external) expect(BUILTINS.has(path.replace(/^node:/, '')), `${name} leaves ${path} unbundled`).toBe(true);

    // Nothing of infra/ (the local stack, its instrumentation) is bundled, and none of its traces is.
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /(^|\/)infra\//.test(path)), `${name} bundles infra/ code`).toEqual([]);
    const code = readFileSync(join(outdir, `${name}.mjs`), 'utf8');
    const traces = INSTRUMENTATION_TRACES.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
    expect(traces, `${name} bundles test instrumentation`).toEqual([]);
    // The size, for comparing before and after a change (bench/cold-start.ts reports it too).
    console.log(`bundle ${name}: ${statSync(join(outdir, `${name}.mjs`)).size} bytes, ${inputs.length} inputs`);

    const url = pathToFileURL(join(outdir, `${name}.mjs`)).href;
    const loaded = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.handler);`],
      { cwd: outdir, env: { PATH: process.env.PATH, ...ENVIRONMENT }, encoding: 'utf8' },
    );
    expect(loaded).toBe('function');
  }, 60_000);
});
