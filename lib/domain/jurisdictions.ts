import { own } from './own.ts';

// Jurisdiction codes used in policy rules: a country (ISO 3166-1 alpha-2), a subdivision
// (ISO 3166-2, e.g. US-CA) or a named group. Resolution picks the most specific match.

/** The 27 EU member states (ISO codes; Greece is GR, not the EU's "EL"). */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];

/** The EEA is the EU plus Iceland, Liechtenstein and Norway. */
export const EEA_MEMBER_STATES: readonly string[] = [...EU_MEMBER_STATES, 'IS', 'LI', 'NO'];

/** Groups in order of specificity: a smaller group wins over a larger one that contains it. */
export const JURISDICTION_GROUPS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['EU', new Set(EU_MEMBER_STATES)],
  ['EEA', new Set(EEA_MEMBER_STATES)],
]);

/** Officially assigned ISO 3166-1 alpha-2 codes. */
const ISO_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

const SUBDIVISION_PATTERN = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

export function isCountryCode(code: string): boolean {
  return ISO_COUNTRIES.has(code);
}

/** An ISO 3166-2 shaped code whose country part is an assigned country. */
export function isSubdivisionCode(code: string): boolean {
  const match = SUBDIVISION_PATTERN.exec(code);
  return match !== null && isCountryCode(match[1] as string);
}

export function isJurisdictionCode(code: string): boolean {
  return JURISDICTION_GROUPS.has(code) || isCountryCode(code) || isSubdivisionCode(code);
}

export interface Location {
  country: string;
  subdivision?: string | undefined;
}

/**
 * The codes that apply to a location, most specific first: subdivision, country, then every
 * group containing the country (smallest group first).
 */
export function applicableCodes(location: Location): string[] {
  const codes: string[] = [];
  if (location.subdivision) codes.push(location.subdivision);
  codes.push(location.country);
  for (const [group, members] of JURISDICTION_GROUPS) {
    if (members.has(location.country)) codes.push(group);
  }
  return codes;
}

/** The most specific rule for a location, with the code that matched; undefined when none. */
export function mostSpecificRule<T>(
  rules: Readonly<Record<string, T>>,
  location: Location,
): { code: string; rule: T } | undefined {
  for (const code of applicableCodes(location)) {
    const rule = own(rules, code);
    if (rule !== undefined) return { code, rule };
  }
  return undefined;
}
