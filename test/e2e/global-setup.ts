// One local stack for the browser tests, apart from the integration suite's (their campaigns
// email every member of the stack they run on). Notices are paced slowly enough that a campaign
// is seen running before it is done, and a policy version in force from now on honours Global
// Privacy Control in California.
import type { TestProject } from 'vitest/node';
import { ensureKeys, mintToken } from '../../infra/local/identity.ts';
import { startStackProcess } from '../../infra/local/stack-process.ts';
import { ensureLogRegistry, provideStack } from '../integration/global-setup.ts';
import { E2E_POLICY } from './fixtures.ts';

export default async function setup(project: TestProject) {
  // Its log is scanned with every other stack's at the end of the run.
  ensureLogRegistry();
  const stack = await startStackProcess({
    SES_MAX_SEND_RATE: '15',
    NOTICE_RECIPIENTS_PER_MESSAGE: '5',
    NOTICE_SCAN_SEGMENTS: '2',
    POLICY_CACHE_TTL_MS: '500',
  });
  const admin = await mintToken(await ensureKeys(stack.ready.stateDir), { sub: 'e2e-admin', scope: 'consent:admin' });
  const now = Date.now();
  const { id, ...policy } = E2E_POLICY(new Date(now - 60_000), new Date(now - 1_000));
  const response = await fetch(`${stack.ready.url}/v1/policies/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(policy),
  });
  if (response.status !== 201) throw new Error(`could not publish ${id}: ${response.status} ${await response.text()}`);
  provideStack(project, stack);
  return () => stack.stop();
}
