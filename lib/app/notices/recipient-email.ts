// One recipient's notice email: the wording from lib/email and the policy's texts, both in the
// member's language (a text without a translation in the policy's default locale), with a signed
// opt-out link per purpose.
import type { PolicyVersion } from '../../domain/policy.ts';
import { purposeTextsIn, summaryIn } from '../../domain/policy-texts.ts';
import { memberLanguage } from '../../email/messages.ts';
import { renderNoticeEmail } from '../../email/notice-email.ts';
import { signLinkToken } from '../link-token.ts';
import type { BulkEntry } from '../ports/messaging.ts';
import type { OptOutLinks } from './deps.ts';
import type { Recipient } from './messages.ts';

const DAY_MS = 86_400_000;

export async function renderRecipientEmail(deps: OptOutLinks, policy: PolicyVersion, recipient: Recipient, now: Date): Promise<BulkEntry> {
  const expiresAt = new Date(now.getTime() + deps.links.ttlDays * DAY_MS);
  const base = deps.links.publicBaseUrl.replace(/\/+$/, '');
  const { language, tag } = memberLanguage(recipient.locale);
  const purposes = await Promise.all(
    recipient.purposes.map(async (target) => {
      const texts = purposeTextsIn(policy, target.purpose, tag);
      const token = await signLinkToken(deps.linkKey, { memberId: recipient.memberId, purpose: target.purpose, policyVersion: policy.id }, expiresAt);
      return {
        purpose: target.purpose,
        setting: texts.setting ?? target.purpose,
        description: texts.description,
        legalBasis: target.legalBasis,
        regime: target.regime,
        optOutUrl: `${base}/v1/opt-out?token=${encodeURIComponent(token)}`,
      };
    }),
  );
  const email = renderNoticeEmail({
    locale: language,
    policy: { id: policy.id, effectiveAt: policy.effectiveAt, summary: summaryIn(policy, tag) },
    purposes,
    settingsUrl: `${base}/settings`,
    now,
  });
  return { to: recipient.email, data: { subject: email.subject, text: email.text, html: email.html } };
}
