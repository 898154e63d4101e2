import { createHash } from 'node:crypto';
import { decideEligibility, type Reason } from '../domain/eligibility.ts';
import { choiceAt, type Choice, type ChoiceSource } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { isKnownPurpose, policyInForce } from '../domain/policy.ts';
import { IdempotencyKeyReusedError, NotFoundError, PreconditionFailedError } from '../errors.ts';
import type { MemberRecord } from '../store/store.ts';
import type { Deps } from './deps.ts';
import { laterOf, retryOnConflict } from './write-retry.ts';

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

/** The choices recorded so far name the state exactly: any new choice changes the tag. */
export function consentEtag(record: MemberRecord, purpose: string): string {
  return `"${own(record.choices, purpose)?.length ?? 0}"`;
}

/** RFC 9110 If-Match: a list of strong tags, or "*"; weak tags never match. */
export function ifMatchSatisfied(ifMatch: string, etag: string): boolean {
  const candidates = ifMatch.split(',').map((tag) => tag.trim());
  return candidates.includes('*') || candidates.includes(etag);
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

async function consentState(deps: Deps, record: MemberRecord, purpose: string): Promise<ConsentState> {
  const now = deps.clock.now();
  const decision = decideEligibility(record, await deps.policies.all(), purpose, now);
  const choices = own(record.choices, purpose);
  const latest = choiceAt(choices, now) ?? choices?.at(-1);
  return {
    consent: {
      memberId: record.memberId,
      purpose,
      choice: latest?.choice ?? null,
      eligible: decision.eligible,
      reason: decision.reason,
      policyVersion: decision.policyVersion,
      updatedAt: latest?.at ?? null,
    },
    etag: consentEtag(record, purpose),
  };
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

async function replayOf(deps: Deps, command: SetChoiceCommand, keyId: string): Promise<SetChoiceResult | undefined> {
  const record = await deps.store.getIdempotencyRecord(command.memberId, keyId);
  if (!record || record.expiresAt < deps.clock.now().toISOString()) return undefined;
  if (record.requestHash !== requestHash(command)) throw new IdempotencyKeyReusedError('idempotency key reused');
  return { ...(JSON.parse(record.result) as ConsentState), replayed: true };
}

/**
 * Records a member's choice. The new state and its audit event are written together or not at
 * all; If-Match guards against lost updates and an Idempotency-Key makes retries safe.
 */
export async function setChoice(deps: Deps, command: SetChoiceCommand): Promise<SetChoiceResult> {
  await requireKnownPurpose(deps, command.purpose);
  const keyId = command.idempotencyKey === undefined ? undefined : idempotencyKeyId(command, command.idempotencyKey);
  if (keyId) {
    const replay = await replayOf(deps, command, keyId);
    if (replay) return replay;
  }
  return retryOnConflict<SetChoiceResult>(async () => {
    const current = await requireMember(deps, command.memberId);
    if (command.ifMatch !== undefined && !ifMatchSatisfied(command.ifMatch, consentEtag(current, command.purpose))) {
      throw new PreconditionFailedError(
        `If-Match ${command.ifMatch} does not match the current ETag ${consentEtag(current, command.purpose)}`,
      );
    }
    const nowDate = deps.clock.now();
    const now = nowDate.toISOString();
    const previous = own(current.choices, command.purpose) ?? [];
    const at = laterOf(now, previous.at(-1)?.at);
    const record: MemberRecord = {
      ...current,
      choices: { ...current.choices, [command.purpose]: [...previous, { at, choice: command.choice }] },
      version: current.version + 1,
      updatedAt: now,
    };
    const state = await consentState(deps, record, command.purpose);
    const outcome = await deps.store.writeMember({
      record,
      expectedVersion: current.version,
      event: {
        kind: 'choice',
        purpose: command.purpose,
        choice: command.choice,
        source: command.source,
        actor: command.actor,
        requestId: command.requestId,
        effectiveAt: at,
        recordedAt: now,
      },
      idempotency: keyId
        ? {
            key: keyId,
            requestHash: requestHash(command),
            result: JSON.stringify(state),
            expiresAt: new Date(nowDate.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
          }
        : undefined,
    });
    if (outcome === 'written') return { done: true, value: { ...state, replayed: false } };
    if (outcome === 'idempotency_conflict' && keyId) {
      // A concurrent request with the same key won; answer what it answered.
      const replay = await replayOf(deps, command, keyId);
      if (replay) return { done: true, value: replay };
    }
    return { done: false };
  });
}

export async function getHistory(deps: Deps, memberId: string, purpose: string): Promise<{ items: HistoryItem[] }> {
  await requireKnownPurpose(deps, purpose);
  await requireMember(deps, memberId);
  const events = await deps.store.listChoiceEvents(memberId, purpose);
  return {
    items: events.map((event) => ({ at: event.effectiveAt, choice: event.choice, source: event.source, actor: event.actor })),
  };
}
