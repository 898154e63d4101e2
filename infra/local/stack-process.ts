// Starts the local stack as `npm start` does, in a child process: in memory, on free ports, with
// its own state folder. Tests and the benchmark talk to it only through what it prints and its
// endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import type { LocalStack } from './stack.ts';

/** What a started stack prints on its ready line. */
export type Ready = Omit<LocalStack, 'stop'>;

export interface StackProcess {
  ready: Ready;
  logFile: string;
  stop(): Promise<void>;
}

export interface StackProcessOptions {
  /** Reuse a state folder (its keys, and its data unless inMemory); a new one otherwise. */
  stateDir?: string;
  /** Keep data in memory only (the default), or on disk under the state folder. */
  inMemory?: boolean;
}

export async function startStackProcess(env: Record<string, string> = {}, options: StackProcessOptions = {}): Promise<StackProcess> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'consent-ledger-test-'));
  const logFile = join(stateDir, 'stack.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    ['infra/local/start.ts', ...(options.inMemory === false ? [] : ['--in-memory']), '--port', '0', '--ses-port', '0', '--state-dir', stateDir],
    {
      cwd: PROJECT_ROOT,
      // Empty endpoints: each test stack starts its own emulators, whatever the shell has set.
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO', AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL_SQS: '', AWS_ENDPOINT_URL_SESV2: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    output += chunk.toString();
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local stack did not start in 60 s:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`local stack exited with ${code}:\n${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"ready":true'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Ready);
      }
    });
  });
  return {
    ready,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          log.end();
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
