// The privacy scan finds every kind of secret it names, and nothing in ordinary log lines.
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../integration/log-scan.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ';

describe('findSecrets', () => {
  it.each([
    { line: '{"level":"INFO","message":"request handled","statusCode":200}', expected: [] },
    { line: '{"routeKey":"PUT /v1/members/{memberId}","requestId":"a1b2c3d4-e5f6"}', expected: [] },
    { line: '{"arn":"arn:aws:lambda:us-east-1:000000000000:function:consent-ledger-pages"}', expected: [] },
    { line: '{"email":"alice@example.com"}', expected: ['email address'] },
    { line: 'to: Bob.O+news@sub.example.co.uk', expected: ['email address'] },
    { line: `{"authorization":"Bearer ${JWT}"}`, expected: ['JWT (access or link token)', 'bearer credential'] },
    { line: `{"token":"${JWT}"}`, expected: ['JWT (access or link token)'] },
    { line: '{"path":"/v1/opt-out?token=abcdefghijklmnopqrstuvwxyz"}', expected: ['token query parameter'] },
    { line: '{"header":"bearer abcdefghijklmnop0123"}', expected: ['bearer credential'] },
    { line: '{"path":"/sign-in/callback?code=Qx3kYw9vT2mA7pLs0dF1&state=abc"}', expected: ['authorization code or PKCE verifier'] },
    { line: 'grant_type=authorization_code&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r', expected: ['authorization code or PKCE verifier'] },
    { line: '{"cookie":"cl_signin=eyJzdGF0ZSI6ImFiYyJ9eyJub25jZ"}', expected: ['sign-in transaction cookie'] },
    { line: '{"routeKey":"GET /sign-in/callback","statusCode":400,"problemType":"urn:consent-ledger:problem:invalid-request"}', expected: [] },
  ])('$line', ({ line, expected }) => {
    expect(findSecrets(line).map((finding) => finding.secret)).toEqual(expected);
  });

  it('names the line, not its content', () => {
    expect(findSecrets('ok\nalice@example.com\nok', 'stack.log')).toEqual([{ file: 'stack.log', line: 2, secret: 'email address' }]);
  });
});
