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

export interface RegimeRule {
  regime: Regime;
  /** Required unless the regime is `excluded` (nothing is processed, so no basis is needed). */
  legalBasis?: LegalBasis | undefined;
  /** A Global Privacy Control signal counts as `denied` where this is true. */
  honorGpc?: boolean | undefined;
}

export interface PurposePolicy {
  description?: string | undefined;
  /** The name of the member-facing setting, e.g. "Use my data for training ...". */
  setting?: string | undefined;
  default: RegimeRule;
  /** Jurisdiction code (group, country or subdivision) → rule. */
  rules: Record<string, RegimeRule>;
  minimumAge: number;
  noticePeriodDays?: number | undefined;
}

export interface PolicyVersion {
  id: string;
  announcedAt: string;
  effectiveAt: string;
  summary?: string | undefined;
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
