// The key that signs opt-out links: from Secrets Manager in AWS (LINK_SIGNING_KEY_SECRET_ARN),
// fetched by Powertools parameters, or from LINK_SIGNING_KEY (base64) locally, where there is no
// Secrets Manager. Read once per container: the handlers call this at module load.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { linkKeyConfig } from '../config.ts';

const MIN_KEY_BYTES = 32;

export async function loadLinkKey(): Promise<Uint8Array> {
  const config = linkKeyConfig();
  if ('key' in config) return config.key;
  // Read once and kept by the caller, so no Powertools cache in between: each call reads afresh.
  const secret = await getSecret(config.secretArn, { forceFetch: true });
  // The secret is a generated random string; its bytes are the key. A binary secret is not one.
  const key = new TextEncoder().encode(typeof secret === 'string' ? secret : '');
  if (key.length < MIN_KEY_BYTES) throw new Error(`the link-signing secret must hold at least ${MIN_KEY_BYTES} bytes`);
  return key;
}
