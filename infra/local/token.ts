// npm run token -- --sub ID [--scope "..."]: prints a token the local stack accepts.
import { parseArgs } from 'node:util';
import { ensureKeys, mintToken } from './identity.ts';
import { defaultStateDir } from '../paths.ts';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    scope: { type: 'string', default: '' },
    'expires-in': { type: 'string', default: '3600' },
    'state-dir': { type: 'string', default: defaultStateDir() },
  },
});

if (!values.sub) {
  console.error('usage: npm run token -- --sub ID [--scope "consent:admin eligibility:read"] [--expires-in SECONDS]');
  process.exit(2);
}
const keys = await ensureKeys(values['state-dir']);
process.stdout.write(`${await mintToken(keys, { sub: values.sub, scope: values.scope, expiresInSeconds: Number(values['expires-in']) })}\n`);
