// The key that signs opt-out links: from Secrets Manager in AWS (LINK_SIGNING_KEY_SECRET_ARN),
// or from LINK_SIGNING_KEY (base64) locally. Read once per container.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { linkKeyConfig } from '../config.ts';

const MIN_KEY_BYTES = 32;

export async function loadLinkKey(): Promise<Uint8Array> {
  const config = linkKeyConfig();
  if ('key' in config) return config.key;
  const { secretArn } = config;
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    // The secret is a generated random string; its bytes are the key.
    const key = new TextEncoder().encode(SecretString ?? '');
    if (key.length < MIN_KEY_BYTES) throw new Error(`the link-signing secret must hold at least ${MIN_KEY_BYTES} bytes`);
    return key;
  } finally {
    client.destroy();
  }
}
