// The bodies of the fan-out and notice queue messages, checked on receipt: a message that does
// not parse is a poison message, retried by SQS and then parked in the dead-letter queue.
import * as v from 'valibot';
import { LEGAL_BASES } from '../../domain/policy.ts';

const purposeTarget = v.object({
  purpose: v.string(),
  regime: v.picklist(['opt_in', 'opt_out']),
  legalBasis: v.optional(v.picklist(LEGAL_BASES)),
});

export const recipient = v.object({
  memberId: v.string(),
  email: v.string(),
  locale: v.optional(v.string()),
  purposes: v.pipe(v.array(purposeTarget), v.minLength(1)),
  /** Delivery attempts already made for this recipient in this campaign. */
  attempt: v.optional(v.number(), 0),
});
export type Recipient = v.InferOutput<typeof recipient>;

/** Well under SQS's 256 KiB per message: a recipient takes at most ~600 bytes. */
export const MAX_RECIPIENTS_PER_MESSAGE = 400;

export const chunkMessage = v.object({
  kind: v.literal('chunk'),
  campaignId: v.string(),
  policyId: v.string(),
  chunkId: v.string(),
  recipients: v.pipe(v.array(recipient), v.minLength(1), v.maxLength(MAX_RECIPIENTS_PER_MESSAGE)),
});
export type ChunkMessage = v.InferOutput<typeof chunkMessage>;

export const fanoutMessage = v.object({
  kind: v.literal('fanout'),
  campaignId: v.string(),
  policyId: v.string(),
  segment: v.number(),
  totalSegments: v.number(),
  page: v.number(),
  startKey: v.optional(v.record(v.string(), v.unknown())),
});
export type FanoutMessage = v.InferOutput<typeof fanoutMessage>;

export function parseMessage<S extends v.GenericSchema>(schema: S, body: string): v.InferOutput<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`message body does not match: ${issue.path?.map((item) => String(item.key)).join('.') ?? ''} ${issue.message}`);
  }
  return result.output;
}

/** A chunk's follow-up message is its id with the next generation: a#0 → a#1 → a#2. */
export function nextChunkId(chunkId: string): string {
  const [base, generation] = chunkId.split('#') as [string, string | undefined];
  return `${base}#${Number(generation ?? 0) + 1}`;
}
