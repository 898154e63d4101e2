// Starts one local stack for the integration tests that share it, and stops it afterwards. At the
// end it scans the log of every stack any test started (in any project) for emails and tokens:
// the run fails if one leaked into a log line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
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

/** Tells the project's tests where the stack is; the e2e project's setup uses it too. */
export function provideStack(project: TestProject, stack: StackProcess): void {
  project.provide('baseUrl', stack.ready.url);
  project.provide('stateDir', stack.ready.stateDir);
  project.provide('dynamoDbEndpoint', stack.ready.dynamoDbEndpoint);
  project.provide('sesEndpoint', stack.ready.sesEndpoint);
  project.provide('logFile', stack.logFile);
}

/**
 * The file every stack started in this run lists its log in. Global setups run in vitest's main
 * process before any test worker starts, so workers inherit it, and so do the stacks they start.
 */
export function ensureLogRegistry(): string {
  process.env.CONSENT_LEDGER_LOG_REGISTRY ??= join(mkdtempSync(join(tmpdir(), 'consent-ledger-logs-')), 'stack-logs.txt');
  return process.env.CONSENT_LEDGER_LOG_REGISTRY;
}

export default async function setup(project: TestProject) {
  const registry = ensureLogRegistry();
  const stack = await startStackProcess();
  provideStack(project, stack);
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
