// What the notice tests on stacks of their own share: the emails the SES emulator holds, who got
// a version's notice, and a campaign announced and followed to its end.
import { expect } from 'vitest';
import { adminToken, call } from './api-client.ts';

export interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
}

/** Every email the SES emulator at `sesEndpoint` was sent. */
export async function emails(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** The addresses a version's notice went to, sorted. */
export const recipientsOf = (all: StoredEmail[], policyId: string) =>
  all.filter((email) => email.body.text.includes(`(version ${policyId})`)).flatMap((email) => email.destination.to).sort();

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Announces `policyId` and answers the campaign's progress once it is done. */
export async function announceAndWait(policyId: string) {
  const admin = await adminToken();
  const started = await call('POST', `/v1/policies/${policyId}/notices`, { token: admin });
  expect(started.status, started.text).toBe(202);
  expect(started.headers.get('location')).toContain(started.body.campaignId);
  return waitFor(`campaign ${started.body.campaignId}`, async () => {
    const progress = await call('GET', `/v1/policies/${policyId}/notices?campaignId=${started.body.campaignId}`, { token: admin });
    return progress.body.status === 'done' ? progress.body : undefined;
  });
}
