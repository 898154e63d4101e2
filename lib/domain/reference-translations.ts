// The reference versions' member-facing texts in French, German and Spanish (their English texts
// are in the versions themselves, ./reference-policies.ts). Translations, not versions: added to
// versions already stored as well as to new tables (lib/app/policies.ts loadPolicyTranslations).
// French typesetting: a no-break space before ; and inside « ».
import type { LocaleTranslation } from './policy-texts.ts';

const NBSP = '\u00a0';
const PURPOSE = 'genai-training';

/** The setting's name as the platform words it in each language, for both versions. */
const SETTING = {
  fr: 'Utiliser mes données pour entraîner des modèles d’IA de création de contenu',
  de: 'Meine Daten für das Training von KI-Modellen zur Erstellung von Inhalten verwenden',
  es: 'Usar mis datos para entrenar modelos de IA de creación de contenido',
} as const;

/** Read inside sentences ("we may use your data for …"), so written to follow "pour", "für", "para". */
const DESCRIPTION = {
  fr: 'Entraîner des modèles d’IA qui génèrent du contenu',
  de: 'Training generativer KI-Modelle',
  es: 'Entrenar modelos de IA que generan contenido',
} as const;

const SUMMARY: Record<string, Record<keyof typeof SETTING, string>> = {
  '2024-11-20': {
    fr:
      'Par défaut, les données des membres peuvent servir à entraîner des modèles d’IA qui génèrent du contenu, ' +
      `avec la possibilité de s’y opposer${NBSP}; les membres situés dans l’UE, dans l’EEE, en Suisse, au ` +
      'Royaume-Uni et à Hong Kong en sont exclus.',
    de:
      'Die Daten von Mitgliedern dürfen standardmäßig für das Training generativer KI-Modelle verwendet werden; ' +
      'Mitglieder können dem widersprechen. Mitglieder in der EU, im EWR, in der Schweiz, im Vereinigten ' +
      'Königreich und in Hongkong sind davon ausgenommen.',
    es:
      'Por defecto, los datos de los miembros pueden usarse para entrenar modelos de IA que generan contenido, ' +
      'con la posibilidad de oponerse; los miembros de la UE, el EEE, Suiza, el Reino Unido y Hong Kong quedan ' +
      'excluidos.',
  },
  '2025-11-03': {
    fr:
      'L’entraînement s’étend à l’UE, à l’EEE, à la Suisse, au Royaume-Uni, au Canada et à Hong Kong, sur la ' +
      `base de l’intérêt légitime et avec la possibilité de s’y opposer${NBSP}; les choix faits auparavant sont ` +
      'conservés.',
    de:
      'Das Training wird auf die EU, den EWR, die Schweiz, das Vereinigte Königreich, Kanada und Hongkong ' +
      'ausgeweitet, auf Grundlage des berechtigten Interesses und mit der Möglichkeit zu widersprechen; früher ' +
      'getroffene Entscheidungen bleiben bestehen.',
    es:
      'El entrenamiento se amplía a la UE, el EEE, Suiza, el Reino Unido, Canadá y Hong Kong, sobre la base del ' +
      'interés legítimo y con la posibilidad de oponerse; se mantienen las elecciones hechas anteriormente.',
  },
};

export const REFERENCE_TRANSLATIONS: readonly (LocaleTranslation & { policyId: string })[] = Object.entries(SUMMARY).flatMap(([policyId, summaries]) =>
  (Object.keys(SETTING) as (keyof typeof SETTING)[]).map((locale) => ({
    policyId,
    locale,
    texts: { summary: summaries[locale], purposes: { [PURPOSE]: { setting: SETTING[locale], description: DESCRIPTION[locale] } } },
  })),
);
