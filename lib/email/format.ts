// Locale-aware formatting for the translations: UTC dates and counts in each language, and
// placeholder filling. Pure: no I/O, no clock; callers pass every value in.
import type { Locale } from './messages.ts';

/** BCP 47 tag given to Intl for each translation ("3 November 2025", not "November 3, 2025"). */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

function toDate(value: string | Date, what: string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${what} is not a valid date: ${String(value)}`);
  }
  return date;
}

/** A long date in UTC: en "3 November 2025", fr "3 novembre 2025", de "3. November 2025". */
export function formatDate(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    toDate(value, 'date'),
  );
}

/** A long date and time in UTC, suffixed "UTC": en "3 November 2025 at 14:05 UTC". */
export function formatDateTime(value: string | Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
    hourCycle: 'h23',
  }).format(toDate(value, 'date and time'));
  return `${formatted} UTC`;
}

/** A short date in UTC, for tables and state lines: en "3 Nov 2025", fr "3 nov. 2025", de "03.11.2025". */
export function formatShortDate(value: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(toDate(value, 'date'));
}

/** A short date and time in UTC, suffixed "UTC": en "3 Nov 2025, 14:05 UTC". */
export function formatShortDateTime(value: string | Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' }).format(
    toDate(value, 'date and time'),
  );
  return `${formatted} UTC`;
}

/** A count as the language writes it: en "3,001", fr "3 001", de "3.001". */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

/** Parses an ISO timestamp, throwing a RangeError naming `what` when it is not a date. */
export function parseInstant(value: string, what: string): Date {
  return toDate(value, what);
}

/**
 * Fills `{name}` placeholders in one pass (a value containing `{x}` is never re-filled).
 * `renderValue` turns each value into output (e.g. escapes it), `renderText` the text between
 * placeholders. A placeholder without a value is a programming error and throws.
 */
export function interpolate(
  template: string,
  values: Readonly<Record<string, string>>,
  renderValue: (name: string, value: string) => string = (_name, value) => value,
  renderText: (text: string) => string = (text) => text,
): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`No value for placeholder {${name}}`);
    out += renderText(template.slice(last, match.index)) + renderValue(name, value);
    last = match.index + match[0].length;
  }
  return out + renderText(template.slice(last));
}

/** Plain-text fill. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return interpolate(template, values);
}
