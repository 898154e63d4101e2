// Which language a member is spoken to in: the locale of their profile first, then what their
// browser asks for (Accept-Language, by q-value), else the default. BCP 47 tags throughout. Pure.

/** A BCP 47 language tag in its canonical form ('fr-ca' → 'fr-CA'), or undefined when it is not one. */
export function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * A language tag a text can be written for: well formed (as Intl reads BCP 47), with a primary
 * language subtag of 2 or 3 letters (ISO 639). Longer ones are well formed but reserved, and
 * would let 'french' pass for a tag.
 */
export const isLanguageTag = (tag: string): boolean => /^[A-Za-z]{2,3}(?:-|$)/.test(tag) && canonicalTag(tag) !== undefined;

/** The primary language subtag in lower case: 'fr-CA' → 'fr', 'de_AT' → 'de' (profiles written before the schema checked). */
export function primaryLanguage(tag: string): string {
  return (tag.trim().split(/[-_]/)[0] ?? '').toLowerCase();
}

/** A tag as a profile or a header may spell it, canonical where it can be ('de_AT' → 'de-AT'). */
function tidyTag(tag: string): string {
  const hyphenated = tag.trim().replace(/_/g, '-');
  return canonicalTag(hyphenated) ?? primaryLanguage(hyphenated);
}

const ACCEPT_ENTRY = /^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*)?$/;

/**
 * The language tags of an Accept-Language header (RFC 9110 section 12.5.4), most wanted first:
 * by q-value, then in the order given. Entries with q=0, the wildcard and malformed entries are
 * left out: none of them names a language to speak.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (header === undefined) return [];
  const entries: { tag: string; q: number; order: number }[] = [];
  header.split(',').forEach((part, order) => {
    const match = ACCEPT_ENTRY.exec(part);
    if (!match || match[1] === '*') return;
    const q = match[2] === undefined ? 1 : Number(match[2]);
    if (q > 0) entries.push({ tag: match[1]!, q, order });
  });
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((entry) => entry.tag);
}

export interface SpokenLanguage<L extends string> {
  /** The language the texts around the member's words are in: one of the supported ones. */
  language: L;
  /** The most specific tag of that language asked for ('fr-CA'), to pick a policy's texts with. */
  tag: string;
}

/**
 * The language to speak to a member in, among `supported` (primary language subtags, the first
 * being the default): the profile's locale when its language is supported; else the first
 * Accept-Language entry, by q-value, whose language is; else the default. A profile in a language
 * not supported does not hide what the browser asks for.
 */
export function negotiateLanguage<L extends string>(
  supported: readonly [L, ...L[]],
  asked: { profile?: string | null | undefined; acceptLanguage?: string | undefined },
): SpokenLanguage<L> {
  const candidates = [...(asked.profile ? [asked.profile] : []), ...parseAcceptLanguage(asked.acceptLanguage)];
  for (const candidate of candidates) {
    const language = supported.find((code) => code === primaryLanguage(candidate));
    if (language !== undefined) return { language, tag: tidyTag(candidate) };
  }
  return { language: supported[0], tag: supported[0] };
}
