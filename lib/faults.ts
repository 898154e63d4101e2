// Fault injection for the test suite only: active when CONSENT_LEDGER_FAULTS holds JSON, which
// no deployment sets. Faults are keyed to test data so the rest of a shared stack is untouched.
import type { SESv2Client } from '@aws-sdk/client-sesv2';

interface FaultConfig {
  /** SES answers FAILED, once, for each destination whose address matches. */
  sesRejectOnce?: string;
  /** The notify consumer crashes after its first record, once, in a batch holding a matching member id. */
  notifyCrashOnce?: string;
}

function config(): FaultConfig {
  const raw = process.env.CONSENT_LEDGER_FAULTS;
  return raw ? (JSON.parse(raw) as FaultConfig) : {};
}

const rejected = new Set<string>();

/** Makes SendBulkEmail report matching destinations as failed the first time each is sent. */
export function injectSesFaults(client: SESv2Client): void {
  const pattern = config().sesRejectOnce;
  if (!pattern) return;
  const matches = new RegExp(pattern);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'SendBulkEmailCommand') return result;
      const input = args.input as { BulkEmailEntries?: { Destination?: { ToAddresses?: string[] } }[] };
      const output = result.output as { BulkEmailEntryResults?: { Status?: string; Error?: string; MessageId?: string }[] };
      input.BulkEmailEntries?.forEach((entry, index) => {
        const to = entry.Destination?.ToAddresses?.[0] ?? '';
        const entryResult = output.BulkEmailEntryResults?.[index];
        if (entryResult && matches.test(to) && !rejected.has(to)) {
          rejected.add(to);
          output.BulkEmailEntryResults![index] = { Status: 'TRANSIENT_FAILURE', Error: 'injected fault' };
        }
      });
      return result;
    },
    { step: 'initialize', name: 'injectSesFaults' },
  );
}

let crashed = false;

/** Throws once, like a process dying mid-batch, when the batch holds a matching member id. */
export function crashAfterFirstRecord(bodies: readonly string[], index: number): void {
  const pattern = config().notifyCrashOnce;
  if (!pattern || crashed || index !== 0 || bodies.length < 2) return;
  if (bodies.some((body) => new RegExp(pattern).test(body))) {
    crashed = true;
    throw new Error('injected crash mid-batch');
  }
}
