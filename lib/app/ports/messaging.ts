// What the notice use cases send through: a queue and a bulk mailer. The adapters (SQS, SES) say
// how; the use cases only know these shapes and the one limit SES sets on a call.

export interface OutgoingMessage {
  body: string;
  delaySeconds?: number;
}

export interface Queue {
  /** Sends every message, or throws if some never go. */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
}

/** Destinations per bulk call: SES SendBulkEmail's limit. */
export const MAX_BULK_DESTINATIONS = 50;

export interface BulkEntry {
  to: string;
  data: { subject: string; text: string; html: string };
}

export type EntryStatus = { ok: true; messageId: string | undefined } | { ok: false; error: string; transient: boolean };

export interface Mailer {
  /** One status per entry, in order; throws MailThrottledError when the service says "slow down". */
  sendBulk(entries: readonly BulkEntry[]): Promise<EntryStatus[]>;
}

/** The mail service refused a call for its sending rate: retry later, nothing failed. */
export class MailThrottledError extends Error {}
