// A stack interrupted in the middle of a run and started again on its data keeps every write it
// acknowledged: after a graceful stop, and after a hard kill of every process it runs (SIGKILL to
// its process group, DynamoDB Local's Java included), which nothing can clean up after.
import { afterAll, describe, expect, it } from 'vitest';
import { adminToken, call, memberToken, PURPOSE, useStack } from './api-client.ts';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';
import { reportReliability } from './reliability-report.ts';

let stack: StackProcess | undefined;
afterAll(async () => {
  await stack?.stop();
});

const WRITERS = 5;

describe.each([
  { interruption: 'a graceful stop', interrupt: (running: StackProcess) => running.stop() },
  { interruption: 'a hard kill', interrupt: (running: StackProcess) => running.kill() },
])('a restart after $interruption', ({ interruption, interrupt }) => {
  it('keeps every acknowledged write, including those acknowledged as it began', async () => {
    stack = await startStackProcess({}, { inMemory: false });
    const { stateDir } = stack.ready;
    useStack(stack.ready);
    const ids = Array.from({ length: WRITERS }, (_, i) => `durable-${i}`);
    for (const id of ids) {
      expect((await call('PUT', `/v1/members/${id}`, { token: await adminToken(), body: { email: `${id}@example.com`, country: 'US' } })).status).toBe(201);
    }
    // Writers keep going while the stack goes down; whatever was acknowledged must stay.
    const acknowledged = new Map<string, string[]>(ids.map((id) => [id, []]));
    let writing = true;
    let sent = 0;
    const writers = ids.map(async (id) => {
      const token = await memberToken(id);
      for (let i = 0; writing && i < 200; i++) {
        const choice = i % 2 ? 'granted' : 'denied';
        sent += 1;
        const response = await call('PUT', `/v1/members/${id}/consents/${PURPOSE}`, { token, body: { choice } }).catch(() => undefined);
        if (response?.status === 200) acknowledged.get(id)!.push(choice);
        else if (!response) break; // the server is gone
      }
    });
    // Interrupt mid-stream: once enough writes were acknowledged (however loaded the machine).
    const acknowledgedSoFar = () => [...acknowledged.values()].reduce((sum, written) => sum + written.length, 0);
    for (let waited = 0; acknowledgedSoFar() < 20 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const interrupted = interrupt(stack);
    writing = false;
    await Promise.all([interrupted, ...writers]);

    stack = await startStackProcess({}, { stateDir, inMemory: false });
    useStack(stack.ready);
    let total = 0;
    let lostWrites = 0;
    for (const id of ids) {
      const history = (await call('GET', `/v1/members/${id}/consents/${PURPOSE}/history`, { token: await memberToken(id) })).body.items;
      const written = acknowledged.get(id)!;
      total += written.length;
      lostWrites += Math.max(0, written.length - history.length);
      // Every acknowledged write is there, in order; a write cut off mid-answer may also be.
      expect(history.slice(0, written.length).map((item: { choice: string }) => item.choice)).toEqual(written);
      expect(history.length - written.length).toBeLessThanOrEqual(1);
    }
    expect(total).toBeGreaterThan(10);
    reportReliability(`restart after ${interruption}`, { operations: sent, faultsInjected: 1, badInputs: 0, lostWrites, duplicates: 0, serverErrors: 0 });
    await stack.stop();
    stack = undefined;
  }, 120_000);
});
