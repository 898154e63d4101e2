// Starts one local stack for the integration tests that share it, and stops it afterwards. At the
// end it scans the log of every stack any test started for emails and tokens: the suite fails
// if one leaked into a log line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStackProcess } from '../../infra/local/stack-process.ts';
import { PRIVACY_FILE, scanLogFiles } from './log-scan.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    logFile: string;
  }
}

export default async function setup(project: TestProject) {
  // Test workers inherit this, and so does every stack they start.
  const registry = join(mkdtempSync(join(tmpdir(), 'consent-ledger-logs-')), 'stack-logs.txt');
  process.env.CONSENT_LEDGER_LOG_REGISTRY = registry;
  const stack = await startStackProcess();
  project.provide('baseUrl', stack.ready.url);
  project.provide('stateDir', stack.ready.stateDir);
  project.provide('dynamoDbEndpoint', stack.ready.dynamoDbEndpoint);
  project.provide('sesEndpoint', stack.ready.sesEndpoint);
  project.provide('logFile', stack.logFile);
  return async () => {
    await stack.stop();
    const files = [...new Set(readFileSync(registry, 'utf8').split('\n').filter(Boolean))];
    const { lines, findings } = scanLogFiles(files);
    mkdirSync(dirname(PRIVACY_FILE), { recursive: true });
    writeFileSync(PRIVACY_FILE, JSON.stringify({ stacks: files.length, lines, findings: findings.length }));
    if (findings.length > 0) {
      const shown = findings.slice(0, 20).map(({ file, line, secret }) => `  ${file}:${line}: ${secret}`);
      throw new Error(`Secrets in the logs of the stacks this run started (${findings.length} lines):\n${shown.join('\n')}`);
    }
    console.log(`Privacy: scanned ${lines} log lines of ${files.length} stacks; no email address or token in any.`);
  };
}
