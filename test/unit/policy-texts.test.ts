// A policy version's member-facing texts per language: which text a reader gets, what a version's
// texts and a translation added later must hold, how translations merge into the version, and
// which language a member is spoken to in (profile, then Accept-Language by q-value, then en).
import { describe, expect, it } from 'vitest';
import { canonicalTag, isLanguageTag, negotiateLanguage, parseAcceptLanguage } from '../../lib/domain/language.ts';
import type { LocalizedText, PolicyVersion } from '../../lib/domain/policy.ts';
import {
  localizedTextViolations,
  ownTexts,
  purposeTextsIn,
  sameTexts,
  summaryIn,
  textFor,
  translationViolations,
  withTranslations,
} from '../../lib/domain/policy-texts.ts';
import { REFERENCE_POLICIES } from '../../lib/domain/reference-policies.ts';
import { REFERENCE_TRANSLATIONS } from '../../lib/domain/reference-translations.ts';
import { policyVersion, purposePolicy, PURPOSE } from '../support/builders.ts';

describe('textFor: the exact tag, then the tag shortened, then the same language, then the default locale', () => {
  const texts: LocalizedText = { en: 'English', fr: 'Français', 'fr-CA': 'Français canadien', 'de-AT': 'Österreichisch', 'zh-Hant': 'Traditional' };
  const cases: [tag: string, defaultLocale: string, text: LocalizedText | undefined, expected: string | undefined][] = [
    ['fr', 'en', texts, 'Français'],
    ['fr-CA', 'en', texts, 'Français canadien'],
    ['fr-ca', 'en', texts, 'Français canadien'],
    ['FR', 'en', texts, 'Français'],
    ['fr-BE', 'en', texts, 'Français'],
    ['fr-CA-x-quebec', 'en', texts, 'Français canadien'],
    ['zh-Hant-TW', 'en', texts, 'Traditional'],
    ['de', 'en', texts, 'Österreichisch'],
    ['de-DE', 'en', texts, 'Österreichisch'],
    ['es', 'en', texts, 'English'],
    ['es', 'fr', texts, 'Français'],
    ['pt-BR', 'en', texts, 'English'],
    ['en-US', 'en', texts, 'English'],
    // A plain string is the default locale's text, whatever is asked.
    ['fr', 'en', 'Only English', 'Only English'],
    ['de', 'de', 'Nur Deutsch', 'Nur Deutsch'],
    ['fr', 'en', undefined, undefined],
    // A map without the default locale's text (only a version loaded without the check): its first text.
    ['es', 'en', { fr: 'Français', de: 'Deutsch' }, 'Français'],
  ];
  it.each(cases)('%s (default %s) of %j → %j', (tag, defaultLocale, text, expected) => {
    expect(textFor(text, tag, defaultLocale)).toBe(expected);
  });

  it('summaryIn and purposeTextsIn read the version\'s defaultLocale, en when absent', () => {
    const french = policyVersion({
      defaultLocale: 'fr',
      summary: { fr: 'Résumé', en: 'Summary' },
      purposes: { [PURPOSE]: purposePolicy({ setting: 'Paramètre', description: { fr: 'Description', de: 'Beschreibung' } }) },
    });
    expect(summaryIn(french, 'es')).toBe('Résumé');
    expect(summaryIn(french, 'en-GB')).toBe('Summary');
    expect(purposeTextsIn(french, PURPOSE, 'de')).toEqual({ setting: 'Paramètre', description: 'Beschreibung' });
    expect(purposeTextsIn(french, 'unknown', 'de')).toEqual({ setting: undefined, description: undefined });
    expect(summaryIn(policyVersion({ summary: { en: 'Summary', fr: 'Résumé' } }), 'es')).toBe('Summary');
  });
});

describe('localizedTextViolations: a text given per language holds the default locale\'s', () => {
  const cases: [name: string, policy: PolicyVersion, fields: string[]][] = [
    ['plain strings (every v1 body)', policyVersion({ summary: 'S', purposes: { [PURPOSE]: purposePolicy({ setting: 'S', description: 'D' }) } }), []],
    ['maps with en', policyVersion({ summary: { en: 'S', fr: 'R' }, purposes: { [PURPOSE]: purposePolicy({ setting: { en: 'S' } }) } }), []],
    ['a map with the default locale in another case', policyVersion({ defaultLocale: 'fr-CA', summary: { 'fr-ca': 'R' } }), []],
    ['a summary without en', policyVersion({ summary: { fr: 'R' } }), ['summary']],
    ['a setting without the default locale fr', policyVersion({ defaultLocale: 'fr', purposes: { [PURPOSE]: purposePolicy({ setting: { en: 'S' }, description: { fr: 'D' } }) } }), [`purposes.${PURPOSE}.setting`]],
  ];
  it.each(cases)('%s → %j', (_name, policy, fields) => {
    const violations = localizedTextViolations(policy);
    expect(violations.map((violation) => violation.field)).toEqual(fields);
    expect(violations.every((violation) => violation.rule === 'default_locale_text')).toBe(true);
  });
});

describe('translationViolations: a translation translates texts the version has', () => {
  const version = policyVersion({ summary: 'S', purposes: { [PURPOSE]: purposePolicy({ setting: 'Setting', description: undefined }) } });
  const cases: [name: string, policy: PolicyVersion, translation: Parameters<typeof translationViolations>[1], expected: [string, string][]][] = [
    ['summary and setting', version, { summary: 'R', purposes: { [PURPOSE]: { setting: 'P' } } }, []],
    ['an unknown purpose', version, { purposes: { ads: { setting: 'P' } } }, [['purposes.ads', 'known_purpose']]],
    ['a description the purpose does not have', version, { purposes: { [PURPOSE]: { description: 'D' } } }, [[`purposes.${PURPOSE}.description`, 'nothing_to_translate']]],
    ['a summary the version does not have', policyVersion(), { summary: 'R' }, [['summary', 'nothing_to_translate']]],
    ['a summary the version has empty', policyVersion({ summary: ' ' }), { summary: 'R' }, [['summary', 'nothing_to_translate']]],
  ];
  it.each(cases)('%s', (_name, policy, translation, expected) => {
    expect(translationViolations(policy, translation).map((violation) => [violation.field, violation.rule])).toEqual(expected);
  });
});

describe('translations merged into the version', () => {
  const version = policyVersion({ summary: 'Summary', purposes: { [PURPOSE]: purposePolicy({ setting: { en: 'Setting', de: 'Einstellung' }, description: undefined }) } });

  it('adds each language to the texts the version has, and replaces none of its own', () => {
    const merged = withTranslations(version, [
      { locale: 'fr', texts: { summary: 'Résumé', purposes: { [PURPOSE]: { setting: 'Paramètre' } } } },
      { locale: 'de', texts: { summary: 'Zusammenfassung', purposes: { [PURPOSE]: { setting: 'Eine andere Einstellung' } } } },
      { locale: 'es', texts: { purposes: { [PURPOSE]: { description: 'Descripción' }, ads: { setting: 'Anuncios' } } } },
    ]);
    expect(merged.summary).toEqual({ en: 'Summary', fr: 'Résumé', de: 'Zusammenfassung' });
    expect(merged.purposes[PURPOSE]!.setting).toEqual({ en: 'Setting', de: 'Einstellung', fr: 'Paramètre' });
    expect(merged.purposes[PURPOSE]!.description).toBeUndefined();
    expect(Object.keys(merged.purposes)).toEqual([PURPOSE]);
    expect(version.summary).toBe('Summary');
    expect(withTranslations(version, [])).toBe(version);
  });

  it('knows the texts a version itself holds in a language, and compares texts however "none" is spelt', () => {
    expect(ownTexts(version, 'en')).toEqual({ summary: 'Summary', purposes: { [PURPOSE]: { setting: 'Setting' } } });
    expect(ownTexts(version, 'de')).toEqual({ purposes: { [PURPOSE]: { setting: 'Einstellung' } } });
    expect(ownTexts(version, 'fr')).toEqual({});
    expect(sameTexts({ summary: 'S', purposes: {} }, { summary: 'S' })).toBe(true);
    expect(sameTexts({ purposes: { [PURPOSE]: { setting: 'A', description: undefined } } }, { purposes: { [PURPOSE]: { setting: 'A' } } })).toBe(true);
    expect(sameTexts({ summary: 'S' }, { summary: 'T' })).toBe(false);
  });
});

describe('the reference translations', () => {
  it('translate every text of both reference versions into fr, de and es, and fit them', () => {
    for (const policy of REFERENCE_POLICIES) {
      const translations = REFERENCE_TRANSLATIONS.filter((translation) => translation.policyId === policy.id);
      expect(translations.map((translation) => translation.locale).sort()).toEqual(['de', 'es', 'fr']);
      for (const { locale, texts } of translations) {
        expect(translationViolations(policy, texts), `${policy.id} ${locale}`).toEqual([]);
        const merged = withTranslations(policy, [{ locale, texts }]);
        expect(summaryIn(merged, locale)).not.toBe(policy.summary);
        for (const purpose of Object.keys(policy.purposes)) {
          const english = purposeTextsIn(policy, purpose, 'en');
          const translated = purposeTextsIn(merged, purpose, locale);
          expect(translated.setting).not.toBe(english.setting);
          expect(translated.description).not.toBe(english.description);
        }
      }
    }
  });
});

describe('parseAcceptLanguage: most wanted first, by q-value then order', () => {
  const cases: [header: string | undefined, expected: string[]][] = [
    [undefined, []],
    ['', []],
    ['fr', ['fr']],
    ['fr-CA,fr;q=0.9,en;q=0.8', ['fr-CA', 'fr', 'en']],
    ['en;q=0.5, de', ['de', 'en']],
    ['es;q=0.8, fr;q=0.8, de;q=0.9', ['de', 'es', 'fr']],
    ['*;q=0.5, fr;q=0', []],
    ['de;q=1.0, fr;q=1.000', ['de', 'fr']],
    ['en;q=2, fr;q=abc, 12, de', ['de']],
    ['  fr-CH ; q=0.7 ,  en-GB  ', ['en-GB', 'fr-CH']],
  ];
  it.each(cases)('%j → %j', (header, expected) => {
    expect(parseAcceptLanguage(header)).toEqual(expected);
  });
});

describe('negotiateLanguage: the profile first, then Accept-Language, else the default', () => {
  const supported = ['en', 'fr', 'de', 'es'] as const;
  const cases: [name: string, profile: string | undefined, acceptLanguage: string | undefined, language: string, tag: string][] = [
    ['neither', undefined, undefined, 'en', 'en'],
    ['the profile', 'fr', 'de', 'fr', 'fr'],
    ['the profile, regional', 'fr-CA', undefined, 'fr', 'fr-CA'],
    ['the profile, spelt with an underscore', 'de_AT', undefined, 'de', 'de-AT'],
    ['the profile in upper case', 'ES', undefined, 'es', 'es'],
    ['Accept-Language without a profile', undefined, 'de-CH,de;q=0.9,en;q=0.8', 'de', 'de-CH'],
    ['Accept-Language by q-value', undefined, 'en;q=0.5,es;q=0.9', 'es', 'es'],
    ['Accept-Language past a language not spoken', undefined, 'pt-BR,pt;q=0.9,fr;q=0.7', 'fr', 'fr'],
    ['a profile language not spoken: the browser\'s', 'pt-BR', 'fr', 'fr', 'fr'],
    ['nothing spoken anywhere', 'pt-BR', 'ja,zh;q=0.5', 'en', 'en'],
  ];
  it.each(cases)('%s', (_name, profile, acceptLanguage, language, tag) => {
    expect(negotiateLanguage(supported, { profile, acceptLanguage })).toEqual({ language, tag });
  });

  it.each([
    ['fr-ca', 'fr-CA'],
    ['EN-us', 'en-US'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['de_AT', undefined],
    ['english!', undefined],
    ['', undefined],
  ])('canonicalTag(%j) is %j', (tag, expected) => {
    expect(canonicalTag(tag)).toBe(expected);
  });

  it.each([
    ['fr', true],
    ['fr-CA', true],
    ['gsw-u-sd-chzh', true],
    ['french', false],
    ['x-private', false],
    ['fr_CA', false],
  ])('isLanguageTag(%j) is %j', (tag, expected) => {
    expect(isLanguageTag(tag)).toBe(expected);
  });
});
