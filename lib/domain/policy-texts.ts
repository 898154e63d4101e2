// A policy version's member-facing texts (summary, and per purpose its setting and description)
// in many languages: which text a reader of a language gets, the translations added to a version
// after it was recorded, and what a version's texts and such a translation must hold. Pure.
import { isDeepStrictEqual } from 'node:util';
import { primaryLanguage } from './language.ts';
import { DEFAULT_TEXT_LOCALE, type LocalizedText, type PolicyVersion, type RuleViolation } from './policy.ts';

export function defaultLocaleOf(policy: Pick<PolicyVersion, 'defaultLocale'>): string {
  return policy.defaultLocale ?? DEFAULT_TEXT_LOCALE;
}

/** A text as a tag → text map: a plain string is the default locale's. */
function asMap(text: LocalizedText, defaultLocale: string): Readonly<Record<string, string>> {
  return typeof text === 'string' ? { [defaultLocale]: text } : text;
}

const sameTag = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** 'fr-CA-x-a' → ['fr-CA-x-a', 'fr-CA', 'fr']: RFC 4647 lookup's truncation (a singleton never ends a prefix). */
function prefixes(tag: string): string[] {
  const subtags = tag.split('-');
  const found: string[] = [];
  for (let length = subtags.length; length > 0; length -= 1) {
    if (subtags[length - 1]!.length === 1) continue;
    found.push(subtags.slice(0, length).join('-'));
  }
  return found;
}

/**
 * The text a reader of `tag` gets: the text of the exact tag; else of the tag with its last
 * subtags taken off one by one (fr-CA → fr); else of another tag of the same language (fr →
 * fr-CA); else of the version's default locale. Tags compare regardless of case. Undefined only
 * when there is no text at all.
 */
export function textFor(text: LocalizedText | undefined, tag: string, defaultLocale: string): string | undefined {
  if (text === undefined) return undefined;
  const entries = Object.entries(asMap(text, defaultLocale));
  const of = (wanted: string) => entries.find(([key]) => sameTag(key, wanted))?.[1];
  for (const prefix of prefixes(tag)) {
    const found = of(prefix);
    if (found !== undefined) return found;
  }
  const language = primaryLanguage(tag);
  const sameLanguage = entries.find(([key]) => primaryLanguage(key) === language)?.[1];
  // A version's maps hold its default locale's text (localizedTextViolations); the first entry only
  // stands in for it in a version stored without that check.
  return sameLanguage ?? of(defaultLocale) ?? entries[0]?.[1];
}

/** The version's summary for a reader of `tag` (textFor). */
export function summaryIn(policy: PolicyVersion, tag: string): string | undefined {
  return textFor(policy.summary, tag, defaultLocaleOf(policy));
}

/** A purpose's setting name and description for a reader of `tag` (textFor); undefined where the version has none. */
export function purposeTextsIn(policy: PolicyVersion, purpose: string, tag: string): { setting: string | undefined; description: string | undefined } {
  const purposePolicy = Object.hasOwn(policy.purposes, purpose) ? policy.purposes[purpose] : undefined;
  const defaultLocale = defaultLocaleOf(policy);
  return {
    setting: textFor(purposePolicy?.setting, tag, defaultLocale),
    description: textFor(purposePolicy?.description, tag, defaultLocale),
  };
}

/** The texts of one language for a version: what a translation holds. */
export interface PolicyTranslation {
  summary?: string | undefined;
  purposes?: Readonly<Record<string, { setting?: string | undefined; description?: string | undefined }>> | undefined;
}

/** A translation added to a version after it was recorded, in its canonical BCP 47 tag. */
export interface LocaleTranslation {
  locale: string;
  texts: PolicyTranslation;
}

/** Every text of a version, each with the field that names it in a request body. */
function textsOf(policy: PolicyVersion): { field: string; text: LocalizedText | undefined }[] {
  return [
    { field: 'summary', text: policy.summary },
    ...Object.entries(policy.purposes).flatMap(([purpose, purposePolicy]) => [
      { field: `purposes.${purpose}.setting`, text: purposePolicy.setting },
      { field: `purposes.${purpose}.description`, text: purposePolicy.description },
    ]),
  ];
}

/**
 * Why a version's texts cannot be recorded as they are (empty when they can): a text given per
 * language must hold the default locale's, the one every language without a translation reads.
 */
export function localizedTextViolations(policy: PolicyVersion): RuleViolation[] {
  const defaultLocale = defaultLocaleOf(policy);
  return textsOf(policy)
    .filter(({ text }) => text !== undefined && typeof text !== 'string' && !Object.keys(text).some((key) => sameTag(key, defaultLocale)))
    .map(({ field }) => ({
      field,
      rule: 'default_locale_text',
      detail:
        `must hold a text for the default locale ${defaultLocale} (defaultLocale; en when absent): ` +
        'a member whose language has no translation reads that one',
    }));
}

/**
 * Why `translation` cannot be added to `policy` (empty when it can): it translates texts the
 * version has, so every purpose it names is one of the version's, and every text one the version
 * holds.
 */
export function translationViolations(policy: PolicyVersion, translation: PolicyTranslation): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const nothing = (field: string, what: string): RuleViolation => ({ field, rule: 'nothing_to_translate', detail: `the version has no ${what} to translate` });
  const missing = (text: LocalizedText | undefined): boolean => text === undefined || (typeof text === 'string' && text.trim() === '');
  if (translation.summary !== undefined && missing(policy.summary)) violations.push(nothing('summary', 'summary'));
  for (const [purpose, texts] of Object.entries(translation.purposes ?? {})) {
    const purposePolicy = Object.hasOwn(policy.purposes, purpose) ? policy.purposes[purpose] : undefined;
    if (purposePolicy === undefined) {
      violations.push({
        field: `purposes.${purpose}`,
        rule: 'known_purpose',
        detail: `the version defines no purpose ${purpose} (it defines ${Object.keys(policy.purposes).join(', ')})`,
      });
      continue;
    }
    if (texts.setting !== undefined && missing(purposePolicy.setting)) violations.push(nothing(`purposes.${purpose}.setting`, `setting name for ${purpose}`));
    if (texts.description !== undefined && missing(purposePolicy.description)) {
      violations.push(nothing(`purposes.${purpose}.description`, `description of ${purpose}`));
    }
  }
  return violations;
}

/** The text a version holds in exactly `locale`, if any: a map's entry, or a plain string in the default locale. */
function ownText(text: LocalizedText | undefined, locale: string, defaultLocale: string): string | undefined {
  if (text === undefined) return undefined;
  return Object.entries(asMap(text, defaultLocale)).find(([key]) => sameTag(key, locale))?.[1];
}

/** Texts without the absent ones, so that two sets compare equal however they spell "none". */
export function tidyTexts(texts: PolicyTranslation): PolicyTranslation {
  const purposes = Object.fromEntries(
    Object.entries(texts.purposes ?? {})
      .map(([purpose, { setting, description }]) => [purpose, { ...(setting === undefined ? {} : { setting }), ...(description === undefined ? {} : { description }) }] as const)
      .filter(([, entry]) => Object.keys(entry).length > 0),
  );
  return { ...(texts.summary === undefined ? {} : { summary: texts.summary }), ...(Object.keys(purposes).length > 0 ? { purposes } : {}) };
}

/** The texts a version itself holds in exactly `locale` (recorded with it, so never changed by a translation). */
export function ownTexts(policy: PolicyVersion, locale: string): PolicyTranslation {
  const defaultLocale = defaultLocaleOf(policy);
  return tidyTexts({
    summary: ownText(policy.summary, locale, defaultLocale),
    purposes: Object.fromEntries(
      Object.entries(policy.purposes).map(([purpose, purposePolicy]) => [
        purpose,
        { setting: ownText(purposePolicy.setting, locale, defaultLocale), description: ownText(purposePolicy.description, locale, defaultLocale) },
      ]),
    ),
  });
}

export const hasTexts = (texts: PolicyTranslation): boolean => Object.keys(tidyTexts(texts)).length > 0;

export function sameTexts(a: PolicyTranslation, b: PolicyTranslation): boolean {
  return isDeepStrictEqual(tidyTexts(a), tidyTexts(b));
}

/** `text` with `addition` in `locale`, unless it already has a text in that locale (or none to translate). */
function withText(text: LocalizedText | undefined, locale: string, addition: string | undefined, defaultLocale: string): LocalizedText | undefined {
  if (text === undefined || addition === undefined || ownText(text, locale, defaultLocale) !== undefined) return text;
  return { ...asMap(text, defaultLocale), [locale]: addition };
}

/**
 * The version as members read it: its texts with the translations added since. A text the
 * version itself holds in a locale is never replaced, and a text it does not have is not added.
 */
export function withTranslations(policy: PolicyVersion, translations: readonly LocaleTranslation[]): PolicyVersion {
  if (translations.length === 0) return policy;
  const defaultLocale = defaultLocaleOf(policy);
  let summary = policy.summary;
  const purposes = { ...policy.purposes };
  for (const { locale, texts } of translations) {
    summary = withText(summary, locale, texts.summary, defaultLocale);
    for (const [purpose, added] of Object.entries(texts.purposes ?? {})) {
      const purposePolicy = Object.hasOwn(purposes, purpose) ? purposes[purpose] : undefined;
      if (purposePolicy === undefined) continue;
      const setting = withText(purposePolicy.setting, locale, added.setting, defaultLocale);
      const description = withText(purposePolicy.description, locale, added.description, defaultLocale);
      purposes[purpose] = { ...purposePolicy, ...(setting === undefined ? {} : { setting }), ...(description === undefined ? {} : { description }) };
    }
  }
  return { ...policy, ...(summary === undefined ? {} : { summary }), purposes };
}
