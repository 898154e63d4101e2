// npm start: runs the whole service locally until Ctrl-C.
import { parseArgs } from 'node:util';
import { defaultStateDir } from '../paths.ts';
import { DEFAULT_IDP_PORT } from './identity.ts';
import { startLocalStack } from './stack.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'in-memory': { type: 'boolean', default: false },
    'state-dir': { type: 'string', default: defaultStateDir() },
    'ses-port': { type: 'string', default: process.env.SES_PORT ?? '8005' },
    'idp-port': { type: 'string', default: process.env.IDP_PORT ?? String(DEFAULT_IDP_PORT) },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

const stack = await startLocalStack({
  port,
  stateDir: values['state-dir'],
  inMemory: values['in-memory'],
  sesPort: Number(values['ses-port']),
  idpPort: Number(values['idp-port']),
  log: (line) => console.log(`  ${line}`),
}).catch((error: unknown) => {
  console.error(`Could not start the local stack: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`Consent Ledger listening on ${stack.url}`);
console.log(`  OpenAPI: ${stack.url}/openapi.json`);
console.log(`  Emails:  ${stack.sesEndpoint}  (the SES emulator's inbox)`);
console.log(`  Sign-in: ${stack.url}/settings, through the local identity provider at ${stack.issuer}`);
console.log('  Events:  npm run events -- --follow  (the change events, as the audit queue receives them)');
console.log('  Token:   npm run token -- --sub admin --scope consent:admin');
console.log('Ctrl-C stops everything.');
// One machine-readable line for scripts and tests that start the stack.
console.log(
  JSON.stringify({
    ready: true,
    url: stack.url,
    issuer: stack.issuer,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    sqsEndpoint: stack.sqsEndpoint,
    sesEndpoint: stack.sesEndpoint,
    queues: stack.queues,
    events: stack.events,
    stateDir: stack.stateDir,
  }),
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  await stack.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
