import { createHash } from 'node:crypto';
import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { planCompaction } from '../domain/history.ts';
import { choiceAt, effectiveChoices, type Choice, type ChoiceSource } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { isKnownPurpose, policyInForce } from '../domain/policy.ts';
import { receiptClaims } from '../domain/receipts.ts';
import { IdempotencyKeyReusedError, InvalidInputError, NotFoundError, PreconditionFailedError } from './errors.ts';
import { WRITE_DEADLINE_MS, type IdempotencyMark, type MemberRecord, type NumberedChoice, type RecordedChoice, type StoredAnswer } from './ports/consent-store.ts';
import { ANSWER_PENDING, retry } from './retry.ts';
import type { ChoiceDeps, Deps } from './deps.ts';
import { erasedError } from './erasure.ts';

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
  return `"${own(record.counts, purpose) ?? 0}"`;
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

/**
 * What a choice keeps of the request that recorded it: 72 bits of its id's hash, enough to tell
 * the latest few dozen requests apart, at a fifth of a request id's bytes on the hot item.
 */
export function requestRef(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64url').slice(0, 12);
}

async function requireKnownPurpose(deps: Deps, purpose: string): Promise<void> {
  if (!isKnownPurpose(await deps.policies.all(), purpose)) {
    throw new NotFoundError(`purpose ${purpose} is not defined by any policy version`);
  }
}

/** The member's hot item, read strongly consistent: every read of their own records starts here (404 when unknown). */
export async function requireMember(deps: Deps, memberId: string): Promise<MemberRecord> {
  const record = await deps.store.getMember(memberId, { consistent: true });
  if (!record) throw new NotFoundError(`member ${memberId} is not known`);
  if (record.erasedAt !== undefined) throw erasedError(memberId);
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

/** A purpose's hot choices at their effective times, each with its number in the whole history. */
export function hotChoices(record: MemberRecord, purpose: string): NumberedChoice[] {
  const archived = own(record.archivedChoices, purpose);
  const before = archived?.count ?? 0;
  return effectiveChoices(own(record.choices, purpose), archived?.lastAt).map((entry, index) => ({ position: before + index + 1, entry }));
}

/** A purpose's state now, from a member record already read. */
export async function consentState(deps: Deps, record: MemberRecord, purpose: string): Promise<ConsentState> {
  const now = deps.clock.now();
  const decision = decideEligibility(record, await deps.policies.all(), purpose, now);
  const choices = own(record.choices, purpose);
  const floor = own(record.archivedChoices, purpose)?.lastAt;
  const latest = choiceAt(choices, now, floor) ?? effectiveChoices(choices, floor).at(-1);
  return { consent: view(record, purpose, latest, decision), etag: consentEtag(record, purpose) };
}

/** The choice a request recorded, wherever it sits now. */
async function choiceOfRequest(deps: Deps, record: MemberRecord, purpose: string, ref: string): Promise<NumberedChoice> {
  const made =
    hotChoices(record, purpose).find(({ entry }) => entry.requestId === ref) ??
    // Archived meanwhile by a concurrent writer's housekeeping: it sits in the latest archive items.
    (await deps.store.findArchivedChoice(record.memberId, purpose, ref));
  if (!made) throw new Error(`request ${ref} has no recorded choice for ${purpose}`);
  return made;
}

/**
 * The state a choice write answers with: as it stood right after the choice, at the time that
 * choice took effect. The first answer and every recovery of it are computed alike from the
 * stored history, so a retry answers what the first request was told.
 */
async function stateAfterChoice(deps: Deps, record: MemberRecord, purpose: string, made: NumberedChoice): Promise<ConsentState> {
  // Eligibility right after the choice: the choice itself is the latest in effect at its time.
  const { [purpose]: _moved, ...archivedChoices } = record.archivedChoices;
  const upToMade = { ...record, choices: { ...record.choices, [purpose]: [made.entry] }, archivedChoices };
  const decision = decideEligibility(upToMade, await deps.policies.all(), purpose, new Date(made.entry.at));
  return { consent: view(record, purpose, made.entry, decision), etag: `"${made.position}"` };
}

/** What a recorded choice answers: its state, and its receipt signed over the same facts. */
export interface ChoiceAnswer extends ConsentState {
  /** Compact JWS (ES256) over the choice's receipt claims; verify with GET /.well-known/jwks.json. */
  receipt: string;
}

/**
 * The answer a recorded choice gets: the state right after it, and its receipt. The claims follow
 * from the stored choice alone, so every signing of it states the same facts under the same
 * receiptId; only the ECDSA signature differs from one signing to the next.
 */
async function answerAfterChoice(deps: ChoiceDeps, record: MemberRecord, purpose: string, made: NumberedChoice): Promise<ChoiceAnswer> {
  const state = await stateAfterChoice(deps, record, purpose, made);
  const claims = receiptClaims({
    memberId: record.memberId,
    purpose,
    sequence: made.position,
    choice: made.entry.choice,
    at: made.entry.at,
    source: made.entry.source,
    policyVersion: state.consent.policyVersion,
    profiles: record.profiles,
  });
  return { ...state, receipt: await deps.receipts.sign(claims) };
}

const answerAfterRequest = async (deps: ChoiceDeps, record: MemberRecord, purpose: string, ref: string): Promise<ChoiceAnswer> =>
  answerAfterChoice(deps, record, purpose, await choiceOfRequest(deps, record, purpose, ref));

/** The answer the latest choice of a purpose got, its receipt signed afresh; undefined before any choice. */
export async function latestChoiceAnswer(deps: ChoiceDeps, record: MemberRecord, purpose: string): Promise<ChoiceAnswer | undefined> {
  const latest = hotChoices(record, purpose).at(-1);
  return latest === undefined ? undefined : answerAfterChoice(deps, record, purpose, latest);
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

export interface SetChoiceResult extends ChoiceAnswer {
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

/** A stored answer a replay can give as is: one kept with its receipt (marks written before receipts existed have none). */
function completeAnswer(answer: StoredAnswer | undefined): ChoiceAnswer | undefined {
  return answer?.receipt === undefined ? undefined : (answer as ChoiceAnswer);
}

class AnswerPending extends Error {}

/**
 * The first request's answer, for a replay that found its key's mark without one while that
 * request may still be answering (its mark is younger than a write's deadline): read again, a
 * little later, rather than race it to store an answer. Reads never collide with the writes in
 * flight on the member; a replay that stored its own answer would, and under many replays at once
 * those collisions held up everyone's writes. Undefined: no answer came (or could be read) in time.
 */
async function firstAnswer(deps: Deps, memberId: string, keyId: string, mark: IdempotencyMark): Promise<ChoiceAnswer | undefined> {
  const claimedAt = Date.parse(mark.expiresAt) - IDEMPOTENCY_TTL_MS;
  if (deps.clock.now().getTime() - claimedAt > WRITE_DEADLINE_MS) return undefined;
  try {
    return await retry(
      async () => {
        const current = await deps.store.getIdempotencyMark(memberId, keyId);
        if (current?.requestId !== mark.requestId) return undefined;
        const answer = completeAnswer(current.answer);
        if (answer === undefined) throw new AnswerPending();
        return answer;
      },
      { ...ANSWER_PENDING, retryable: (error) => error instanceof AnswerPending },
    );
  } catch {
    // Still pending, or the read failed: answer from the history instead.
    return undefined;
  }
}

/**
 * Records a member's choice: one conditional append that reads nothing first, so any number of
 * concurrent writers each land once, in the order storage applied them; If-Match is checked by
 * the same write. With an Idempotency-Key the append is a transaction with the key's mark, an
 * item of its own (so any number of keys can be live): the choice is recorded if and only if the
 * key was claimed, and the mark keeps the first answer, receipt included, for replays: an ECDSA
 * signature differs at each signing, so only the stored receipt is byte for byte the same.
 */
export async function setChoice(deps: ChoiceDeps, command: SetChoiceCommand): Promise<SetChoiceResult> {
  await requireKnownPurpose(deps, command.purpose);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const { memberId, purpose } = command;
  const ref = requestRef(command.requestId);
  const keyId = command.idempotencyKey === undefined ? undefined : idempotencyKeyId(command, command.idempotencyKey);
  const mark = { requestId: ref, requestHash: requestHash(command), expiresAt: new Date(nowDate.getTime() + IDEMPOTENCY_TTL_MS).toISOString() };
  const outcome = await deps.store.appendChoice({
    memberId,
    purpose,
    entry: { at: now, choice: command.choice, source: command.source, actor: command.actor, requestId: ref },
    expectedCounts: command.ifMatch === undefined ? undefined : ifMatchCounts(command.ifMatch),
    idempotency: keyId === undefined ? undefined : { keyId, mark },
  });
  if (outcome.outcome === 'appended') {
    let answer = await answerAfterRequest(deps, outcome.record, purpose, ref);
    await housekeeping(async () => {
      // A replay that came while this request was answering may have stored its answer first.
      if (keyId !== undefined) answer = completeAnswer(await deps.store.answerIdempotencyKey(memberId, keyId, ref, answer)) ?? answer;
      await tidy(deps, outcome.record, ref);
    });
    return { ...answer, replayed: false };
  }
  const { record, usedMark } = outcome;
  // Refused because the member is erased: nothing is recorded, and no earlier answer is replayed.
  if (record?.erasedAt !== undefined) throw erasedError(memberId);
  if (usedMark !== undefined && keyId !== undefined) {
    if (usedMark.requestHash !== mark.requestHash) throw new IdempotencyKeyReusedError('idempotency key reused');
    const replayed = usedMark.requestId !== ref;
    // The answer the first request gave, receipt included; or soon will, if it is still answering.
    const stored = completeAnswer(usedMark.answer) ?? (replayed ? await firstAnswer(deps, memberId, keyId, usedMark) : undefined);
    if (stored) return { ...stored, replayed };
    // The key's mark and its choice were written together: the choice is recorded, its answer not
    // stored yet (the first request is answering, or failed after its write). Whichever request
    // stores an answer first, the first request or a replay, every later replay gets that one.
    const current = record ?? (await requireMember(deps, memberId));
    let answer = await answerAfterRequest(deps, current, purpose, usedMark.requestId);
    await housekeeping(async () => {
      answer = completeAnswer(await deps.store.answerIdempotencyKey(memberId, keyId, usedMark.requestId, answer)) ?? answer;
    });
    return { ...answer, replayed };
  }
  if (!record) throw new NotFoundError(`member ${memberId} is not known`);
  // This request's own write, landed on an attempt whose answer was lost before the SDK retried
  // it. Its answer was never given, so a receipt signed now is the only one of this request.
  if (record.recentRequests.includes(ref)) return { ...(await answerAfterRequest(deps, record, purpose, ref)), replayed: false };
  throw new PreconditionFailedError(`If-Match ${command.ifMatch ?? '(none)'} does not match the current ETag ${consentEtag(record, purpose)}`);
}

/** The choice is recorded; housekeeping failing must not turn that into an error. The next write tries again. */
async function housekeeping(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // See above.
  }
}

/**
 * Request fingerprints kept on the hot item: a retry of a write whose answer was lost (the SDK
 * retries within seconds) is recognised while fewer than this many other writes landed since.
 */
export const RECENT_REQUESTS_LIMIT = 16;

/** Fingerprints the hot item can forget once it holds too many: those of choices no longer in the hot tail. */
export function forgettableRequests(record: MemberRecord, keep: ReadonlySet<string> = new Set()): string[] {
  if (record.recentRequests.length <= RECENT_REQUESTS_LIMIT) return [];
  const hot = new Set(Object.values(record.choices).flatMap((entries) => entries.map((entry) => entry.requestId)));
  return record.recentRequests.filter((ref) => !hot.has(ref) && !keep.has(ref));
}

/** After a write: moves the longest tail to the archive when the hot item has grown, and forgets old fingerprints. */
async function tidy(deps: Deps, record: MemberRecord, justWritten: string): Promise<void> {
  const plan = planCompaction(record.choices, record.archivedChoices, record.hotBytes);
  if (plan === undefined) {
    await deps.store.forgetRequests(record.memberId, forgettableRequests(record, new Set([justWritten])));
    return;
  }
  const moving = hotChoices(record, plan.purpose).slice(0, plan.move);
  const last = moving.at(-1)!.entry;
  const before = own(record.archivedChoices, plan.purpose);
  const staying = new Set(Object.values(record.choices).flatMap((entries) => entries.map((entry) => entry.requestId)));
  for (const { entry } of moving) staying.delete(entry.requestId);
  await deps.store.archiveChoices({
    memberId: record.memberId,
    purpose: plan.purpose,
    entries: moving.map(({ entry }) => entry),
    expectedArchived: plan.expectedArchived,
    archivedAfter: {
      count: plan.expectedArchived + plan.move,
      lastAt: last.at,
      gpcDenial: (before?.gpcDenial ?? false) || moving.some(({ entry }) => entry.source === 'gpc' && entry.choice === 'denied'),
    },
    // The moved choices' fingerprints stay while the hot item has room for them.
    forgetRequests: record.recentRequests.length > RECENT_REQUESTS_LIMIT ? record.recentRequests.filter((ref) => !staying.has(ref) && ref !== justWritten) : [],
  });
}

/** A purpose's choices for the history route, oldest first, at their effective times. */
export function historyItem({ entry }: NumberedChoice): HistoryItem {
  return { at: entry.at, choice: entry.choice, source: entry.source, actor: entry.actor };
}

/** The latest hot choices of a purpose, oldest first: what a page shows without reading the archive. */
export function recentHistory(record: MemberRecord, purpose: string): HistoryItem[] {
  return hotChoices(record, purpose).map(historyItem);
}

/**
 * The `count` choices of a purpose that end at `lastPosition` (default: the latest), oldest first,
 * each with its number: the hot tail, and the archive read backwards from its end for the rest.
 */
export async function historyWindow(deps: Deps, record: MemberRecord, purpose: string, count: number, lastPosition?: number): Promise<NumberedChoice[]> {
  const last = Math.min(lastPosition ?? Infinity, own(record.counts, purpose) ?? 0);
  const first = Math.max(1, last - count + 1);
  const hot = hotChoices(record, purpose).filter(({ position }) => position >= first && position <= last);
  const archivedCount = own(record.archivedChoices, purpose)?.count ?? 0;
  if (first > archivedCount || last < first) return hot;
  const archived = await deps.store.archivedChoicesUpTo(record.memberId, purpose, Math.min(last, archivedCount), Math.min(last, archivedCount) - first + 1);
  return [...archived, ...hot];
}

export const HISTORY_PAGE_DEFAULT = 100;
export const HISTORY_PAGE_MAX = 1_000;

/** Where a page of a purpose's choices starts: the number of its first choice, and the archive item to read on from. */
export interface ChoicePlace {
  purpose: string;
  position: number;
  continueFrom?: string | undefined;
}

/**
 * A place in a member's choices as an opaque cursor. The history of a purpose and the member's
 * consent record page through the same places, so they share the cursor.
 */
export function encodeChoiceCursor(memberId: string, place: ChoicePlace): string {
  return Buffer.from(JSON.stringify([memberId, place.purpose, place.position, place.continueFrom ?? null])).toString('base64url');
}

/**
 * The place `text` names, if it is a cursor of `memberId`'s choices of a purpose `accepts`; else
 * 400 `query.cursor`, rule `cursor`, saying it must be the `next` of an earlier page of `pages`.
 */
export function decodeChoiceCursor(text: string, memberId: string, accepts: (purpose: string) => boolean, pages: string): ChoicePlace {
  const refuse = () => new InvalidInputError('query.cursor', 'cursor', `must be the \`next\` value of an earlier page of ${pages}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw refuse();
  const [cursorMember, purpose, position, continueFrom] = parsed as unknown[];
  const valid =
    cursorMember === memberId &&
    typeof purpose === 'string' &&
    accepts(purpose) &&
    Number.isSafeInteger(position) &&
    (position as number) >= 1 &&
    (continueFrom === null || (typeof continueFrom === 'string' && continueFrom.startsWith(`AC#${purpose}#`)));
  if (!valid) throw refuse();
  return { purpose: purpose as string, position: position as number, continueFrom: (continueFrom as string | null) ?? undefined };
}

/**
 * Up to `limit` choices of a purpose from `place` on, oldest first: archived choices from the
 * archive items, then the hot tail, and where the following page starts (absent once the
 * purpose's choices are all taken). The hot item read first (`record`) fixes the view: choices
 * archived after that read are taken from the archive only up to the count it showed, so a page
 * never shows one twice.
 */
export async function choicesFrom(deps: Deps, record: MemberRecord, place: ChoicePlace, limit: number): Promise<{ choices: NumberedChoice[]; next?: ChoicePlace }> {
  const { purpose, position } = place;
  const archivedCount = own(record.archivedChoices, purpose)?.count ?? 0;
  const taken: NumberedChoice[] = [];
  let continueFrom: string | undefined;
  if (position <= archivedCount) {
    const archived = await deps.store.archivedChoices(record.memberId, purpose, position, limit, place.continueFrom);
    taken.push(...archived.choices.filter((choice) => choice.position <= archivedCount).slice(0, limit));
    continueFrom = archived.continueFrom;
  }
  const from = taken.at(-1)?.position ?? position - 1;
  taken.push(...hotChoices(record, purpose).filter((choice) => choice.position > from).slice(0, limit - taken.length));
  const total = own(record.counts, purpose) ?? 0;
  const last = taken.at(-1)?.position ?? position - 1;
  if (last >= total) return { choices: taken };
  return { choices: taken, next: { purpose, position: last + 1, continueFrom: last + 1 <= archivedCount ? continueFrom : undefined } };
}

/** One page of a purpose's history, oldest first (see choicesFrom). */
export async function getHistory(
  deps: Deps,
  memberId: string,
  purpose: string,
  page: { limit?: number | undefined; cursor?: string | undefined } = {},
): Promise<{ items: HistoryItem[]; next?: string }> {
  await requireKnownPurpose(deps, purpose);
  const limit = page.limit ?? HISTORY_PAGE_DEFAULT;
  const cursor =
    page.cursor === undefined ? undefined : decodeChoiceCursor(page.cursor, memberId, (named) => named === purpose, "this member's history of this purpose");
  const record = await requireMember(deps, memberId);
  const { choices, next } = await choicesFrom(deps, record, cursor ?? { purpose, position: 1 }, limit);
  return { items: choices.map(historyItem), ...(next === undefined ? {} : { next: encodeChoiceCursor(memberId, next) }) };
}
