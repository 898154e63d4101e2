import { describe, expect, it } from 'vitest';
import type { MemberTimeline } from '../../lib/domain/member.ts';
import { noticeTargets } from '../../lib/domain/notices.ts';
import type { PolicyVersion } from '../../lib/domain/policy.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { signLinkToken, verifyLinkToken } from '../../lib/app/link-token.ts';
import { nextChunkId } from '../../lib/app/notices/messages.ts';
import { summarizeCampaign } from '../../lib/app/notices/progress.ts';
import type { ChunkResult, PageResult } from '../../lib/app/ports/notice-store.ts';

const [v2024, v2025] = REFERENCE_POLICIES as [PolicyVersion, PolicyVersion];
const member = (country: string, extra: Partial<MemberTimeline['profiles'][number]> = {}): MemberTimeline => ({
  profiles: [{ from: '2024-01-01T00:00:00.000Z', country, ...extra }],
  choices: {},
  notices: {},
});
const now = new Date('2024-11-01T00:00:00Z');

describe('noticeTargets: who is told of a version (DOMAIN.md section 5)', () => {
  it.each([
    ['US adult, 2024-11-20', member('US'), v2024, ['genai-training']],
    ['FR adult, 2024-11-20 (excluded)', member('FR'), v2024, []],
    ['GB adult, 2024-11-20 (excluded)', member('GB'), v2024, []],
    ['FR adult, 2025-11-03 (becomes processable)', member('FR'), v2025, ['genai-training']],
    ['suspected minor', member('US', { suspectedMinor: true }), v2025, []],
    ['minor at effectiveAt', member('US', { birthDate: '2008-01-01' }), v2025, []],
    ['18 by effectiveAt', member('US', { birthDate: '2007-11-03' }), v2025, ['genai-training']],
    ['17 at effectiveAt, told when 18', member('US', { birthDate: '2007-11-04' }), v2025, []],
  ] as const)('%s', (_name, timeline, policy, purposes) => {
    expect(noticeTargets(timeline, policy, now).map((target) => target.purpose)).toEqual(purposes);
  });

  it('tells an erased member nothing, ever', () => {
    expect(noticeTargets({ ...member('US'), erasedAt: '2024-10-01T00:00:00.000Z' }, v2025, now)).toEqual([]);
  });

  it('judges a version already in force as of now', () => {
    const turned18 = member('US', { birthDate: '2007-11-04' });
    expect(noticeTargets(turned18, v2025, new Date('2025-11-04T00:00:00Z'))).toHaveLength(1);
  });

  it('carries the regime and legal basis of the rule that applies', () => {
    expect(noticeTargets(member('US'), v2025, now)).toEqual([{ purpose: 'genai-training', regime: 'opt_out', legalBasis: 'legitimate_interest' }]);
  });
});

describe('link tokens', () => {
  const key = new Uint8Array(32).fill(3);
  const claims = { memberId: 'm-1', purpose: 'genai-training', policyVersion: '2025-11-03' };
  it('round-trip, bound to member, purpose and version', async () => {
    const token = await signLinkToken(key, claims, new Date(Date.now() + 60_000));
    expect(await verifyLinkToken(key, token, new Date())).toEqual({ ok: true, claims });
  });
  const cases: [string, () => Promise<string>, 'expired' | 'invalid'][] = [
    ['expired', () => signLinkToken(key, claims, new Date(Date.now() - 1_000)), 'expired'],
    ['signed with another key', () => signLinkToken(new Uint8Array(32).fill(4), claims, new Date(Date.now() + 60_000)), 'invalid'],
    ['that is not a token', async () => 'garbage', 'invalid'],
  ];
  it.each(cases)('refuses a token %s', async (_name, make, reason) => {
    expect(await verifyLinkToken(key, await make(), new Date())).toEqual({ ok: false, reason });
  });
});

describe('summarizeCampaign', () => {
  const campaign = { campaignId: 'c', policyId: 'p', startedAt: '2026-01-01T00:00:00.000Z', startedBy: 'a', segments: 2 };
  const page = (segment: number, last: boolean, targeted: number, chunks: number): PageResult => ({ segment, page: 0, scanned: targeted + 1, targeted, chunks, last, finishedAt: `2026-01-01T00:00:0${segment}.000Z` });
  const chunk = (chunkId: string, sent: number, respawned: 0 | 1 = 0, failed = 0, skipped = 0): ChunkResult => ({ chunkId, sent, failed, skipped, respawned, finishedAt: '2026-01-01T00:01:00.000Z' });

  it('is running until every segment ended and every chunk, follow-ups included, finished', () => {
    const pages = [page(0, true, 60, 2), page(1, true, 10, 1)];
    const running = summarizeCampaign({ campaign, pages, chunks: [chunk('a#0', 50), chunk('b#0', 5, 1)] });
    expect(running).toMatchObject({ status: 'running', targeted: 70, sent: 55, queued: 15, finishedAt: null });
    const done = summarizeCampaign({ campaign, pages, chunks: [chunk('a#0', 50), chunk('b#0', 5, 1), chunk('b#1', 4, 0, 1), chunk('c#0', 0, 0, 0, 10)] });
    expect(done).toMatchObject({ status: 'done', targeted: 70, sent: 59, failed: 1, skipped: 10, queued: 0, scanned: 72, finishedAt: '2026-01-01T00:01:00.000Z' });
  });

  it('is running while a segment has not reached its last page', () => {
    expect(summarizeCampaign({ campaign, pages: [page(0, true, 0, 0)], chunks: [] }).status).toBe('running');
  });

  it('names follow-up chunks by generation', () => {
    expect(nextChunkId('0-3-1#0')).toBe('0-3-1#1');
    expect(nextChunkId('0-3-1#9')).toBe('0-3-1#10');
  });
});
