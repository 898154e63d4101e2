import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deadLetterConfig,
  dynamoClientConfig,
  fanoutQueueConfig,
  linkKeyConfig,
  noticeConfig,
  publicBaseUrlConfig,
  receiptSigningConfig,
  senderConfig,
  sessionConfig,
  signInConfig,
  tableConfig,
} from '../../lib/config.ts';
import { PROJECT_ROOT } from '../../infra/paths.ts';

const SENDER = { NOTICE_FROM_ADDRESS: 'privacy@example.com', PUBLIC_BASE_URL: 'https://ledger.example.com' };

describe('configuration', () => {
  it('fails on a missing variable, naming it', () => {
    expect(() => tableConfig({})).toThrow('TABLE_NAME is not set');
    expect(() => tableConfig({ TABLE_NAME: '' })).toThrow('TABLE_NAME');
    expect(() => fanoutQueueConfig({})).toThrow('FANOUT_QUEUE_URL');
    expect(() => deadLetterConfig({ FANOUT_DLQ_URL: 'https://sqs/q' })).toThrow('NOTICE_DLQ_URL');
    expect(() => senderConfig({ PUBLIC_BASE_URL: SENDER.PUBLIC_BASE_URL })).toThrow('NOTICE_FROM_ADDRESS');
    expect(() => senderConfig({ NOTICE_FROM_ADDRESS: SENDER.NOTICE_FROM_ADDRESS })).toThrow('PUBLIC_BASE_URL');
    expect(() => publicBaseUrlConfig({})).toThrow('PUBLIC_BASE_URL is not set');
    expect(() => linkKeyConfig({})).toThrow('LINK_SIGNING_KEY_SECRET_ARN');
    expect(() => sessionConfig({ JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'a' })).toThrow('JWT_JWKS_URL');
    expect(() => receiptSigningConfig({})).toThrow('RECEIPT_KMS_KEY_ARN is not set (nor RECEIPT_SIGNING_KEY, its local alternative)');
  });

  it('fails on an invalid variable, naming it', () => {
    expect(() => fanoutQueueConfig({ FANOUT_QUEUE_URL: 'not a url' })).toThrow('FANOUT_QUEUE_URL');
    expect(() => senderConfig({ ...SENDER, PUBLIC_BASE_URL: '127.0.0.1:3000' })).toThrow('PUBLIC_BASE_URL');
    expect(() => senderConfig({ ...SENDER, NOTICE_FROM_ADDRESS: 'privacy' })).toThrow('NOTICE_FROM_ADDRESS');
    expect(() => senderConfig({ ...SENDER, SES_MAX_SEND_RATE: 'fast' })).toThrow('SES_MAX_SEND_RATE');
    expect(() => senderConfig({ ...SENDER, SES_RATE_SHARES: '0' })).toThrow('SES_RATE_SHARES');
    expect(() => noticeConfig({ NOTICE_SCAN_SEGMENTS: '1.5' })).toThrow('NOTICE_SCAN_SEGMENTS');
    expect(() => noticeConfig({ NOTICE_LEASE_SECONDS: '-1' })).toThrow('NOTICE_LEASE_SECONDS');
    expect(() => dynamoClientConfig({ DYNAMODB_MAX_SOCKETS: 'many' })).toThrow('DYNAMODB_MAX_SOCKETS');
    expect(() => linkKeyConfig({ LINK_SIGNING_KEY: Buffer.alloc(16).toString('base64') })).toThrow('LINK_SIGNING_KEY');
    expect(() => sessionConfig({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_JWKS: '{' })).toThrow('JWT_JWKS');
    expect(() => receiptSigningConfig({ RECEIPT_KMS_KEY_ARN: 'alias/receipts' })).toThrow('RECEIPT_KMS_KEY_ARN');
    expect(() => receiptSigningConfig({ RECEIPT_SIGNING_KEY: '{' })).toThrow('RECEIPT_SIGNING_KEY');
    // A public key only, or another curve: not a key that signs ES256 receipts.
    expect(() => receiptSigningConfig({ RECEIPT_SIGNING_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }) })).toThrow('RECEIPT_SIGNING_KEY');
    expect(() => receiptSigningConfig({ RECEIPT_SIGNING_KEY: JSON.stringify({ kty: 'EC', crv: 'P-384', x: 'x', y: 'y', d: 'd' }) })).toThrow('RECEIPT_SIGNING_KEY');
  });

  it('reads what is set, with the tuning defaults for what may be left out', () => {
    expect(tableConfig({ TABLE_NAME: 't' })).toEqual({ tableName: 't' });
    expect(publicBaseUrlConfig({ PUBLIC_BASE_URL: 'https://ledger.example.com' })).toEqual({ publicBaseUrl: 'https://ledger.example.com' });
    // An SQS emulator's queue URL, which WHATWG URL parsing refuses.
    const emulated = 'http://sqs.us-east-1.127.0.0.1:46487/000000000000/consent-ledger-fanout';
    expect(fanoutQueueConfig({ FANOUT_QUEUE_URL: emulated })).toEqual({ fanoutQueueUrl: emulated });
    expect(dynamoClientConfig({})).toEqual({ maxSockets: undefined });
    expect(noticeConfig({ NOTICE_RECIPIENTS_PER_MESSAGE: '50' })).toMatchObject({ segments: 4, recipientsPerMessage: 50 });
    expect(senderConfig({ ...SENDER, SES_MAX_SEND_RATE: '14', SES_RATE_SHARES: '2', SES_CONFIGURATION_SET: '' })).toEqual({
      fromAddress: 'privacy@example.com',
      configurationSet: undefined,
      templateName: undefined,
      sendRate: 7,
      publicBaseUrl: 'https://ledger.example.com',
      linkTtlDays: 90,
    });
    expect(linkKeyConfig({ LINK_SIGNING_KEY_SECRET_ARN: 'arn:aws:secretsmanager:x' })).toEqual({ secretArn: 'arn:aws:secretsmanager:x' });
    expect(sessionConfig({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_JWKS_URL: 'https://idp/jwks' }).keys).toEqual({ jwksUrl: new URL('https://idp/jwks') });
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(receiptSigningConfig({ RECEIPT_KMS_KEY_ARN: kmsKeyArn })).toEqual({ kmsKeyArn });
    const privateJwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k' };
    // The local alternative wins, as the local stack sets only it.
    expect(receiptSigningConfig({ RECEIPT_SIGNING_KEY: JSON.stringify(privateJwk), RECEIPT_KMS_KEY_ARN: kmsKeyArn })).toEqual({ privateJwk });
  });

  it('reads how the pages sign in: the provider is the authorizer\'s issuer, sign-out returns beside the callback, openid is asked for', () => {
    const env = { JWT_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'pages', OIDC_REDIRECT_URI: 'https://ledger.example.com/sign-in/callback' };
    expect(signInConfig(env)).toEqual({
      issuer: new URL('https://idp.example'),
      clientId: 'pages',
      redirectUri: new URL('https://ledger.example.com/sign-in/callback'),
      postLogoutRedirectUri: new URL('https://ledger.example.com/signed-out'),
      scope: 'openid',
      logoutUrl: undefined,
    });
    expect(signInConfig({ ...env, OIDC_REDIRECT_URI: 'https://x.example/base/sign-in/callback' }).postLogoutRedirectUri.href).toBe('https://x.example/base/signed-out');
    expect(signInConfig({ ...env, OIDC_LOGOUT_URL: 'https://p.auth.eu-west-1.amazoncognito.com/logout' }).logoutUrl?.href).toBe('https://p.auth.eu-west-1.amazoncognito.com/logout');
    expect(() => signInConfig({ ...env, OIDC_CLIENT_ID: '' })).toThrow('OIDC_CLIENT_ID');
    expect(() => signInConfig({ ...env, OIDC_REDIRECT_URI: '/sign-in/callback' })).toThrow('OIDC_REDIRECT_URI');
    expect(() => signInConfig({ ...env, OIDC_SCOPE: 'profile consent:admin' })).toThrow('OIDC_SCOPE must include openid');
  });

  it('is read in lib/config.ts only: no other file of lib/ or functions/ reads process.env', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const readers = ['lib', 'functions']
      .flatMap((dir) => files(join(PROJECT_ROOT, dir)))
      .filter((path) => /process\s*\.\s*env|process\s*\[\s*['"]env/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(PROJECT_ROOT, path));
    expect(readers).toEqual(['lib/config.ts']);
  });
});
