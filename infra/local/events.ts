// npm run events -- [--follow] [--json] [--url http://127.0.0.1:3000]: prints the change events
// the example subscription (the audit queue) has received, one line each (--json: the CloudEvent
// as received), and takes them off the queue. --follow keeps printing them as they arrive.
import { parseArgs } from 'node:util';
import { eventLine, localSqsClient, readEvents } from './event-reader.ts';
import { LOCAL_STACK_PATH } from './http-api.ts';

const USAGE = 'usage: npm run events -- [--follow] [--json] [--url http://127.0.0.1:3000]';
let values: { url: string; follow: boolean; json: boolean; help: boolean };
try {
  values = parseArgs({
    options: {
      url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      follow: { type: 'boolean', short: 'f', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const stack = await fetch(`${values.url}${LOCAL_STACK_PATH}`)
  .then((response) => response.json() as Promise<{ sqsEndpoint?: string; auditQueueUrl?: string }>)
  .catch(() => ({}) as { sqsEndpoint?: string; auditQueueUrl?: string });
if (!stack.sqsEndpoint || !stack.auditQueueUrl) {
  console.error(`No local stack answers at ${values.url} (start it with npm start, or give --url).`);
  process.exit(1);
}

const sqs = localSqsClient(stack.sqsEndpoint);
let stopped = false;
process.on('SIGINT', () => {
  stopped = true;
});
if (values.follow && !values.json) console.error('Following the audit queue (Ctrl-C stops)...');
await readEvents(sqs, stack.auditQueueUrl, (event, raw) => console.log(values.json ? raw : eventLine(event)), {
  follow: values.follow,
  isStopped: () => stopped,
});
sqs.destroy();
