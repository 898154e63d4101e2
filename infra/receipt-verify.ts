// Checks a choice receipt against the keys a running stack publishes:
//
//   npm run receipt:verify -- <receipt> [--url http://127.0.0.1:3000]
//
// Fetches GET /.well-known/jwks.json, verifies the compact JWS (ES256, the receipt type, the key
// its header names) and prints its claims as JSON. Exit 0: valid; 1: not a valid receipt of this
// stack (bad signature, unknown key, tampered or malformed); 2: could not check (usage, no keys).
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { verifyReceipt } from '../lib/adapters/receipts/jws.ts';

const USAGE = 'usage: npm run receipt:verify -- <receipt> [--url http://127.0.0.1:3000]';

async function main(argv: string[]): Promise<number> {
  let parsed: { values: { url?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [receipt, ...extra] = parsed.positionals;
  if (receipt === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const url = new URL('/.well-known/jwks.json', parsed.values.url).href;
  let jwks: JSONWebKeySet;
  try {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    jwks = (await response.json()) as JSONWebKeySet;
  } catch (error) {
    console.error(`could not read the keys at ${url}: ${(error as Error).message}`);
    return 2;
  }
  const check = await verifyReceipt(receipt.trim(), jwks);
  if (!check.valid) {
    console.error(`not a valid receipt: ${check.reason}`);
    return 1;
  }
  console.error(`valid: signed by key ${check.kid}, published at ${url}`);
  console.log(JSON.stringify(check.claims, null, 2));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
