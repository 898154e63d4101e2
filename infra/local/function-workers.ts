// The local stack's functions, each in a worker thread of its own (./function-worker.ts) whose
// environment is exactly its CDK function's (infra/functions.ts) with local values, plus what
// Lambda and the SDK provide (region, credentials, the emulators' AWS_ENDPOINT_URL_*, Powertools'
// settings). Started on first invocation, like a cold start; one whose cold start failed is
// replaced at the next invocation, as Lambda tries a new container.
import type { Context } from 'aws-lambda';
import { Worker } from 'node:worker_threads';
import { handlerEntry, type HandlerName } from '../functions.ts';
import { environmentOf, FUNCTION_TUNING, type EnvironmentVariable } from '../functions.ts';
import type { UsageSnapshot } from './instrumentation/aws-usage.ts';
import type { FaultKind } from './instrumentation/faults.ts';

export interface WorkerData {
  entry: string;
  functionName: string;
  /** CONSENT_LEDGER_FAULTS: for the instrumentation, not part of the function's environment. */
  faults: string | undefined;
}

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ToWorker =
  | { type: 'invoke'; id: number; event: unknown; requestId: string; remainingMs: number }
  | { type: 'usage'; id: number; reset: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'usage'; id: number; usage: UsageSnapshot; faults: Record<FaultKind, number> };

/** What a function's instrumentation counted so far. */
export interface WorkerCounts {
  usage: UsageSnapshot;
  faults: Record<FaultKind, number>;
}

/** Every variable of infra/functions.ts, valued locally; undefined: left to lib/config.ts's default. */
export type LocalValues = Record<EnvironmentVariable, string | undefined>;

/** Variables whose local alternative lib/config.ts accepts in their place: the value, not a reference to AWS. */
export const LOCAL_ALTERNATIVES: Partial<Record<EnvironmentVariable, string>> = {
  LINK_SIGNING_KEY_SECRET_ARN: 'LINK_SIGNING_KEY',
  JWT_JWKS_URL: 'JWT_JWKS',
  RECEIPT_KMS_KEY_ARN: 'RECEIPT_SIGNING_KEY',
};

/** What Lambda's runtime and the deployment give every function, taken from the stack's environment. */
const PROVIDED = /^(AWS_REGION|AWS_DEFAULT_REGION|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_PROFILE|AWS_ENDPOINT_URL(_\w+)?|POWERTOOLS_\w+)$/;

/**
 * The environment of function `name` locally: its CDK variables (infra/functions.ts) with the
 * local `values`, the tuning values it reads if `host` sets them, and what Lambda provides.
 * Nothing else of `host`: a variable the CDK stack does not give the function is missing here too.
 */
export function functionEnvironment(name: HandlerName, values: LocalValues, host: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(host)) if (value && PROVIDED.test(key)) env[key] = value;
  for (const key of FUNCTION_TUNING[name]) if (host[key]) env[key] = host[key];
  for (const variable of environmentOf(name)) {
    const value = values[variable];
    if (value !== undefined) env[LOCAL_ALTERNATIVES[variable] ?? variable] = value;
  }
  return env;
}

const revive = (data: SerializedError): Error => Object.assign(new Error(data.message), { name: data.name, stack: data.stack ?? data.message });

/** One function's thread: its cold start, then its invocations and count requests, by id. */
export class FunctionWorker {
  readonly name: HandlerName;
  readonly ready: Promise<void>;
  /** Set once the thread is unusable: a failed cold start, a crash, or stop(). */
  failed: Error | undefined;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(name: HandlerName, env: Record<string, string>, faults?: string) {
    this.name = name;
    const data: WorkerData = { entry: handlerEntry(name), functionName: `consent-ledger-${name}`, faults };
    this.worker = new Worker(new URL('./function-worker.ts', import.meta.url), { env, workerData: data });
    let started: () => void = () => undefined;
    let refused: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      refused = reject;
    });
    // Awaited by every invocation; a failure nobody waited for is not an unhandled rejection.
    this.ready.catch(() => undefined);
    const fail = (error: Error) => {
      if (this.failed) return;
      this.failed = error;
      refused(error);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      void this.worker.terminate();
    };
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') return started();
      if (message.type === 'init-error') return fail(revive(message.error));
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === 'error') waiting.reject(revive(message.error));
      else if (message.type === 'result') waiting.resolve(message.result as never);
      else waiting.resolve({ usage: message.usage, faults: message.faults } as never);
    });
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`function ${name}: its thread exited (${code})`)));
  }

  private async request<T>(message: ToWorker extends infer Each ? (Each extends ToWorker ? Omit<Each, 'id'> : never) : never): Promise<T> {
    await this.ready;
    if (this.failed) throw this.failed;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  invoke(event: unknown, context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>): Promise<unknown> {
    return this.request({ type: 'invoke', event, requestId: context.awsRequestId, remainingMs: context.getRemainingTimeInMillis() });
  }

  /** Its counts so far (none if it never started); `reset`: then starts them again. */
  counts(reset = false): Promise<WorkerCounts | undefined> {
    return this.request<WorkerCounts>({ type: 'usage', reset }).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.failed ??= new Error(`function ${this.name}: stopped`);
    await this.worker.terminate();
  }
}

/** Every function of the stack, each started on its first invocation. */
export class FunctionWorkers {
  private readonly workers = new Map<HandlerName, FunctionWorker>();
  private readonly environment: (name: HandlerName) => Record<string, string>;
  private readonly faults: string | undefined;

  constructor(options: { environment: (name: HandlerName) => Record<string, string>; faults?: string }) {
    this.environment = options.environment;
    this.faults = options.faults;
  }

  private worker(name: HandlerName): FunctionWorker {
    let worker = this.workers.get(name);
    if (!worker || worker.failed) {
      worker = new FunctionWorker(name, this.environment(name), this.faults);
      this.workers.set(name, worker);
    }
    return worker;
  }

  /** The function as a handler of this thread: each call an invocation in its worker. */
  handler<Event, Result>(name: HandlerName): (event: Event, context: Context) => Promise<Result> {
    return (event, context) => this.worker(name).invoke(event, context) as Promise<Result>;
  }

  /** The counts of every function started so far. */
  async counts(reset = false): Promise<WorkerCounts[]> {
    const counts = await Promise.all([...this.workers.values()].map((worker) => worker.counts(reset)));
    return counts.filter((found) => found !== undefined);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }
}
