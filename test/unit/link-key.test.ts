// Where the opt-out link key comes from: LINK_SIGNING_KEY locally, Secrets Manager in AWS
// (through Powertools parameters; no emulator, so the SDK client is mocked).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const secretsManager = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:LinkSigningKey-abc123';

import { loadLinkKey } from '../../lib/adapters/secrets.ts';

beforeEach(() => {
  secretsManager.reset();
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('LINK_SIGNING_KEY', '');
  vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', '');
});
afterEach(() => vi.unstubAllEnvs());
afterAll(() => secretsManager.restore());

describe('loadLinkKey', () => {
  it('locally: decodes LINK_SIGNING_KEY and never calls Secrets Manager', async () => {
    const bytes = Buffer.alloc(32, 7);
    vi.stubEnv('LINK_SIGNING_KEY', bytes.toString('base64'));
    vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', ARN);
    expect(Buffer.from(await loadLinkKey())).toEqual(bytes);
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('locally: refuses a LINK_SIGNING_KEY shorter than 32 bytes', async () => {
    vi.stubEnv('LINK_SIGNING_KEY', Buffer.alloc(31, 7).toString('base64'));
    await expect(loadLinkKey()).rejects.toThrow(/at least 32 bytes/);
  });

  it('in AWS: fetches the secret by its ARN; the key is the bytes of the secret string', async () => {
    const secret = 'a'.repeat(40) + 'Z'.repeat(24);
    vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', ARN);
    secretsManager.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: secret });
    expect(await loadLinkKey()).toEqual(new TextEncoder().encode(secret));
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ARN });
  });

  it('in AWS: refuses a secret shorter than 32 bytes', async () => {
    vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', ARN);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
    await expect(loadLinkKey()).rejects.toThrow(/secret must hold at least 32 bytes/);
  });

  it('in AWS: refuses a binary secret', async () => {
    vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', ARN);
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array(64).fill(1) });
    await expect(loadLinkKey()).rejects.toThrow(/secret must hold at least 32 bytes/);
  });

  it('in AWS: a Secrets Manager failure fails the cold start', async () => {
    vi.stubEnv('LINK_SIGNING_KEY_SECRET_ARN', ARN);
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await expect(loadLinkKey()).rejects.toThrow();
  });

  it('with neither set: says what to set', async () => {
    await expect(loadLinkKey()).rejects.toThrow(/LINK_SIGNING_KEY_SECRET_ARN/);
  });
});
