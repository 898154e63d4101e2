// Each handler bundles (the settings the stack deploys with) and loads in a fresh Node process:
// an import that cannot be bundled, or that only resolves from node_modules, fails here.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESBUILD_OPTIONS, HANDLERS, handlerEntry } from '../../infra/bundling.ts';

const outdir = mkdtempSync(join(tmpdir(), 'bundles-'));
const BUILTINS = new Set(builtinModules);

/** What a handler needs at cold start, as the stack sets it; no AWS call is made on import. */
const ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'consent-ledger',
  FANOUT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout',
  NOTICE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices',
  LINK_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
  FANOUT_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/fanout-dlq',
  NOTICE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/notices-dlq',
  JWT_ISSUER: 'https://idp.example/',
  JWT_AUDIENCE: 'consent-ledger',
  JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

describe.each(HANDLERS.map((name) => [name]))('%s', (name) => {
  it('bundles with only Node built-ins left to resolve, and loads in a fresh process', async () => {
    const result = await build({ ...ESBUILD_OPTIONS, entryPoints: [handlerEntry(name)], outfile: join(outdir, `${name}.mjs`), metafile: true });
    const external = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => entry.path),
    );
    for (const path of external) expect(BUILTINS.has(path.replace(/^node:/, '')), `${name} leaves ${path} unbundled`).toBe(true);

    const url = pathToFileURL(join(outdir, `${name}.mjs`)).href;
    const loaded = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.handler);`],
      { cwd: outdir, env: { PATH: process.env.PATH, ...ENVIRONMENT }, encoding: 'utf8' },
    );
    expect(loaded).toBe('function');
  }, 60_000);
});
