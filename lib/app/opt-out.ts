// The one-click opt-out link (DOMAIN.md section 5): GET shows, POST records. Nothing changes on
// GET, because email scanners follow links.
import { choiceAt, type Choice } from '../domain/member.ts';
import { own } from '../domain/own.ts';
import { purposeTextsIn } from '../domain/policy-texts.ts';
import { memberLanguage, type Locale } from '../email/messages.ts';
import { verifyLinkToken, type LinkClaims } from './link-token.ts';
import { setChoice } from './consents.ts';
import type { ChoiceDeps, Deps } from './deps.ts';
import { GoneError } from './errors.ts';

export type LinkProblem = 'invalid' | 'expired' | 'unknown_member' | 'erased';

export interface OptOutView {
  claims: LinkClaims;
  /** The page's language: the member's profile first, then the browser's Accept-Language. */
  language: Locale;
  /** The setting's name and description in that language (else in the policy's default locale). */
  setting: string;
  description?: string | undefined;
  currentChoice: Choice | null;
  effectiveAt: string;
}

export type OptOutResult<T> = { ok: true; value: T } | { ok: false; problem: LinkProblem };

export async function viewOptOut(deps: Deps, linkKey: Uint8Array, token: string, acceptLanguage?: string): Promise<OptOutResult<OptOutView>> {
  const check = await verifyLinkToken(linkKey, token, deps.clock.now());
  if (!check.ok) return { ok: false, problem: check.reason };
  const { claims } = check;
  const policy = (await deps.policies.all()).find((candidate) => candidate.id === claims.policyVersion);
  const purposePolicy = policy ? own(policy.purposes, claims.purpose) : undefined;
  // A validly signed link to a policy or purpose we no longer have is still not a link we made.
  if (!policy || !purposePolicy) return { ok: false, problem: 'invalid' };
  const member = await deps.store.getMember(claims.memberId, { consistent: true });
  if (!member) return { ok: false, problem: 'unknown_member' };
  if (member.erasedAt !== undefined) return { ok: false, problem: 'erased' };
  const { language, tag } = memberLanguage(member.locale, acceptLanguage);
  const texts = purposeTextsIn(policy, claims.purpose, tag);
  const current = choiceAt(own(member.choices, claims.purpose), deps.clock.now(), own(member.archivedChoices, claims.purpose)?.lastAt) ?? own(member.choices, claims.purpose)?.at(-1);
  return {
    ok: true,
    value: {
      claims,
      language,
      setting: texts.setting ?? claims.purpose,
      description: texts.description,
      currentChoice: current?.choice ?? null,
      effectiveAt: policy.effectiveAt,
    },
  };
}

export interface OptOutConfirmation {
  view: OptOutView;
  at: string;
  alreadyOff: boolean;
  /** The signed receipt of the opt-out this request recorded; none when it was already off. */
  receipt?: string | undefined;
}

/** Records `denied` (source email_link) unless the setting is already off: a replay writes nothing. */
export async function confirmOptOut(
  deps: ChoiceDeps,
  linkKey: Uint8Array,
  token: string,
  requestId: string,
  acceptLanguage?: string,
): Promise<OptOutResult<OptOutConfirmation>> {
  const viewed = await viewOptOut(deps, linkKey, token, acceptLanguage);
  if (!viewed.ok) return viewed;
  const view = viewed.value;
  if (view.currentChoice === 'denied') return { ok: true, value: { view, at: deps.clock.now().toISOString(), alreadyOff: true } };
  const result = await setChoice(deps, {
    memberId: view.claims.memberId,
    purpose: view.claims.purpose,
    choice: 'denied',
    source: 'email_link',
    actor: view.claims.memberId,
    requestId,
  }).catch((error: unknown) => {
    // Erased between showing the page and pressing its button.
    if (error instanceof GoneError) return undefined;
    throw error;
  });
  if (result === undefined) return { ok: false, problem: 'erased' };
  return { ok: true, value: { view, at: result.consent.updatedAt ?? deps.clock.now().toISOString(), alreadyOff: false, receipt: result.receipt } };
}
