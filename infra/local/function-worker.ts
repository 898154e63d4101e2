// One function of the local stack, in a worker thread of its own, like one warm Lambda container:
// its process.env holds only what its CDK function has (set by ./function-workers.ts), so a
// missing variable fails its cold start here as in Lambda. The local instrumentation is attached
// before the function's module loads (its clients are built on import), and the thread keeps its
// own usage and fault counts, which it reports when the stack asks.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { injectedFaults, instrumentRuntimeClients, processUsage, useFaults } from './instrumentation/index.ts';
import { lambdaContext } from './lambda-context.ts';
import type { FromWorker, ToWorker, WorkerData } from './function-workers.ts';

const { entry, functionName, faults } = workerData as WorkerData;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

/** Errors cross the thread as plain data: their class and extra fields would not survive. */
const serialize = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };

useFaults(faults);
instrumentRuntimeClients();

type Handler = (event: unknown, context: Context) => Promise<unknown>;

async function load(): Promise<Handler | undefined> {
  try {
    const { handler } = (await import(pathToFileURL(entry).href)) as { handler?: Handler };
    if (typeof handler !== 'function') throw new Error(`${entry} exports no handler`);
    return handler;
  } catch (error) {
    // The cold start failed: Lambda answers the invocation with this error; the stack does too.
    post({ type: 'init-error', error: serialize(error) });
    return undefined;
  }
}

const handler = await load();
if (handler) {
  port.on('message', (message: ToWorker) => {
    if (message.type === 'usage') {
      if (message.reset) processUsage.reset();
      post({ type: 'usage', id: message.id, usage: processUsage.snapshot(), faults: { ...injectedFaults } });
      return;
    }
    const context = lambdaContext(functionName, message.requestId, message.remainingMs);
    handler(message.event, context).then(
      (result) => post({ type: 'result', id: message.id, result }),
      (error: unknown) => post({ type: 'error', id: message.id, error: serialize(error) }),
    );
  });
  post({ type: 'ready' });
} else {
  port.close();
}
