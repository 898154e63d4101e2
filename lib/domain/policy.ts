// Policy versions: which regime applies to a purpose, where, from when.

export const REGIMES = ['excluded', 'opt_in', 'opt_out'] as const;
export type Regime = (typeof REGIMES)[number];

/** GDPR Art. 6(1) bases, in the snake_case the API uses. */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interest',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * The categories of use of the IETF AI Preferences vocabulary (pinned: draft-ietf-aipref-vocab-08)
 * a purpose may name, so that the member's answer for it can be told to crawlers as a
 * Content-Usage field (lib/domain/content-usage.ts). Only `train-ai` ("AI Model Training":
 * modifying the parameters of a model that generates content) so far: the one category this
 * service's purposes answer for.
 */
export const AI_PREFERENCES = ['train-ai'] as const;
export type AiPreference = (typeof AI_PREFERENCES)[number];

export interface RegimeRule {
  regime: Regime;
  /** Required unless the regime is `excluded` (nothing is processed, so no basis is needed). */
  legalBasis?: LegalBasis | undefined;
  /** A Global Privacy Control signal counts as `denied` where this is true. */
  honorGpc?: boolean | undefined;
}

/**
 * A member-facing text: one string, in the version's default locale, or a map from BCP 47 tag to
 * the text in that language (holding the default locale's). Picked for a member by
 * lib/domain/policy-texts.ts.
 */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** The locale of a version's texts given as plain strings, when the version names none. */
export const DEFAULT_TEXT_LOCALE = 'en';

export interface PurposePolicy {
  description?: LocalizedText | undefined;
  /** The name of the member-facing setting, e.g. "Use my data for training ...". */
  setting?: LocalizedText | undefined;
  default: RegimeRule;
  /** Jurisdiction code (group, country or subdivision) → rule. */
  rules: Record<string, RegimeRule>;
  minimumAge: number;
  noticePeriodDays?: number | undefined;
  /** The AI Preferences category this purpose is, e.g. train-ai for genai-training; absent: none. */
  aiPreference?: AiPreference | undefined;
}

export interface PolicyVersion {
  id: string;
  announcedAt: string;
  effectiveAt: string;
  /** The locale of its texts given as plain strings, and the one a missing translation falls back to; `en` when absent. */
  defaultLocale?: string | undefined;
  summary?: LocalizedText | undefined;
  purposes: Record<string, PurposePolicy>;
}

/** The version in force at `at`: the latest with effectiveAt <= at. */
export function policyInForce(
  policies: readonly PolicyVersion[],
  at: Date,
): PolicyVersion | undefined {
  let best: PolicyVersion | undefined;
  const t = at.getTime();
  for (const policy of policies) {
    const effective = Date.parse(policy.effectiveAt);
    if (effective <= t && (best === undefined || effective > Date.parse(best.effectiveAt))) {
      best = policy;
    }
  }
  return best;
}

/** A purpose is known when any version defines it; unknown purposes are 404, not "not covered". */
export function isKnownPurpose(policies: readonly PolicyVersion[], purpose: string): boolean {
  return policies.some((policy) => Object.hasOwn(policy.purposes, purpose));
}

/** Policies sorted by effectiveAt, oldest first. */
export function byEffectiveAt(policies: readonly PolicyVersion[]): PolicyVersion[] {
  return [...policies].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt));
}

/**
 * The longest a container may answer from a policy list it read earlier (the per-container
 * policy cache keeps its list no longer than this). A version recorded now can therefore be
 * unseen by some container until this much later, which is why a new version may only take
 * effect after that: see `policyRecordingViolations`.
 */
export const POLICY_CACHE_LIFETIME_MS = 30_000;

/** A rule a request breaks although it is well formed: the API answers 422 naming both. */
export interface RuleViolation {
  /** The field of the policy version, e.g. "effectiveAt". */
  field: string;
  rule: string;
  detail: string;
}

/**
 * Why a policy version may not be recorded at `recordedAt` (empty when it may). The past is not
 * rewritten (DOMAIN.md section 7): a version must take effect strictly after every container can
 * have seen it, i.e. later than `recordedAt` plus the policy cache lifetime, or some answer given
 * for a time before the recording would later change; and it cannot take effect before it was
 * announced.
 */
export function policyRecordingViolations(
  policy: Pick<PolicyVersion, 'announcedAt' | 'effectiveAt'>,
  recordedAt: Date,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const effective = Date.parse(policy.effectiveAt);
  const earliestAllowed = recordedAt.getTime() + POLICY_CACHE_LIFETIME_MS;
  if (!(effective > earliestAllowed)) {
    violations.push({
      field: 'effectiveAt',
      rule: 'after_recording',
      detail:
        `must be later than ${new Date(earliestAllowed).toISOString()} (the moment it is recorded plus ` +
        `${POLICY_CACHE_LIFETIME_MS / 1000} s, the longest a container may answer from an older policy list): ` +
        'a version taking effect earlier would change answers already given for past times',
    });
  }
  if (Date.parse(policy.announcedAt) > effective) {
    violations.push({
      field: 'announcedAt',
      rule: 'not_after_effective',
      detail: 'must not be after effectiveAt: a version cannot take effect before it is announced',
    });
  }
  return violations;
}
