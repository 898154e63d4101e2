// A choice's receipt (DOMAIN.md section 7, "Receipts"): what the signed statement says, derived
// from the recorded choice alone, so that the same choice always yields the same claims and the
// same receiptId, however often and wherever they are signed. Signing is an adapter's business.
import { createHash } from 'node:crypto';
import { jurisdictionAt, type Choice, type ChoiceSource, type ProfileVersion } from './member.ts';

/** The claims of a receipt, in the order the contract lists them. */
export interface ReceiptClaims {
  receiptId: string;
  memberId: string;
  purpose: string;
  choice: Choice;
  /** When the choice took effect: the answer's updatedAt. */
  at: string;
  source: ChoiceSource;
  /** The policy version the answer names (null: no version in force then). */
  policyVersion: string | null;
  /** Where the member was (subdivision, else country), as change events say it. */
  jurisdiction: string | null;
}

/** A recorded choice, with what the answer to it said. */
export interface ReceiptFact {
  memberId: string;
  purpose: string;
  /** Its number in the purpose's whole history: 1 for the first choice ever (what its ETag names). */
  sequence: number;
  choice: Choice;
  at: string;
  source: ChoiceSource;
  policyVersion: string | null;
  profiles: readonly ProfileVersion[];
}

/**
 * The receipt's id: a UUID (RFC 9562 version 8, name-based with SHA-256, as its appendix B.2
 * shows) of member, purpose and the choice's number. One choice, one id, for ever: a receipt
 * signed again, and the change event of the same choice, can name it. Newlines cannot occur in
 * member ids or purposes, so no two choices share a name.
 */
export function receiptId(memberId: string, purpose: string, sequence: number): string {
  const hash = createHash('sha256').update(`consent-ledger:receipt\n${memberId}\n${purpose}\n${sequence}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function receiptClaims(fact: ReceiptFact): ReceiptClaims {
  return {
    receiptId: receiptId(fact.memberId, fact.purpose, fact.sequence),
    memberId: fact.memberId,
    purpose: fact.purpose,
    choice: fact.choice,
    at: fact.at,
    source: fact.source,
    policyVersion: fact.policyVersion,
    jurisdiction: jurisdictionAt(fact.profiles, new Date(fact.at)),
  };
}
