import { createHash } from 'node:crypto';
import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { choiceAt, effectiveChoices, type Choice, type ChoiceSource } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { isKnownPurpose, policyInForce } from '../domain/policy.ts';
import { IdempotencyKeyReusedError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import type { MemberRecord, RecordedChoice } from '../store/store.ts';
import type { Deps } from './deps.ts';

export interface ConsentView {
  memberId: string;
  purpose: string;
  choice: Choice | null;
  eligible: boolean;
  reason: Reason;
  policyVersion: string | null;
  updatedAt: string | null;
}

export interface ConsentState {
  consent: ConsentView;
  /** Strong entity tag of this member's choices for this purpose. */
  etag: string;
}

export interface HistoryItem {
  at: string;
  choice: Choice;
  source: ChoiceSource;
  actor: string;
}

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** The largest count an ETag can name and still compare exactly. */
const MAX_ETAG_DIGITS = 15;

/** A purpose's choices are only ever appended, so their number names the state exactly. */
export function consentEtag(record: MemberRecord, purpose: string): string {
  return `"${own(record.choices, purpose)?.length ?? 0}"`;
}

/**
 * RFC 9110 If-Match as the numbers of choices it accepts: undefined for "*" (any state), and
 * only strong tags of the form this service issues; weak or foreign tags never match.
 */
export function ifMatchCounts(ifMatch: string): number[] | undefined {
  const counts: number[] = [];
  for (const candidate of ifMatch.split(',').map((tag) => tag.trim())) {
    if (candidate === '*') return undefined;
    const digits = /^"(0|[1-9][0-9]*)"$/.exec(candidate)?.[1];
    if (digits !== undefined && digits.length <= MAX_ETAG_DIGITS) counts.push(Number(digits));
  }
  return counts;
}

async function requireKnownPurpose(deps: Deps, purpose: string): Promise<void> {
  if (!isKnownPurpose(await deps.policies.all(), purpose)) {
    throw new NotFoundError(`purpose ${purpose} is not defined by any policy version`);
  }
}

async function requireMember(deps: Deps, memberId: string): Promise<MemberRecord> {
  const record = await deps.store.getMember(memberId, { consistent: true });
  if (!record) throw new NotFoundError(`member ${memberId} is not known`);
  return record;
}

function view(record: MemberRecord, purpose: string, latest: RecordedChoice | undefined, decision: Decision): ConsentView {
  return {
    memberId: record.memberId,
    purpose,
    choice: latest?.choice ?? null,
    eligible: decision.eligible,
    reason: decision.reason,
    policyVersion: decision.policyVersion,
    updatedAt: latest?.at ?? null,
  };
}

/** A purpose's state now, from a member record already read. */
export async function consentState(deps: Deps, record: MemberRecord, purpose: string): Promise<ConsentState> {
  const now = deps.clock.now();
  const decision = decideEligibility(record, await deps.policies.all(), purpose, now);
  const choices = own(record.choices, purpose);
  const latest = choiceAt(choices, now) ?? effectiveChoices(choices).at(-1);
  return { consent: view(record, purpose, latest, decision), etag: consentEtag(record, purpose) };
}

/**
 * The state a choice write answers with: as it stood right after the choice the request made, at
 * the time that choice took effect. The first answer and every replay are computed alike from the
 * stored history, so a replay answers what the first request was told.
 */
async function stateAfterRequest(deps: Deps, record: MemberRecord, purpose: string, requestId: string): Promise<ConsentState> {
  const choices = effectiveChoices(own(record.choices, purpose));
  const position = choices.findIndex((entry) => entry.requestId === requestId) + 1;
  const made = choices[position - 1];
  if (!made) throw new Error(`request ${requestId} has no recorded choice for ${purpose}`);
  const upToMade = { ...record, choices: { ...record.choices, [purpose]: choices.slice(0, position) } };
  const decision = decideEligibility(upToMade, await deps.policies.all(), purpose, new Date(made.at));
  return { consent: view(record, purpose, made, decision), etag: `"${position}"` };
}

export async function getConsent(deps: Deps, memberId: string, purpose: string): Promise<ConsentState> {
  await requireKnownPurpose(deps, purpose);
  return consentState(deps, await requireMember(deps, memberId), purpose);
}

/** Every purpose of the policy in force now, with the member's choice and eligibility. */
export async function listConsents(
  deps: Deps,
  memberId: string,
): Promise<{ memberId: string; policyVersion: string | null; items: Omit<ConsentView, 'memberId' | 'policyVersion'>[] }> {
  const record = await requireMember(deps, memberId);
  const policy = policyInForce(await deps.policies.all(), deps.clock.now());
  const items = [];
  for (const purpose of Object.keys(policy?.purposes ?? {}).sort()) {
    const { consent } = await consentState(deps, record, purpose);
    items.push({
      purpose,
      choice: consent.choice,
      eligible: consent.eligible,
      reason: consent.reason,
      updatedAt: consent.updatedAt,
    });
  }
  return { memberId, policyVersion: policy?.id ?? null, items };
}

export interface SetChoiceCommand {
  memberId: string;
  purpose: string;
  choice: Choice;
  source: ChoiceSource;
  actor: string;
  requestId: string;
  ifMatch?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface SetChoiceResult extends ConsentState {
  /** True when this answers a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

function idempotencyKeyId(command: SetChoiceCommand, key: string): string {
  const scope = createHash('sha256').update(`${command.actor}\n${key}`).digest('base64url');
  return `${command.purpose}#${scope}`;
}

function requestHash(command: SetChoiceCommand): string {
  return createHash('sha256')
    .update(JSON.stringify([command.memberId, command.purpose, command.choice, command.ifMatch ?? null]))
    .digest('base64url');
}

/**
 * Records a member's choice: one conditional append that reads nothing first, so any number of
 * concurrent writers each land once, in the order storage applied them. If-Match guards against
 * lost updates and an Idempotency-Key makes retries safe; both are checked by the same write.
 */
export async function setChoice(deps: Deps, command: SetChoiceCommand): Promise<SetChoiceResult> {
  await requireKnownPurpose(deps, command.purpose);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const keyId = command.idempotencyKey === undefined ? undefined : idempotencyKeyId(command, command.idempotencyKey);
  const outcome = await deps.store.appendChoice({
    memberId: command.memberId,
    purpose: command.purpose,
    entry: { at: now, choice: command.choice, source: command.source, actor: command.actor, requestId: command.requestId },
    expectedCounts: command.ifMatch === undefined ? undefined : ifMatchCounts(command.ifMatch),
    idempotency: keyId
      ? {
          keyId,
          mark: {
            requestId: command.requestId,
            requestHash: requestHash(command),
            expiresAt: new Date(nowDate.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
          },
        }
      : undefined,
  });
  if (outcome.outcome === 'appended') {
    await tidy(deps, outcome.record, nowDate);
    return { ...(await stateAfterRequest(deps, outcome.record, command.purpose, command.requestId)), replayed: false };
  }
  return answerRefusal(deps, command, outcome.record, keyId, now);
}

/** Tells from the record as it was why the append was refused, and answers accordingly. */
async function answerRefusal(
  deps: Deps,
  command: SetChoiceCommand,
  record: MemberRecord | undefined,
  keyId: string | undefined,
  now: string,
): Promise<SetChoiceResult> {
  if (!record) throw new NotFoundError(`member ${command.memberId} is not known`);
  const found = keyId === undefined ? undefined : own(record.idempotency, keyId);
  const mark = found && found.expiresAt >= now ? found : undefined;
  if (record.recentRequests.includes(command.requestId) || mark?.requestId === command.requestId) {
    // This request's own write landed on an attempt whose answer was lost, and the SDK retried it.
    return { ...(await stateAfterRequest(deps, record, command.purpose, command.requestId)), replayed: false };
  }
  if (mark) {
    if (mark.requestHash !== requestHash(command)) throw new IdempotencyKeyReusedError('idempotency key reused');
    return { ...(await stateAfterRequest(deps, record, command.purpose, mark.requestId)), replayed: true };
  }
  const etag = consentEtag(record, command.purpose);
  throw new PreconditionFailedError(`If-Match ${command.ifMatch ?? '(none)'} does not match the current ETag ${etag}`);
}

/** How long a request id is kept to recognise retries: far beyond the SDK's retries of one call. */
export const REQUEST_MEMORY_MS = 5 * 60_000;
/** Tidy only once this many request ids are old, so most writes cost one request. */
export const TIDY_BATCH = 10;

/**
 * What a member's item can drop after a write: idempotency marks that have expired, and ids of
 * requests too old to be retried still (once there are enough of them to be worth a write).
 */
export function staleEntries(record: MemberRecord, now: Date): { expiredKeys: string[]; oldRequests: string[] } {
  const nowIso = now.toISOString();
  const expiredKeys = Object.entries(record.idempotency)
    .filter(([, mark]) => mark.expiresAt < nowIso)
    .map(([keyId]) => keyId);
  // Fewer ids than a batch can never make one: skip looking up when they were recorded.
  if (record.recentRequests.length < TIDY_BATCH) return { expiredKeys, oldRequests: [] };
  const recordedAt = new Map<string, string>();
  for (const entries of Object.values(record.choices)) for (const entry of entries) recordedAt.set(entry.requestId, entry.at);
  const cutoff = now.getTime() - REQUEST_MEMORY_MS;
  const old = record.recentRequests.filter((requestId) => {
    const at = recordedAt.get(requestId);
    return at !== undefined && Date.parse(at) < cutoff;
  });
  return { expiredKeys, oldRequests: old.length >= TIDY_BATCH ? old : [] };
}

async function tidy(deps: Deps, record: MemberRecord, now: Date): Promise<void> {
  const stale = staleEntries(record, now);
  try {
    await deps.store.tidyMember(record.memberId, stale, now.toISOString());
  } catch {
    // The choice is recorded; housekeeping failing must not turn that into an error. The next
    // write tries again.
  }
}

/** A purpose's choices, oldest first, at their effective times, from a member record already read. */
export function choiceHistory(record: MemberRecord, purpose: string): HistoryItem[] {
  return effectiveChoices(own(record.choices, purpose)).map(({ at, choice, source, actor }) => ({ at, choice, source, actor }));
}

export async function getHistory(deps: Deps, memberId: string, purpose: string): Promise<{ items: HistoryItem[] }> {
  await requireKnownPurpose(deps, purpose);
  return { items: choiceHistory(await requireMember(deps, memberId), purpose) };
}
