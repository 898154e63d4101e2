// The admin dashboard and a campaign's live view. Server-rendered, no script (the live view
// reloads itself with a meta refresh while its campaign runs); every value is escaped. Pure.
import { REASONS, type Reason } from '../../domain/eligibility.ts';
import type { CampaignProgress } from '../../app/notices/progress.ts';
import type { CampaignsOverview, EligibilitySample, MemberLookup, RunsOverview, TimelineEntry } from '../../app/dashboard.ts';
import { summaryIn } from '../../domain/policy-texts.ts';
import { card, escapeHtml, renderPage } from './layout.ts';
import { dateTime, siteHeader } from './member.ts';
import { shortDate } from './reason-words.ts';

const LANG = 'en';
const SERVICE = 'Consent Ledger';
/** Seconds between updates of a running campaign's live view. */
export const LIVE_REFRESH_SECONDS = 2;

/**
 * Progressive enhancement of the campaign page: while the campaign runs, fetch this page again
 * every LIVE_REFRESH_SECONDS and swap in its #live section (server-rendered, escaped HTML of this
 * same origin), until it is done, with a button to pause (WCAG 2.2.2). Without script the page
 * has a Refresh link instead; a meta refresh would take control of timing away from the reader.
 */
export const LIVE_SCRIPT = `(() => {
  const live = document.getElementById('live');
  const button = document.getElementById('pause');
  if (!live || !button || live.dataset.status !== 'running') return;
  let paused = false;
  let timer;
  const tick = async () => {
    clearTimeout(timer);
    if (paused) return;
    try {
      const response = await fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
      const next = response.ok ? new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('live') : null;
      if (next) {
        live.innerHTML = next.innerHTML;
        live.dataset.status = next.dataset.status;
        if (next.dataset.status !== 'running') { button.hidden = true; return; }
      }
    } catch {}
    timer = setTimeout(tick, ${LIVE_REFRESH_SECONDS * 1000});
  };
  button.hidden = false;
  button.addEventListener('click', () => {
    paused = !paused;
    button.textContent = paused ? 'Resume live updates' : 'Pause live updates';
    button.setAttribute('aria-pressed', String(paused));
    if (!paused) tick();
  });
  timer = setTimeout(tick, ${LIVE_REFRESH_SECONDS * 1000});
})();`;

const STATUS_WORDS: Record<TimelineEntry['status'], string> = { past: 'Superseded', in_force: 'In force', upcoming: 'Upcoming' };
const num = (value: number | null) => (value === null ? 'unknown' : value.toLocaleString('en-GB'));
const percent = (part: number, total: number) => (total === 0 ? 0 : Math.round((part / total) * 1000) / 10);

function timelineCard(timeline: TimelineEntry[]): string {
  const rows = timeline
    .map((entry) =>
      [
        '<tr>',
        `<th scope="row">${escapeHtml(entry.id)}</th>`,
        `<td>${escapeHtml(shortDate(entry.announcedAt))}</td>`,
        `<td>${escapeHtml(shortDate(entry.effectiveAt))}</td>`,
        `<td>${entry.status === 'in_force' ? '<strong>In force</strong>' : STATUS_WORDS[entry.status]}</td>`,
        `<td>${escapeHtml(summaryIn(entry, LANG) ?? '')}</td>`,
        '</tr>',
      ].join(''),
    )
    .join('\n');
  return card(
    [
      '<h2 id="timeline-title">Policy timeline</h2>',
      '<table>',
      '<caption>Policy versions, oldest first</caption>',
      '<thead><tr><th scope="col">Version</th><th scope="col">Announced</th><th scope="col">Effective</th><th scope="col">Status</th><th scope="col">Summary</th></tr></thead>',
      `<tbody>\n${rows}\n</tbody>`,
      '</table>',
    ].join('\n'),
    'timeline-title',
  );
}

function deadLetterLine(deadLetters: CampaignsOverview['deadLetters']): string {
  const total = (deadLetters.fanout ?? 0) + (deadLetters.notices ?? 0);
  const cls = total > 0 ? 'error' : 'note';
  return `<p class="${cls}" id="dlq">Dead-letter queues: fan-out <strong>${num(deadLetters.fanout)}</strong>, notices <strong>${num(deadLetters.notices)}</strong> message(s) waiting.</p>`;
}

function progressCells(progress: CampaignProgress): string {
  return [progress.targeted, progress.sent, progress.failed, progress.queued, progress.skipped].map((n) => `<td class="num">${num(n)}</td>`).join('');
}

const PROGRESS_HEAD = '<th scope="col" class="num">Targeted</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Queued</th><th scope="col" class="num">Skipped</th>';

function campaignsCard(overview: CampaignsOverview): string {
  const rows = overview.campaigns
    .map((campaign) =>
      [
        '<tr>',
        `<th scope="row">${escapeHtml(campaign.policyId)}</th>`,
        `<td>${campaign.status === 'done' ? 'Done' : '<strong>Running</strong>'}</td>`,
        progressCells(campaign),
        `<td>${escapeHtml(dateTime(campaign.startedAt))}</td>`,
        `<td><a href="/admin/notices/${encodeURIComponent(campaign.policyId)}">Live view<span class="visually-hidden"> of ${escapeHtml(campaign.policyId)}</span></a></td>`,
        '</tr>',
      ].join(''),
    )
    .join('\n');
  const table =
    overview.campaigns.length === 0
      ? '<p>No notice campaign has been announced yet.</p>'
      : [
          '<table>',
          '<caption>Latest campaign of each announced version</caption>',
          `<thead><tr><th scope="col">Version</th><th scope="col">Status</th>${PROGRESS_HEAD}<th scope="col">Started</th><th scope="col">Progress</th></tr></thead>`,
          `<tbody>\n${rows}\n</tbody>`,
          '</table>',
        ].join('\n');
  return card(['<h2 id="campaigns-title">Notice campaigns</h2>', deadLetterLine(overview.deadLetters), table].join('\n'), 'campaigns-title');
}

function runsCard(runs: RunsOverview): string {
  const rows = runs.items
    .map((run) =>
      [
        '<tr>',
        `<th scope="row">${escapeHtml(run.name)}</th>`,
        `<td>${escapeHtml(run.purpose)}</td>`,
        `<td>${escapeHtml(dateTime(run.snapshotAt))}</td>`,
        `<td>${escapeHtml(dateTime(run.pinnedAt))}</td>`,
        `<td>${escapeHtml(run.registeredBy)}</td>`,
        `<td>${escapeHtml(run.model ?? '—')}</td>`,
        `<td>${escapeHtml(run.dataset ?? '—')}</td>`,
        '</tr>',
      ].join(''),
    )
    .join('\n');
  const table =
    runs.items.length === 0
      ? '<p id="runs-none">No training run has been registered yet.</p>'
      : [
          '<table id="training-runs">',
          `<caption>Training runs, newest first${runs.more ? `: the latest ${runs.items.length} (GET /v1/training-runs lists them all)` : ` (${runs.items.length})`}</caption>`,
          '<thead><tr><th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Data as of</th><th scope="col">Pinned</th><th scope="col">Registered by</th><th scope="col">Model</th><th scope="col">Dataset</th></tr></thead>',
          `<tbody>\n${rows}\n</tbody>`,
          '</table>',
        ].join('\n');
  return card(['<h2 id="runs-title">Training runs</h2>', table].join('\n'), 'runs-title');
}

/** Reasons in DOMAIN.md order, only those that occur in the sample. */
const reasonsIn = (sample: EligibilitySample): Reason[] => REASONS.filter((reason) => (sample.totals.byReason[reason] ?? 0) > 0);

/** "2026-01-01T10:00" for a datetime-local input, from an ISO instant (UTC). */
export const dateTimeLocal = (iso: string): string => iso.slice(0, 16);

function chartCard(sample: EligibilitySample, purposes: readonly string[]): string {
  const reasons = reasonsIn(sample);
  const scope = sample.complete
    ? `all ${num(sample.members)} members`
    : `a sample: the first ${num(sample.members)} members a table scan returns (capped at ${num(sample.maxMembers)}; scan order follows a hash of the member id, so it is not sorted by anything meaningful)`;
  const row = (r: EligibilitySample['rows'][number], header: boolean) => {
    const share = percent(r.eligible, r.total);
    const cells = reasons.map((reason) => `<td class="num">${num(r.byReason[reason] ?? 0)}</td>`).join('');
    const name = header ? `<th scope="row">${escapeHtml(r.jurisdiction)}</th>` : `<th scope="row"><strong>${escapeHtml(r.jurisdiction)}</strong></th>`;
    return `<tr>${name}<td class="num">${num(r.total)}</td><td class="num">${num(r.eligible)} (${share}%)</td><td aria-hidden="true"><span class="bar" style="width:${Math.round(share * 1.2)}px"></span><span class="bar off" style="width:${Math.round((100 - share) * 1.2)}px"></span></td>${cells}</tr>`;
  };
  const purposeField =
    purposes.length > 1
      ? `<label for="purpose">Purpose</label><select id="purpose" name="purpose">${purposes.map((p) => `<option${p === sample.purpose ? ' selected' : ''}>${escapeHtml(p)}</option>`).join('')}</select>`
      : `<input type="hidden" name="purpose" value="${escapeHtml(sample.purpose)}">`;
  return card(
    [
      '<h2 id="chart-title">Eligibility by jurisdiction and reason</h2>',
      '<form method="get" action="/admin">',
      purposeField,
      '<label for="at">As of (UTC)</label>',
      `<input type="datetime-local" id="at" name="at" value="${escapeHtml(dateTimeLocal(sample.at))}">`,
      '<button type="submit">Show</button>',
      '</form>',
      `<p>Purpose <strong>${escapeHtml(sample.purpose)}</strong> as of <strong>${escapeHtml(dateTime(sample.at))}</strong>, over ${escapeHtml(scope)}.</p>`,
      '<table id="eligibility-chart">',
      `<caption>Members eligible as of ${escapeHtml(dateTime(sample.at))}, by jurisdiction (bars: eligible share), and the reason of each answer</caption>`,
      `<thead><tr><th scope="col">Jurisdiction</th><th scope="col" class="num">Members</th><th scope="col" class="num">Eligible</th><td aria-hidden="true"></td>${reasons.map((reason) => `<th scope="col" class="num">${reason}</th>`).join('')}</tr></thead>`,
      `<tbody>\n${sample.rows.map((r) => row(r, true)).join('\n')}\n</tbody>`,
      `<tfoot>${row(sample.totals, false)}</tfoot>`,
      '</table>',
    ].join('\n'),
    'chart-title',
  );
}

/** Why the answer is what it is, in an administrator's words. */
export function explainLookup(lookup: MemberLookup): string {
  const { decision } = lookup;
  const version = decision.policyVersion ?? 'none';
  const where = decision.jurisdiction === undefined ? '' : decision.jurisdiction === 'default' ? "the purpose's default rule" : `the rule for ${decision.jurisdiction}`;
  const since = lookup.regimeSince === undefined ? '' : ` (this regime since ${shortDate(lookup.regimeSince)})`;
  const chosen = lookup.choice === undefined ? '' : ` on ${dateTime(lookup.choice.at)}`;
  switch (decision.reason) {
    case 'unknown_member':
      return 'No profile is recorded for this member, so the answer is no.';
    case 'erased':
      return 'The member\'s data was erased: every answer known since is no, whatever the time asked about. Answers known before the erasure still replay as they were given (ask with knownAt).';
    case 'no_policy_in_force':
      return 'No policy version was in force at this time, so the answer is no.';
    case 'purpose_not_covered':
      return `Policy version ${version} does not cover this purpose, so the answer is no.`;
    case 'minor':
      return `Under version ${version}, the member was under the minimum age (${lookup.minimumAge ?? 18}) or suspected to be a minor: never used, whatever the setting.`;
    case 'excluded_jurisdiction':
      return `Under version ${version}, ${where} excludes this purpose${since}: never used, whatever the member chose.`;
    case 'opted_out':
      return `Under version ${version}, ${where} applies (${decision.regime}); the member's latest choice at this time is denied${chosen}.`;
    case 'opted_in':
      return `Under version ${version}, ${where} applies (${decision.regime}); the member's latest choice at this time is granted${chosen}.`;
    case 'no_consent':
      return `Under version ${version}, ${where} is opt-in${since} and the member had not granted: no.`;
    case 'default_opt_in':
      return `Under version ${version}, ${where} is opt-out on the basis of ${decision.legalBasis?.replaceAll('_', ' ') ?? 'an unnamed basis'}${since}, and the member had not objected: used by default.`;
    case 'notice_pending':
      return `Under version ${version}, ${where} is opt-out, but the member's notice of this version was not delivered long enough before this time: no, for now.`;
  }
}

function lookupCard(input: DashboardInput): string {
  const { lookup } = input;
  const result = lookup
    ? [
        `<h3>${escapeHtml(lookup.memberId)}: ${lookup.decision.eligible ? 'eligible' : 'not eligible'}</h3>`,
        '<dl id="lookup-result">',
        `<dt>Eligible</dt><dd>${lookup.decision.eligible ? 'Yes' : 'No'}</dd>`,
        `<dt>Reason</dt><dd><code>${lookup.decision.reason}</code></dd>`,
        `<dt>Policy version</dt><dd>${escapeHtml(lookup.decision.policyVersion ?? 'none')}</dd>`,
        `<dt>As of</dt><dd>${escapeHtml(dateTime(lookup.at))}</dd>`,
        lookup.location ? `<dt>Location</dt><dd>${escapeHtml(lookup.location.subdivision ?? lookup.location.country)}</dd>` : '',
        `<dt>Explanation</dt><dd>${escapeHtml(explainLookup(lookup))}</dd>`,
        '</dl>',
      ].join('\n')
    : '';
  return card(
    [
      '<h2 id="lookup-title">Look up one member</h2>',
      '<form method="get" action="/admin">',
      `<input type="hidden" name="purpose" value="${escapeHtml(input.sample.purpose)}">`,
      `<input type="hidden" name="at" value="${escapeHtml(dateTimeLocal(input.sample.at))}">`,
      '<label for="member">Member id</label>',
      `<input type="text" id="member" name="member" autocomplete="off" spellcheck="false" value="${escapeHtml(input.memberQuery ?? '')}">`,
      '<button type="submit">Look up</button>',
      '</form>',
      input.lookupError ? `<p class="error" role="alert">${escapeHtml(input.lookupError)}</p>` : '',
      result,
    ].join('\n'),
    'lookup-title',
  );
}

export interface DashboardInput {
  adminSub: string;
  timeline: TimelineEntry[];
  overview: CampaignsOverview;
  runs: RunsOverview;
  sample: EligibilitySample;
  purposes: readonly string[];
  memberQuery?: string | undefined;
  lookup?: MemberLookup | undefined;
  lookupError?: string | undefined;
}

export function renderDashboard(input: DashboardInput): string {
  const body = ['<h1>Consent dashboard</h1>', timelineCard(input.timeline), campaignsCard(input.overview), runsCard(input.runs), chartCard(input.sample, input.purposes), lookupCard(input)].join('\n');
  return renderPage({ lang: LANG, referrer: 'same-origin', title: `Dashboard · ${SERVICE}`, body, wide: true, header: siteHeader(input.adminSub) });
}

export interface CampaignPageInput {
  adminSub: string;
  progress: CampaignProgress & { campaigns: { campaignId: string; startedAt: string }[] };
  deadLetters: CampaignsOverview['deadLetters'];
}

/** One campaign; with script, it updates itself every LIVE_REFRESH_SECONDS while it runs. */
export function renderCampaign(input: CampaignPageInput): string {
  const { progress } = input;
  const running = progress.status === 'running';
  const share = percent(progress.sent + progress.failed + progress.skipped, progress.targeted);
  const live = [
    `<div id="live" data-status="${progress.status}">`,
    `<p role="status" id="campaign-status">Campaign ${escapeHtml(progress.campaignId)}: <strong>${running ? 'running' : 'done'}</strong>${running ? '' : `, finished ${escapeHtml(dateTime(progress.finishedAt ?? progress.startedAt))}`}.</p>`,
    `<p><label for="progress-bar">Handled</label><progress id="progress-bar" max="100" value="${share}">${share}%</progress> ${share}% of ${num(progress.targeted)} targeted so far (${num(progress.scanned)} members scanned).</p>`,
    '<table id="campaign-progress">',
    '<caption>Progress</caption>',
    `<thead><tr>${PROGRESS_HEAD}</tr></thead>`,
    `<tbody><tr>${progressCells(progress)}</tr></tbody>`,
    '</table>',
    deadLetterLine(input.deadLetters),
    running ? '<p><a href="">Refresh</a> to see the latest figures.</p>' : '',
    '</div>',
  ];
  const body = card(
    [
      `<h1>Notices of version ${escapeHtml(progress.policyId)}</h1>`,
      ...live,
      running ? '<p><button type="button" id="pause" class="secondary" aria-pressed="false" hidden>Pause live updates</button></p>' : '',
      `<p class="note">Started ${escapeHtml(dateTime(progress.startedAt))}. Campaigns of this version: ${progress.campaigns.length}.</p>`,
      '<p><a href="/admin">Back to the dashboard</a></p>',
    ].join('\n'),
  );
  return renderPage({
    lang: LANG,
    referrer: 'same-origin',
    title: `Notices of ${progress.policyId} · ${SERVICE}`,
    body,
    header: siteHeader(input.adminSub),
    ...(running ? { script: LIVE_SCRIPT } : {}),
  });
}
