// Starts the local stack as `npm start` does, in a child process: in memory, on free ports, with
// its own state folder. Tests and the benchmark talk to it only through what it prints and its
// endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import type { LocalStack } from './stack.ts';

/** What a started stack prints on its ready line. */
export type Ready = Omit<LocalStack, 'stop'>;

export interface StackProcess {
  ready: Ready;
  logFile: string;
  /** A graceful stop (SIGTERM): the stack stops its emulators. */
  stop(): Promise<void>;
  /** A hard kill: SIGKILL to the stack's whole process group, DynamoDB Local's Java included. */
  kill(): Promise<void>;
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
  // The test suite lists every stack's log here, to scan them all for secrets at its end.
  if (process.env.CONSENT_LEDGER_LOG_REGISTRY) appendFileSync(process.env.CONSENT_LEDGER_LOG_REGISTRY, `${logFile}\n`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    ['infra/local/start.ts', ...(options.inMemory === false ? [] : ['--in-memory']), '--port', '0', '--ses-port', '0', '--idp-port', '0', '--state-dir', stateDir],
    {
      cwd: PROJECT_ROOT,
      // Empty endpoints: each test stack starts its own emulators, whatever the shell has set.
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO', AWS_ENDPOINT_URL_DYNAMODB: '', AWS_ENDPOINT_URL_SQS: '', AWS_ENDPOINT_URL_SESV2: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a hard kill takes the emulators with it.
      detached: true,
    },
  );
  // A detached group does not get the terminal's Ctrl-C: take it down when this process exits.
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
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
          process.off('exit', killGroup);
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
    kill: async () => {
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
      killGroup();
      await exited;
      // The group's other members (Java) die with it; wait until none is left.
      for (let i = 0; i < 100 && groupAlive(child.pid!); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      log.end();
      process.off('exit', killGroup);
    },
  };
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}
