// The member's settings page: each purpose of the policy in force, its state in plain words, the
// history of choices, the training runs that were allowed to use the member's data, Global Privacy
// Control, and saving a choice with If-Match semantics.
import { decideGpc, type GpcOutcome } from '../domain/gpc.ts';
import { own } from '../domain/own.ts';
import type { Reason } from '../domain/eligibility.ts';
import type { Choice, ChoiceSource } from '../domain/member.ts';
import { policyInForce } from '../domain/policy.ts';
import { purposeTextsIn, summaryIn } from '../domain/policy-texts.ts';
import { memberLanguage, type Locale } from '../email/messages.ts';
import { regimeSince, ruleInForce } from '../domain/rule-in-force.ts';
import { NotFoundError, PreconditionFailedError } from './errors.ts';
import { consentEtag, consentState, historyItem, historyWindow, latestChoiceAnswer, recentHistory, setChoice, type ConsentView, type HistoryItem } from './consents.ts';
import type { MemberRecord } from './ports/consent-store.ts';
import type { ChoiceDeps } from './deps.ts';
import { erasedError } from './erasure.ts';
import { memberExposure, type Exposure, type RunDeps } from './training-runs.ts';

/** The facts the settings page puts in words next to a toggle. */
export interface SettingState {
  reason: Reason;
  /** The latest choice at or before now, if any. */
  choice: Choice | null;
  /** When that choice was recorded. */
  choiceAt: string | null;
  choiceSource?: ChoiceSource | undefined;
  /** Since when the regime in force has applied to the member's region without a break. */
  regimeSince?: string | undefined;
  /** The purpose's minimum age under the version in force. */
  minimumAge?: number | undefined;
}

export interface PurposeSettings {
  purpose: string;
  /** The member-facing name of the setting, in the page's language (else the policy's default locale). */
  setting: string;
  description?: string | undefined;
  consent: ConsentView;
  /** The ETag the toggle sends back as If-Match. */
  etag: string;
  /** A window of the history, at most SETTINGS_HISTORY choices: the latest, or older ones asked for. */
  history: HistoryItem[];
  /** How many choices the member made for this purpose in all. */
  historyTotal: number;
  /** The number of the last choice before the window, when there are older ones to show. */
  olderBefore?: number | undefined;
  /** What decides the setting's state now: the page says it in words. */
  state: SettingState;
  /** Whether the rule in force for the member's jurisdiction honours GPC. */
  honorsGpc: boolean;
  /** What the GPC rule decided on this visit. */
  gpc: GpcOutcome;
  /**
   * The settled training runs of this purpose whose pinned answer let them use the member's data,
   * newest first: at most SETTINGS_EXPOSURE, and whether there are more.
   */
  exposure: { items: Exposure[]; more: boolean };
  /**
   * The receipt of the latest choice, wherever it was made (this page, the API, an email link,
   * GPC), signed as the page is made: the claims and receiptId it was recorded with, a signature
   * of its own. None before any choice.
   */
  latestReceipt?: string | undefined;
}

export interface SettingsView {
  memberId: string;
  /** The page's language: the member's profile first, then the browser's Accept-Language. */
  language: Locale;
  policy: { id: string; effectiveAt: string; summary?: string | undefined } | null;
  purposes: PurposeSettings[];
}

export interface Visit {
  memberId: string;
  /** The browser sent Sec-GPC: 1. */
  gpcSignal: boolean;
  /** The browser's Accept-Language, for a member whose profile names no language the pages speak. */
  acceptLanguage?: string | undefined;
  requestId: string;
  /** Show a purpose's history ending before this choice number, instead of its latest choices. */
  olderThan?: { purpose: string; position: number } | undefined;
}

/** Choices the settings page shows per purpose at a time. */
export const SETTINGS_HISTORY = 10;
/** Training runs the settings page lists per purpose. */
export const SETTINGS_EXPOSURE = 20;

/**
 * Records `denied`/`gpc` when the GPC rule says so. Guarded by the ETag read before the history,
 * so two tabs loading at once append one denial, not two; a lost race simply records nothing.
 */
async function applyGpc(deps: ChoiceDeps, visit: Visit, member: MemberRecord, purpose: string, honored: boolean): Promise<GpcOutcome> {
  if (!visit.gpcSignal || !honored) return decideGpc({ signal: visit.gpcSignal, honored, history: [] });
  const etag = consentEtag(member, purpose);
  const outcome = decideGpc({
    signal: true,
    honored,
    history: recentHistory(member, purpose),
    earlierGpcDenial: own(member.archivedChoices, purpose)?.gpcDenial,
  });
  if (outcome !== 'record_denied') return outcome;
  try {
    await setChoice(deps, {
      memberId: visit.memberId,
      purpose,
      choice: 'denied',
      source: 'gpc',
      actor: visit.memberId,
      requestId: visit.requestId,
      ifMatch: etag,
    });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
  return outcome;
}

async function readMember(deps: ChoiceDeps, memberId: string): Promise<MemberRecord> {
  const member = await deps.store.getMember(memberId, { consistent: true });
  if (!member) throw new NotFoundError(`member ${memberId} is not known`);
  if (member.erasedAt !== undefined) throw erasedError(memberId);
  return member;
}

export async function loadSettings(deps: RunDeps & ChoiceDeps, visit: Visit): Promise<SettingsView> {
  // One read serves every purpose; only a GPC denial written on this visit asks for another.
  let member = await readMember(deps, visit.memberId);
  const policies = await deps.policies.all();
  const now = deps.clock.now();
  const policy = policyInForce(policies, now);
  const { language, tag } = memberLanguage(member.locale, visit.acceptLanguage);
  const purposes: PurposeSettings[] = [];
  const inForce = policy === undefined ? [] : Object.entries(policy.purposes).map(([purpose, purposePolicy]) => ({ purpose, purposePolicy, texts: purposeTextsIn(policy, purpose, tag) }));
  for (const { purpose, purposePolicy, texts } of inForce.sort((a, b) => a.purpose.localeCompare(b.purpose))) {
    const honorsGpc = ruleInForce(member, policies, purpose, now)?.rule.honorGpc === true;
    const gpc = await applyGpc(deps, visit, member, purpose, honorsGpc);
    if (gpc === 'record_denied') member = await readMember(deps, visit.memberId);
    const { consent, etag } = await consentState(deps, member, purpose);
    const olderThan = visit.olderThan?.purpose === purpose ? visit.olderThan.position - 1 : undefined;
    const window = await historyWindow(deps, member, purpose, SETTINGS_HISTORY, olderThan);
    const items = window.map(historyItem);
    const latest = recentHistory(member, purpose).at(-1);
    const firstShown = window[0]?.position ?? 1;
    const exposure = await memberExposure(deps, visit.memberId, { purpose, limit: SETTINGS_EXPOSURE });
    const latestReceipt = (await latestChoiceAnswer(deps, member, purpose))?.receipt;
    purposes.push({
      purpose,
      setting: texts.setting ?? purpose,
      description: texts.description,
      consent,
      etag,
      history: items,
      historyTotal: own(member.counts, purpose) ?? 0,
      olderBefore: firstShown > 1 ? firstShown : undefined,
      state: {
        reason: consent.reason,
        choice: consent.choice,
        choiceAt: consent.updatedAt,
        choiceSource: latest?.choice === consent.choice ? latest.source : undefined,
        regimeSince: regimeSince(member, policies, purpose, now)?.since,
        minimumAge: purposePolicy.minimumAge,
      },
      honorsGpc,
      gpc,
      exposure: { items: exposure.items, more: exposure.next !== undefined },
      latestReceipt,
    });
  }
  return {
    memberId: visit.memberId,
    language,
    policy: policy ? { id: policy.id, effectiveAt: policy.effectiveAt, summary: summaryIn(policy, tag) } : null,
    purposes,
  };
}

export interface ToggleCommand {
  memberId: string;
  purpose: string;
  choice: Choice;
  /** The ETag the page was rendered with: the toggle's If-Match. */
  etag: string;
  requestId: string;
}

/** Saves a choice from the settings page; a page older than the latest choice is refused, not applied. */
export async function saveChoice(
  deps: ChoiceDeps,
  command: ToggleCommand,
): Promise<{ saved: true; consent: ConsentView; receipt: string } | { saved: false; stale: true }> {
  try {
    const result = await setChoice(deps, {
      memberId: command.memberId,
      purpose: command.purpose,
      choice: command.choice,
      source: 'settings',
      actor: command.memberId,
      requestId: command.requestId,
      ifMatch: command.etag,
    });
    return { saved: true, consent: result.consent, receipt: result.receipt };
  } catch (error) {
    if (error instanceof PreconditionFailedError) return { saved: false, stale: true };
    throw error;
  }
}
