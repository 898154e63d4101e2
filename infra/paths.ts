import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Where the local stack keeps its data and keys; git-ignored. */
export function defaultStateDir(): string {
  return resolve(process.env.CONSENT_LEDGER_STATE_DIR ?? resolve(PROJECT_ROOT, '.local'));
}
