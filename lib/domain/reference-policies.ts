import type { PolicyVersion } from './policy.ts';

const SETTING = 'Use my data for training content creation AI models';

/** The two built-in reference policies of DOMAIN.md section 4, loaded by the local stack. */
export const REFERENCE_POLICIES: readonly PolicyVersion[] = [
  {
    id: '2024-11-20',
    announcedAt: '2024-11-20T00:00:00.000Z',
    effectiveAt: '2024-11-20T00:00:00.000Z',
    summary:
      'Member data may be used to train content-generating AI models by default, with an ' +
      'opt-out; members in the EU, EEA, Switzerland, the UK and Hong Kong are excluded.',
    purposes: {
      'genai-training': {
        description: 'Training content-generating AI models',
        setting: SETTING,
        default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
        rules: {
          EU: { regime: 'excluded' },
          EEA: { regime: 'excluded' },
          CH: { regime: 'excluded' },
          GB: { regime: 'excluded' },
          HK: { regime: 'excluded' },
        },
        minimumAge: 18,
        aiPreference: 'train-ai',
      },
    },
  },
  {
    id: '2025-11-03',
    announcedAt: '2025-09-18T00:00:00.000Z',
    effectiveAt: '2025-11-03T00:00:00.000Z',
    summary:
      'Training extends to the EU, EEA, Switzerland, the UK, Canada and Hong Kong on the basis ' +
      'of legitimate interest, with an opt-out; choices made earlier are kept.',
    purposes: {
      'genai-training': {
        description: 'Training content-generating AI models',
        setting: SETTING,
        default: { regime: 'opt_out', legalBasis: 'legitimate_interest' },
        rules: {},
        minimumAge: 18,
        aiPreference: 'train-ai',
      },
    },
  },
];
