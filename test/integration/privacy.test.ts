// Structured logs never carry a member's email address, whatever the request did.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { adminToken, call, uniqueMemberId } from './api-client.ts';

describe('logs', () => {
  it('are JSON lines without any email address, after requests that carry emails', async () => {
    const admin = await adminToken();
    const id = uniqueMemberId('privacy');
    const marker = `secret.${Date.now()}@privacy-test.example`;
    await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: marker, country: 'US' } });
    await call('PUT', `/v1/members/${id}`, { token: admin, body: { email: marker, country: 'XX' } });
    await call('PUT', `/v1/members/${encodeURIComponent(marker)}`, { token: admin, body: { email: marker, country: 'US' } });
    await call('GET', `/v1/members/${encodeURIComponent(marker)}`, { token: admin });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = readFileSync(inject('logFile'), 'utf8').split('\n').filter((line) => line.startsWith('{"level"'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const all = readFileSync(inject('logFile'), 'utf8');
    expect(all).not.toContain(marker);
    expect(all).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });
});
