// The admin pages: the dashboard and a campaign's live view. Each parses, calls one use case and
// renders; adminOnly answers the sign-in form or "administrators only" first.
import type { Route } from '../api/framework.ts';
import { atQuery, memberIdParam, policyIdParam } from '../api/params.ts';
import { parseOrThrow } from '../api/schemas.ts';
import { campaignView, dashboard, type DashboardDeps } from '../../app/dashboard.ts';
import { LIVE_SCRIPT, renderCampaign, renderDashboard } from './admin.ts';
import { signedInHtml, type SignIn } from './signed-in.ts';

/** A datetime-local value ("2026-01-01T10:00") is read as UTC; otherwise ISO 8601 as the API takes it. */
export function atFromForm(value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  return atQuery(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value}${value.length === 16 ? ':00' : ''}Z` : value);
}

export function adminRoutes(deps: DashboardDeps, { adminOnly }: SignIn): Record<string, Route> {
  return {
    'GET /admin': adminOnly(async (request, caller) => {
      const memberQuery = request.query('member')?.trim() || undefined;
      const view = await dashboard(deps, {
        purpose: request.query('purpose'),
        at: atFromForm(request.query('at')),
        memberId: memberQuery === undefined ? undefined : parseOrThrow(memberIdParam, memberQuery, 'query.member'),
      });
      return signedInHtml(200, renderDashboard({ adminSub: caller.sub, memberQuery, ...view }));
    }),

    'GET /admin/notices/{policyId}': adminOnly(async (request, caller) => {
      const policyId = request.path('policyId', policyIdParam);
      const { progress, deadLetters } = await campaignView(deps, policyId, request.query('campaignId'));
      return signedInHtml(200, renderCampaign({ adminSub: caller.sub, progress, deadLetters }), progress.status === 'running' ? LIVE_SCRIPT : undefined);
    }),
  };
}
