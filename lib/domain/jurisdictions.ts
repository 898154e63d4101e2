import { own } from './own.ts';

// Jurisdiction codes used in policy rules: a country (ISO 3166-1 alpha-2), a subdivision
// (ISO 3166-2, e.g. US-CA) or a named group. Resolution picks the most specific match, and a
// territory with its own code resolves through the state whose law applies there (see below).

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

/**
 * Country codes: the officially assigned ISO 3166-1 alpha-2 codes, plus XK for Kosovo. XK is a
 * user-assigned code, but the EU, the IMF and most registries use it; refusing it would leave
 * Kosovo's residents without a valid country. Kosovo is in neither the EU nor the EEA.
 */
const COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS YE YT ZA ZM ZW ' +
    'XK'
  ).split(' '),
);

const SUBDIVISION_PATTERN = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
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

// ---------------------------------------------------------------------------------------------
// Territories: the law, not the code list
// ---------------------------------------------------------------------------------------------
//
// ISO 3166-1 gives many territories a code of their own, but a code is not a legal order. Where
// a territory is part of a state for data-protection purposes, the state's law (and so its groups:
// EU, EEA) applies there; where it is not, the territory stays on its own, even when tied to an
// EU state. Each row names its legal basis so that a reviewer can check it against the source.

export interface TerritoryOfState {
  /** The territory's own ISO 3166-1 alpha-2 code. */
  territory: string;
  /** The state whose data-protection law applies there. */
  state: string;
  /** Why: the legal basis, so each row can be checked. */
  basis: string;
}

/** Territories with their own code that resolve through a state: territory → state. */
export const TERRITORIES_OF_STATES: readonly TerritoryOfState[] = [
  // EU law, the GDPR included, applies in full in the outermost regions (TEU Art. 52, TFEU
  // Art. 355(1) and Art. 349).
  { territory: 'GF', state: 'FR', basis: 'French Guiana: EU outermost region (TFEU Art. 349, 355(1))' },
  { territory: 'GP', state: 'FR', basis: 'Guadeloupe: EU outermost region (TFEU Art. 349, 355(1))' },
  { territory: 'MQ', state: 'FR', basis: 'Martinique: EU outermost region (TFEU Art. 349, 355(1))' },
  { territory: 'RE', state: 'FR', basis: 'Réunion: EU outermost region (TFEU Art. 349, 355(1))' },
  { territory: 'YT', state: 'FR', basis: 'Mayotte: EU outermost region since 2014 (TFEU Art. 349, 355(1); European Council Decision 2012/419/EU)' },
  { territory: 'MF', state: 'FR', basis: 'Saint-Martin (French part): EU outermost region (TFEU Art. 349, 355(1))' },
  // The Treaties apply to Åland with derogations on taxation only (TFEU Art. 355(4); Protocol
  // No 2 on the Åland Islands to the 1994 Act of Accession): the GDPR applies.
  { territory: 'AX', state: 'FI', basis: 'Åland: part of Finland in the EU (TFEU Art. 355(4); Protocol No 2 on the Åland Islands, 1994 Act of Accession)' },
  // Svalbard is Norwegian (Svalbard Treaty, 1920), and Norway's data-protection law applies
  // there, but the EEA Agreement does not (EEA Agreement Protocol 40). Counting SJ as NO, and so
  // as EEA, is the cautious reading: a rule that protects Norway's residents also protects
  // Svalbard's. Jan Mayen, which shares the code, is part of Norway and in the EEA anyway.
  { territory: 'SJ', state: 'NO', basis: 'Svalbard and Jan Mayen: Norwegian sovereignty (Svalbard Treaty 1920); Norway\'s data-protection law applies (the EEA Agreement does not on Svalbard: Protocol 40); cautious reading' },
  // US territories: federal privacy law (FTC Act s. 5, COPPA...) applies there; the laws of the
  // 50 states do not, and no US-XX rule of a state matches them. A rule naming US applies.
  { territory: 'AS', state: 'US', basis: 'American Samoa: unincorporated US territory; US federal law applies' },
  { territory: 'GU', state: 'US', basis: 'Guam: unincorporated US territory; US federal law applies' },
  { territory: 'MP', state: 'US', basis: 'Northern Mariana Islands: US commonwealth; US federal law applies' },
  { territory: 'PR', state: 'US', basis: 'Puerto Rico: US commonwealth; US federal law applies' },
  { territory: 'VI', state: 'US', basis: 'US Virgin Islands: unincorporated US territory; US federal law applies' },
  { territory: 'UM', state: 'US', basis: 'US Minor Outlying Islands: US territory; US federal law applies' },
  // Australia's external territories: the Privacy Act 1988 extends to them (s. 5).
  { territory: 'CX', state: 'AU', basis: 'Christmas Island: Australian external territory (Privacy Act 1988 s. 5)' },
  { territory: 'CC', state: 'AU', basis: 'Cocos (Keeling) Islands: Australian external territory (Privacy Act 1988 s. 5)' },
  { territory: 'NF', state: 'AU', basis: 'Norfolk Island: Australian external territory (Privacy Act 1988 s. 5)' },
  { territory: 'HM', state: 'AU', basis: 'Heard Island and McDonald Islands: Australian external territory (Privacy Act 1988 s. 5)' },
];

export interface SeparateTerritory {
  territory: string;
  /** The state the territory is tied to, whose rules do not apply to it. */
  tiedTo: string;
  basis: string;
}

/**
 * Territories tied to a state that stay on their own: outside the EU (or EEA) although tied to a
 * member state, or with a data-protection law of their own. Listed so that each one is a decision
 * (and tested), not an oversight; resolution treats them like any other country.
 */
export const SEPARATE_TERRITORIES: readonly SeparateTerritory[] = [
  // Overseas countries and territories: outside the EU (TFEU Art. 355(2), Annex II).
  { territory: 'GL', tiedTo: 'DK', basis: 'Greenland: OCT, outside the EU since 1985 (TFEU Art. 355(2), Annex II)' },
  { territory: 'NC', tiedTo: 'FR', basis: 'New Caledonia: OCT (TFEU Art. 355(2), Annex II)' },
  { territory: 'PF', tiedTo: 'FR', basis: 'French Polynesia: OCT (TFEU Art. 355(2), Annex II)' },
  { territory: 'WF', tiedTo: 'FR', basis: 'Wallis and Futuna: OCT (TFEU Art. 355(2), Annex II)' },
  { territory: 'PM', tiedTo: 'FR', basis: 'Saint Pierre and Miquelon: OCT (TFEU Art. 355(2), Annex II)' },
  { territory: 'TF', tiedTo: 'FR', basis: 'French Southern and Antarctic Lands: OCT (TFEU Art. 355(2), Annex II)' },
  { territory: 'BL', tiedTo: 'FR', basis: 'Saint-Barthélemy: OCT since 2012 (TFEU Art. 355(2), Annex II; European Council Decision 2010/718/EU)' },
  { territory: 'AW', tiedTo: 'NL', basis: 'Aruba: OCT (TFEU Art. 355(2), Annex II); own data-protection law' },
  { territory: 'CW', tiedTo: 'NL', basis: 'Curaçao: OCT (TFEU Art. 355(2), Annex II); own data-protection law' },
  { territory: 'SX', tiedTo: 'NL', basis: 'Sint Maarten: OCT (TFEU Art. 355(2), Annex II); own data-protection law' },
  { territory: 'BQ', tiedTo: 'NL', basis: 'Bonaire, Sint Eustatius and Saba: OCT (TFEU Art. 355(2), Annex II); BES data-protection law, not the GDPR' },
  // The Treaties do not apply to the Faroe Islands (TFEU Art. 355(5)(a)); own data-protection act.
  { territory: 'FO', tiedTo: 'DK', basis: 'Faroe Islands: outside the EU (TFEU Art. 355(5)(a)); own data-protection act' },
  // Norway's dependencies outside the Kingdom, to which the EEA Agreement does not extend.
  { territory: 'BV', tiedTo: 'NO', basis: 'Bouvet Island: Norwegian dependency, not part of the Kingdom; outside the EEA' },
  // Crown dependencies: not part of the UK; each has its own data-protection law.
  { territory: 'JE', tiedTo: 'GB', basis: 'Jersey: Crown dependency; Data Protection (Jersey) Law 2018' },
  { territory: 'GG', tiedTo: 'GB', basis: 'Guernsey: Crown dependency; Data Protection (Bailiwick of Guernsey) Law 2017' },
  { territory: 'IM', tiedTo: 'GB', basis: 'Isle of Man: Crown dependency; Data Protection Act 2018 (Isle of Man)' },
  // British overseas territories: own laws; UK GDPR does not extend to them. Gibraltar left the
  // EU with the UK.
  { territory: 'GI', tiedTo: 'GB', basis: 'Gibraltar: British overseas territory; Gibraltar GDPR, outside the EU since 2020' },
  { territory: 'AI', tiedTo: 'GB', basis: 'Anguilla: British overseas territory; own law' },
  { territory: 'BM', tiedTo: 'GB', basis: 'Bermuda: British overseas territory; Personal Information Protection Act 2016' },
  { territory: 'IO', tiedTo: 'GB', basis: 'British Indian Ocean Territory: British overseas territory; own law' },
  { territory: 'KY', tiedTo: 'GB', basis: 'Cayman Islands: British overseas territory; Data Protection Act 2017' },
  { territory: 'FK', tiedTo: 'GB', basis: 'Falkland Islands: British overseas territory; own law' },
  { territory: 'MS', tiedTo: 'GB', basis: 'Montserrat: British overseas territory; own law' },
  { territory: 'PN', tiedTo: 'GB', basis: 'Pitcairn: British overseas territory; own law' },
  { territory: 'SH', tiedTo: 'GB', basis: 'Saint Helena, Ascension and Tristan da Cunha: British overseas territory; own law' },
  { territory: 'TC', tiedTo: 'GB', basis: 'Turks and Caicos Islands: British overseas territory; own law' },
  { territory: 'VG', tiedTo: 'GB', basis: 'British Virgin Islands: British overseas territory; Data Protection Act 2021' },
  { territory: 'GS', tiedTo: 'GB', basis: 'South Georgia and the South Sandwich Islands: British overseas territory; own law' },
  // China's special administrative regions: own data-protection laws; the PIPL does not apply.
  { territory: 'HK', tiedTo: 'CN', basis: 'Hong Kong: Personal Data (Privacy) Ordinance (Cap. 486); Basic Law' },
  { territory: 'MO', tiedTo: 'CN', basis: 'Macao: Personal Data Protection Act (Law 8/2005); Basic Law' },
  // New Zealand's realm: self-governing or with its own law.
  { territory: 'CK', tiedTo: 'NZ', basis: 'Cook Islands: self-governing in free association with New Zealand' },
  { territory: 'NU', tiedTo: 'NZ', basis: 'Niue: self-governing in free association with New Zealand' },
  { territory: 'TK', tiedTo: 'NZ', basis: 'Tokelau: New Zealand territory with its own rules; not treated as NZ without a clear basis' },
];

/**
 * ISO 3166-2 subdivision codes of a state that name a territory with its own ISO 3166-1 code. A
 * member recorded as FR / FR-NC lives in New Caledonia, which is outside the EU: the subdivision
 * resolves like the territory's own code, and the state's rules apply only if the territory
 * resolves through the state.
 */
export const SUBDIVISIONS_WITH_OWN_CODE: ReadonlyMap<string, string> = new Map([
  ['FI-01', 'AX'],
  ['FR-971', 'GP'], ['FR-972', 'MQ'], ['FR-973', 'GF'], ['FR-974', 'RE'], ['FR-976', 'YT'],
  ['FR-MF', 'MF'], ['FR-BL', 'BL'], ['FR-NC', 'NC'], ['FR-PF', 'PF'], ['FR-PM', 'PM'], ['FR-TF', 'TF'], ['FR-WF', 'WF'],
  ['NL-AW', 'AW'], ['NL-CW', 'CW'], ['NL-SX', 'SX'], ['NL-BQ1', 'BQ'], ['NL-BQ2', 'BQ'], ['NL-BQ3', 'BQ'],
  ['NO-21', 'SJ'], ['NO-22', 'SJ'],
  ['US-AS', 'AS'], ['US-GU', 'GU'], ['US-MP', 'MP'], ['US-PR', 'PR'], ['US-UM', 'UM'], ['US-VI', 'VI'],
  ['CN-HK', 'HK'], ['CN-MO', 'MO'],
]);

const STATE_OF_TERRITORY: ReadonlyMap<string, string> = new Map(
  TERRITORIES_OF_STATES.map(({ territory, state }) => [territory, state]),
);

/** The state whose data-protection law applies in `code`'s territory; the code itself if none. */
export function stateOf(code: string): string {
  return STATE_OF_TERRITORY.get(code) ?? code;
}

/**
 * The codes that apply to a location, most specific first: subdivision, the territory's own
 * code, the state whose law applies there (when that is another code), then every group
 * containing that state (smallest group first).
 */
export function applicableCodes(location: Location): string[] {
  const codes: string[] = [];
  if (location.subdivision) codes.push(location.subdivision);
  const territory = (location.subdivision && SUBDIVISIONS_WITH_OWN_CODE.get(location.subdivision)) || location.country;
  codes.push(territory);
  const state = stateOf(territory);
  if (state !== territory) codes.push(state);
  for (const [group, members] of JURISDICTION_GROUPS) {
    if (members.has(state)) codes.push(group);
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
