// The notice email's and the opt-out pages' translations: the locales (the languages every
// member-facing page speaks, lib/web/pages/words/ too), which one a member is spoken to in, the
// shape every translation has, and the lookup from a member's locale tag. One file per language
// (./en.ts, ./fr.ts, ./de.ts, ./es.ts); dates, counts and placeholders are filled by ./format.ts.
// Pure: no I/O, no clock; callers pass every value in.
import { negotiateLanguage, type SpokenLanguage } from '../domain/language.ts';
import type { LegalBasis } from '../domain/policy.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export const LOCALES = ['en', 'fr', 'de', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * The translation for a member's locale: the primary language subtag decides
 * ('fr-CA' → fr, 'de_AT' / 'de-AT' → de, 'ES' → es); unknown, empty or missing → en.
 * An Accept-Language-like list ('fr-CA,fr;q=0.9') uses its first entry.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  if (typeof tag !== 'string') return DEFAULT_LOCALE;
  const first = tag.split(/[,;]/)[0] ?? '';
  const language = (first.trim().split(/[-_]/)[0] ?? '').toLowerCase();
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

/**
 * The language a member is spoken to in (emails, opt-out, sign-in and settings pages): their
 * profile's locale first, then their browser's Accept-Language, else en. `tag` is the tag to pick
 * a policy's texts with: fr-CA for a member in Quebec, where the page itself is in fr.
 */
export function memberLanguage(profileLocale: string | null | undefined, acceptLanguage?: string): SpokenLanguage<Locale> {
  return negotiateLanguage(LOCALES, { profile: profileLocale, acceptLanguage });
}

export type LinkErrorReason = 'invalid' | 'expired' | 'unknown_member' | 'erased' | 'unavailable';

/** Legal bases explained in plain words (GDPR Art. 6(1) names, as the API spells them). */
export type LegalBasisWords = Record<LegalBasis, string>;

export interface EmailMessages {
  subjectFuture: string;
  subjectPast: string;
  greeting: string;
  introFuture: string;
  introPast: string;
  lateNote: string;
  summaryHeading: string;
  changesHeading: string;
  optOutFuture: string;
  optOutPast: string;
  optInFuture: string;
  optInPast: string;
  descriptionFallback: string;
  earlierChoiceKept: string;
  legalBasis: LegalBasisWords;
  optOutLinkIntro: string;
  optOutButton: string;
  /** Plain-text label on the line before the opt-out URL. */
  optOutLinkLabel: string;
  optInHowTo: string;
  buttonFallback: string;
  notRetroactive: string;
  settingsIntro: string;
  settingsButton: string;
  footer: string;
}

export interface PageMessages {
  optOutTitle: string;
  alreadyOffTitle: string;
  purposeLine: string;
  currentState: string;
  stateDefault: string;
  stateGranted: string;
  stateDenied: string;
  effectiveLine: string;
  notRetroactive: string;
  nothingUntilPress: string;
  button: string;
  alreadyOffBody: string;
  changeLater: string;
  doneTitle: string;
  doneBody: string;
  doneNotRetroactive: string;
  doneAlreadyTitle: string;
  doneAlreadyBody: string;
  /** The opt-out's signed receipt, shown folded on the confirmation. */
  receiptTitle: string;
  receiptBody: string;
  errors: Record<LinkErrorReason, { title: string; body: string }>;
  nothingChanged: string;
}

export interface Messages {
  /** Wraps a setting name in the locale's quotation marks. */
  quote: (text: string) => string;
  /** Whether a description's leading capital is lowered inside a sentence (not for German nouns). */
  lowerDescription: boolean;
  email: EmailMessages;
  pages: PageMessages;
}

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, fr, de, es };

/** The messages for a member's locale tag, with the translation actually used. */
export function messagesFor(tag: string | undefined | null): { locale: Locale; messages: Messages } {
  const locale = resolveLocale(tag);
  return { locale, messages: MESSAGES[locale] };
}

/** A description placed mid-sentence: "Training AI models" → "training AI models" (acronyms kept). */
export function inSentence(description: string, messages: Messages): string {
  if (!messages.lowerDescription) return description;
  return /^\p{Lu}\p{Ll}/u.test(description) ? description.charAt(0).toLowerCase() + description.slice(1) : description;
}

/** The plain-words explanation of a legal basis, or undefined when the basis is unknown. */
export function legalBasisWords(basis: string | undefined, messages: Messages): string | undefined {
  if (basis === undefined || !Object.hasOwn(messages.email.legalBasis, basis)) return undefined;
  return messages.email.legalBasis[basis as keyof LegalBasisWords];
}
