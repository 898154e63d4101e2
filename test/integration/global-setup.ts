// Starts the local stack exactly as `npm start` does (in memory, on a free port, with its own
// state folder) and hands its address to the tests; stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
    dynamoDbEndpoint: string;
    logFile: string;
  }
}

export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(join(tmpdir(), 'consent-ledger-test-'));
  const logFile = join(stateDir, 'stack.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    ['infra/local/start.ts', '--in-memory', '--port', '0', '--state-dir', stateDir],
    {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO', AWS_ENDPOINT_URL_DYNAMODB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    buffer += chunk.toString();
  });

  const ready = await new Promise<{ url: string; dynamoDbEndpoint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local stack did not start in 60 s:\n${buffer}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`local stack exited with ${code}:\n${buffer}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (line.startsWith('{"ready":true')) {
          clearTimeout(timer);
          resolve(JSON.parse(line));
        }
      }
    });
  });

  project.provide('baseUrl', ready.url);
  project.provide('stateDir', stateDir);
  project.provide('dynamoDbEndpoint', ready.dynamoDbEndpoint);
  project.provide('logFile', logFile);

  return async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    log.end();
  };
}
