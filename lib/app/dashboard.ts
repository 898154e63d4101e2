// The admin dashboard: the policy timeline, every notice campaign's progress with the dead-letter
// queues' depth, the newest training runs, eligibility by jurisdiction and reason at a chosen time
// (over a bounded sample), and one member's answer with its explanation.
import { decideEligibility, type Decision, type Reason } from '../domain/eligibility.ts';
import { choiceAt, profileAt } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { byEffectiveAt, isKnownPurpose, policyInForce } from '../domain/policy.ts';
import { NotFoundError } from './errors.ts';
import { regimeSince } from '../domain/rule-in-force.ts';
import type { MemberPage, NoticeStore } from './ports/notice-store.ts';
import type { Deps } from './deps.ts';
import { timelineAt } from './eligibility.ts';
import { campaignProgress, type CampaignProgress } from './notices/progress.ts';
import type { PolicyView } from './policies.ts';
import { listPolicies } from './policies.ts';
import { listRuns, type RunDeps } from './training-runs.ts';
import type { TrainingRun } from '../domain/training-runs.ts';

export interface DeadLetterGauge {
  /** Messages waiting in each dead-letter queue; null where the depth could not be read. */
  depths(): Promise<{ fanout: number | null; notices: number | null }>;
}

export interface DashboardDeps extends RunDeps {
  notices: NoticeStore;
  deadLetters: DeadLetterGauge;
}

export interface TimelineEntry extends PolicyView {
  status: 'past' | 'in_force' | 'upcoming';
}

export async function policyTimeline(deps: Deps): Promise<TimelineEntry[]> {
  const { items } = await listPolicies(deps);
  const now = deps.clock.now();
  const inForce = policyInForce(items, now)?.id;
  return items.map((policy) => ({
    ...policy,
    status: policy.id === inForce ? 'in_force' : Date.parse(policy.effectiveAt) > now.getTime() ? 'upcoming' : 'past',
  }));
}

export interface CampaignsOverview {
  campaigns: (CampaignProgress & { campaignCount: number })[];
  deadLetters: { fanout: number | null; notices: number | null };
}

/** The latest campaign of every announced version, newest version first, and the DLQ depths. */
export async function campaignsOverview(deps: DashboardDeps): Promise<CampaignsOverview> {
  const policies = byEffectiveAt(await deps.policies.all()).reverse();
  const [campaigns, deadLetters] = await Promise.all([
    Promise.all(
      policies.map(async (policy) => {
        const announced = await deps.notices.listCampaigns(policy.id);
        if (announced.length === 0) return undefined;
        const progress = await campaignProgress(deps, policy.id, undefined);
        return { ...progress, campaignCount: progress.campaigns.length };
      }),
    ),
    deps.deadLetters.depths(),
  ]);
  return { campaigns: campaigns.filter((entry) => entry !== undefined), deadLetters };
}

/** One campaign's progress (the latest of the version unless `campaignId`), and the DLQ depths. */
export async function campaignView(deps: DashboardDeps, policyId: string, campaignId: string | undefined) {
  const [progress, deadLetters] = await Promise.all([campaignProgress(deps, policyId, campaignId), deps.deadLetters.depths()]);
  return { progress, deadLetters };
}

/** How the eligibility sample is bounded: at most this many members, read by this many segments. */
export const SAMPLE = { maxMembers: 5_000, segments: 4, pageItems: 1_000, maxPagesPerSegment: 10 } as const;

export interface JurisdictionRow {
  /** The member's country (subdivision where recorded) at the chosen time. */
  jurisdiction: string;
  total: number;
  eligible: number;
  byReason: Partial<Record<Reason, number>>;
}

export interface EligibilitySample {
  purpose: string;
  at: string;
  /** Members in the sample. */
  members: number;
  /** True when the scan reached the end of the table: the figures cover every member. */
  complete: boolean;
  maxMembers: number;
  rows: JurisdictionRow[];
  totals: JurisdictionRow;
}

/**
 * Eligibility at `at` over the first members a parallel scan returns: at most SAMPLE.maxMembers,
 * and at most SAMPLE.maxPagesPerSegment pages of SAMPLE.pageItems items per segment, so the cost
 * of a dashboard view does not grow with the table. Scan order follows a hash of the member id.
 */
export async function eligibilitySample(deps: DashboardDeps, purpose: string, at: Date): Promise<EligibilitySample> {
  const policies = await deps.policies.all();
  const perSegment = Math.ceil(SAMPLE.maxMembers / SAMPLE.segments);
  const segments = await Promise.all(
    Array.from({ length: SAMPLE.segments }, async (_, segment) => {
      const found: MemberPage['members'] = [];
      let startKey: Record<string, unknown> | undefined;
      let exhausted = false;
      for (let page = 0; page < SAMPLE.maxPagesPerSegment && found.length < perSegment; page++) {
        const result = await deps.notices.scanMembers(segment, SAMPLE.segments, startKey, SAMPLE.pageItems);
        found.push(...result.members);
        startKey = result.nextKey;
        if (!startKey) {
          exhausted = true;
          break;
        }
      }
      return { members: found.slice(0, perSegment), complete: exhausted && found.length <= perSegment };
    }),
  );
  const rows = new Map<string, JurisdictionRow>();
  const totals: JurisdictionRow = { jurisdiction: 'All', total: 0, eligible: 0, byReason: {} };
  let members = 0;
  for (const member of segments.flatMap((segment) => segment.members)) {
    const profile = profileAt(member.profiles, at);
    const jurisdiction = profile?.subdivision ?? profile?.country ?? 'unknown';
    const decision = decideEligibility(member, policies, purpose, at);
    let row = rows.get(jurisdiction);
    if (!row) rows.set(jurisdiction, (row = { jurisdiction, total: 0, eligible: 0, byReason: {} }));
    for (const target of [row, totals]) {
      target.total += 1;
      if (decision.eligible) target.eligible += 1;
      target.byReason[decision.reason] = (target.byReason[decision.reason] ?? 0) + 1;
    }
    members += 1;
  }
  return {
    purpose,
    at: at.toISOString(),
    members,
    complete: segments.every((segment) => segment.complete),
    maxMembers: SAMPLE.maxMembers,
    rows: [...rows.values()].sort((a, b) => b.total - a.total || a.jurisdiction.localeCompare(b.jurisdiction)),
    totals,
  };
}

export interface MemberLookup {
  memberId: string;
  purpose: string;
  at: string;
  known: boolean;
  decision: Decision;
  /** The member's latest choice at or before `at`. */
  choice?: { at: string; choice: 'granted' | 'denied' } | undefined;
  /** Since when the regime that decided has applied to the member's region. */
  regimeSince?: string | undefined;
  minimumAge?: number | undefined;
  /** Where the member was at `at`. */
  location?: { country: string; subdivision?: string | undefined } | undefined;
}

/** One member's answer at `at`, with what decided it. */
export async function lookupMember(deps: Deps, memberId: string, purpose: string, at: Date): Promise<MemberLookup> {
  const [hot, policies] = await Promise.all([deps.store.getMember(memberId, { consistent: true }), deps.policies.all()]);
  const member = await timelineAt(deps, memberId, hot, purpose, at, { consistent: true });
  const decision = decideEligibility(member, policies, purpose, at);
  const choice = member ? choiceAt(own(member.choices, purpose), at, own(member.archivedChoices ?? {}, purpose)?.lastAt) : undefined;
  const profile = member ? profileAt(member.profiles, at) : undefined;
  return {
    memberId,
    purpose,
    at: at.toISOString(),
    known: member !== undefined,
    decision,
    choice,
    regimeSince: member ? regimeSince(member, policies, purpose, at)?.since : undefined,
    minimumAge: own(policyInForce(policies, at)?.purposes ?? {}, purpose)?.minimumAge,
    location: profile ? { country: profile.country, subdivision: profile.subdivision } : undefined,
  };
}

/** Training runs the dashboard lists: the newest. */
export const DASHBOARD_RUNS = 20;

export interface RunsOverview {
  /** The newest DASHBOARD_RUNS runs, newest first. */
  items: TrainingRun[];
  /** Older runs exist (GET /v1/training-runs pages through them all). */
  more: boolean;
}

/** The newest training runs, newest first. */
export async function recentRuns(deps: RunDeps): Promise<RunsOverview> {
  const { items, next } = await listRuns(deps, { limit: DASHBOARD_RUNS });
  return { items, more: next !== undefined };
}

export interface DashboardQuery {
  /** Defaults to the first purpose of the version in force. */
  purpose?: string | undefined;
  /** Defaults to now. */
  at?: Date | undefined;
  memberId?: string | undefined;
}

/** Everything the dashboard shows, read in parallel. */
export async function dashboard(deps: DashboardDeps, query: DashboardQuery) {
  const policies = await deps.policies.all();
  const at = query.at ?? deps.clock.now();
  const purposes = [...new Set(policies.flatMap((policy) => Object.keys(policy.purposes)))].sort();
  const inForce = Object.keys(policyInForce(policies, deps.clock.now())?.purposes ?? {}).sort();
  const purpose = query.purpose || inForce[0] || purposes[0] || 'genai-training';
  if (!isKnownPurpose(policies, purpose)) throw new NotFoundError(`purpose ${purpose} is not defined by any policy version`);
  const [timeline, overview, runs, sample, lookup] = await Promise.all([
    policyTimeline(deps),
    campaignsOverview(deps),
    recentRuns(deps),
    eligibilitySample(deps, purpose, at),
    query.memberId === undefined ? undefined : lookupMember(deps, query.memberId, purpose, at),
  ]);
  return { timeline, overview, runs, sample, purposes, lookup };
}
