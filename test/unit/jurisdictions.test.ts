// Jurisdiction codes and their resolution order (DOMAIN.md section 2).
import { describe, expect, it } from 'vitest';
import {
  applicableCodes,
  EEA_MEMBER_STATES,
  EU_MEMBER_STATES,
  isCountryCode,
  isJurisdictionCode,
  isSubdivisionCode,
  JURISDICTION_GROUPS,
  mostSpecificRule,
  SEPARATE_TERRITORIES,
  stateOf,
  SUBDIVISIONS_WITH_OWN_CODE,
  TERRITORIES_OF_STATES,
  type Location,
} from '../../lib/domain/jurisdictions.ts';

const where = (country: string, subdivision?: string): Location =>
  subdivision === undefined ? { country } : { country, subdivision };

describe('isCountryCode', () => {
  it.each([
    ['US', true],
    ['GB', true],
    ['FR', true],
    ['CH', true],
    ['HK', true],
    ['GR', true],
    ['NO', true],
    ['ZW', true],
    ['XK', true], // Kosovo: user-assigned, used by the EU and most registries
    ['us', false], // lower case
    ['Us', false],
    ['UK', false], // not the ISO code for the United Kingdom
    ['EL', false], // the EU's code for Greece, not ISO
    ['EU', false], // a group, not a country
    ['EEA', false],
    ['XX', false],
    ['USA', false], // alpha-3
    ['U', false],
    ['', false],
    ['US-CA', false],
    [' US', false],
  ])('%j → %s', (code, expected) => {
    expect(isCountryCode(code)).toBe(expected);
  });
});

describe('isSubdivisionCode', () => {
  it.each([
    ['US-CA', true],
    ['CA-QC', true],
    ['GB-ENG', true],
    ['DE-BY', true],
    ['FR-75', true], // digits are allowed in the subdivision part
    ['FR-IDF', true],
    ['US-', false],
    ['US-CALI', false], // more than 3 characters
    ['us-ca', false],
    ['US-ca', false],
    ['XX-CA', false], // country part is not an assigned country
    ['EU-FR', false],
    ['US', false],
    ['USCA', false],
    ['US_CA', false],
    ['US-CA ', false],
    ['', false],
  ])('%j → %s', (code, expected) => {
    expect(isSubdivisionCode(code)).toBe(expected);
  });
});

describe('isJurisdictionCode', () => {
  it.each([
    ['EU', true],
    ['EEA', true],
    ['US', true],
    ['CH', true],
    ['US-CA', true],
    ['GB-SCT', true],
    ['eu', false],
    ['EFTA', false], // not a supported group
    ['UK', false],
    ['XX', false],
    ['XX-YY', false],
    ['default', false],
    ['', false],
  ])('%j → %s', (code, expected) => {
    expect(isJurisdictionCode(code)).toBe(expected);
  });
});

describe('applicableCodes: most specific first', () => {
  it.each([
    { location: where('US'), codes: ['US'] },
    { location: where('US', 'US-CA'), codes: ['US-CA', 'US'] },
    { location: where('FR'), codes: ['FR', 'EU', 'EEA'] },
    { location: where('FR', 'FR-IDF'), codes: ['FR-IDF', 'FR', 'EU', 'EEA'] },
    { location: where('DE', 'DE-BY'), codes: ['DE-BY', 'DE', 'EU', 'EEA'] },
    { location: where('GR'), codes: ['GR', 'EU', 'EEA'] },
    { location: where('NO'), codes: ['NO', 'EEA'] },
    { location: where('IS'), codes: ['IS', 'EEA'] },
    { location: where('LI'), codes: ['LI', 'EEA'] },
    { location: where('CH'), codes: ['CH'] },
    { location: where('GB', 'GB-ENG'), codes: ['GB-ENG', 'GB'] },
    { location: where('HK'), codes: ['HK'] },
    { location: where('XK'), codes: ['XK'] }, // Kosovo: neither EU nor EEA
    { location: { country: 'US', subdivision: undefined }, codes: ['US'] },
    { location: { country: 'US', subdivision: '' }, codes: ['US'] },
  ])('$location.country $location.subdivision → $codes', ({ location, codes }) => {
    expect(applicableCodes(location)).toEqual(codes);
  });
});

describe('mostSpecificRule', () => {
  const rules = { 'US-CA': 'subdivision', US: 'country', EU: 'eu', EEA: 'eea' };

  it.each([
    { location: where('US', 'US-CA'), expected: { code: 'US-CA', rule: 'subdivision' } },
    { location: where('US', 'US-NY'), expected: { code: 'US', rule: 'country' } },
    { location: where('US'), expected: { code: 'US', rule: 'country' } },
    { location: where('FR'), expected: { code: 'EU', rule: 'eu' } },
    { location: where('NO'), expected: { code: 'EEA', rule: 'eea' } },
    { location: where('CH'), expected: undefined },
    { location: where('JP', 'JP-13'), expected: undefined },
  ])('$location.country $location.subdivision → $expected.code', ({ location, expected }) => {
    expect(mostSpecificRule(rules, location)).toEqual(expected);
  });

  it('returns undefined for an empty rule set', () => {
    expect(mostSpecificRule({}, where('FR'))).toBeUndefined();
  });
});

describe('groups', () => {
  it('the EU has 27 member states, the EEA 30', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(EEA_MEMBER_STATES).toHaveLength(30);
    expect(JURISDICTION_GROUPS.get('EU')?.size).toBe(27);
    expect(JURISDICTION_GROUPS.get('EEA')?.size).toBe(30);
  });

  it.each([
    { name: 'EU', members: EU_MEMBER_STATES },
    { name: 'EEA', members: EEA_MEMBER_STATES },
  ])('$name lists each member once, each an ISO country code', ({ members }) => {
    expect(new Set(members).size).toBe(members.length);
    expect(members.filter((code) => !isCountryCode(code))).toEqual([]);
  });

  it('the EEA is the EU plus IS, LI and NO', () => {
    const extra = EEA_MEMBER_STATES.filter((code) => !EU_MEMBER_STATES.includes(code));
    expect([...extra].sort()).toEqual(['IS', 'LI', 'NO']);
    expect(EU_MEMBER_STATES.every((code) => EEA_MEMBER_STATES.includes(code))).toBe(true);
  });

  it.each([
    { code: 'GR', eu: true, eea: true },
    { code: 'EL', eu: false, eea: false },
    { code: 'HR', eu: true, eea: true },
    { code: 'NO', eu: false, eea: true },
    { code: 'CH', eu: false, eea: false },
    { code: 'GB', eu: false, eea: false },
    { code: 'XK', eu: false, eea: false },
  ])('$code: EU $eu, EEA $eea', ({ code, eu, eea }) => {
    expect(JURISDICTION_GROUPS.get('EU')?.has(code)).toBe(eu);
    expect(JURISDICTION_GROUPS.get('EEA')?.has(code)).toBe(eea);
  });

  it('groups are ordered smallest first (EU before EEA)', () => {
    expect([...JURISDICTION_GROUPS.keys()]).toEqual(['EU', 'EEA']);
  });
});

// ---------------------------------------------------------------------------------------------
// Territories: the law, not the code list (issue 11)
// ---------------------------------------------------------------------------------------------

/** Every territory that resolves through a state, with the groups it therefore belongs to. */
const territoriesOfStates = [
  { territory: 'GF', state: 'FR', eu: true, eea: true },
  { territory: 'GP', state: 'FR', eu: true, eea: true },
  { territory: 'MQ', state: 'FR', eu: true, eea: true },
  { territory: 'RE', state: 'FR', eu: true, eea: true },
  { territory: 'YT', state: 'FR', eu: true, eea: true },
  { territory: 'MF', state: 'FR', eu: true, eea: true },
  { territory: 'AX', state: 'FI', eu: true, eea: true },
  { territory: 'SJ', state: 'NO', eu: false, eea: true },
  { territory: 'AS', state: 'US', eu: false, eea: false },
  { territory: 'GU', state: 'US', eu: false, eea: false },
  { territory: 'MP', state: 'US', eu: false, eea: false },
  { territory: 'PR', state: 'US', eu: false, eea: false },
  { territory: 'VI', state: 'US', eu: false, eea: false },
  { territory: 'UM', state: 'US', eu: false, eea: false },
  { territory: 'CX', state: 'AU', eu: false, eea: false },
  { territory: 'CC', state: 'AU', eu: false, eea: false },
  { territory: 'NF', state: 'AU', eu: false, eea: false },
  { territory: 'HM', state: 'AU', eu: false, eea: false },
];

/** Every territory tied to a state that stays on its own: its state's and groups' rules do not apply. */
const separateTerritories = [
  { territory: 'GL', tiedTo: 'DK' }, { territory: 'FO', tiedTo: 'DK' },
  { territory: 'NC', tiedTo: 'FR' }, { territory: 'PF', tiedTo: 'FR' }, { territory: 'WF', tiedTo: 'FR' },
  { territory: 'PM', tiedTo: 'FR' }, { territory: 'TF', tiedTo: 'FR' }, { territory: 'BL', tiedTo: 'FR' },
  { territory: 'AW', tiedTo: 'NL' }, { territory: 'CW', tiedTo: 'NL' }, { territory: 'SX', tiedTo: 'NL' }, { territory: 'BQ', tiedTo: 'NL' },
  { territory: 'BV', tiedTo: 'NO' },
  { territory: 'JE', tiedTo: 'GB' }, { territory: 'GG', tiedTo: 'GB' }, { territory: 'IM', tiedTo: 'GB' },
  { territory: 'GI', tiedTo: 'GB' }, { territory: 'AI', tiedTo: 'GB' }, { territory: 'BM', tiedTo: 'GB' }, { territory: 'IO', tiedTo: 'GB' },
  { territory: 'KY', tiedTo: 'GB' }, { territory: 'FK', tiedTo: 'GB' }, { territory: 'MS', tiedTo: 'GB' }, { territory: 'PN', tiedTo: 'GB' },
  { territory: 'SH', tiedTo: 'GB' }, { territory: 'TC', tiedTo: 'GB' }, { territory: 'VG', tiedTo: 'GB' }, { territory: 'GS', tiedTo: 'GB' },
  { territory: 'HK', tiedTo: 'CN' }, { territory: 'MO', tiedTo: 'CN' },
  { territory: 'CK', tiedTo: 'NZ' }, { territory: 'NU', tiedTo: 'NZ' }, { territory: 'TK', tiedTo: 'NZ' },
];

describe('territories: the tables', () => {
  it('the tests list exactly the territories the tables list', () => {
    expect(territoriesOfStates.map((row) => row.territory).sort()).toEqual(TERRITORIES_OF_STATES.map((row) => row.territory).sort());
    expect(separateTerritories.map((row) => row.territory).sort()).toEqual(SEPARATE_TERRITORIES.map((row) => row.territory).sort());
  });

  it('every row is a real code, listed once, with a legal basis; no territory is in both tables', () => {
    const all = [...TERRITORIES_OF_STATES, ...SEPARATE_TERRITORIES];
    expect(new Set(all.map((row) => row.territory)).size).toBe(all.length);
    for (const row of TERRITORIES_OF_STATES) {
      expect(isCountryCode(row.territory) && isCountryCode(row.state), row.territory).toBe(true);
      expect(row.basis.length, row.territory).toBeGreaterThan(10);
    }
    for (const row of SEPARATE_TERRITORIES) {
      expect(isCountryCode(row.territory) && isCountryCode(row.tiedTo), row.territory).toBe(true);
      expect(row.basis.length, row.territory).toBeGreaterThan(10);
    }
  });

  it('a state is never itself a territory of another state (no chains)', () => {
    for (const row of TERRITORIES_OF_STATES) expect(stateOf(row.state), row.territory).toBe(row.state);
  });

  it('every subdivision alias names a listed territory and is a subdivision of its state or the territory\'s tie', () => {
    for (const [subdivision, territory] of SUBDIVISIONS_WITH_OWN_CODE) {
      expect(isSubdivisionCode(subdivision), subdivision).toBe(true);
      const parent = subdivision.slice(0, 2);
      const ofState = TERRITORIES_OF_STATES.find((row) => row.territory === territory)?.state;
      const tiedTo = SEPARATE_TERRITORIES.find((row) => row.territory === territory)?.tiedTo;
      expect([ofState, tiedTo], subdivision).toContain(parent);
    }
  });
});

describe('territories that resolve through a state', () => {
  it.each(territoriesOfStates)('$territory → $state (EU $eu, EEA $eea)', ({ territory, state, eu, eea }) => {
    const at = where(territory);
    const groups = [...(eu ? ['EU'] : []), ...(eea ? ['EEA'] : [])];
    expect(applicableCodes(at)).toEqual([territory, state, ...groups]);
    expect(stateOf(territory)).toBe(state);
    // Rules naming the territory, the state, EU, EEA, and none.
    expect(mostSpecificRule({ [territory]: 'territory' }, at)).toEqual({ code: territory, rule: 'territory' });
    expect(mostSpecificRule({ [state]: 'state' }, at)).toEqual({ code: state, rule: 'state' });
    expect(mostSpecificRule({ EU: 'eu' }, at)).toEqual(eu ? { code: 'EU', rule: 'eu' } : undefined);
    expect(mostSpecificRule({ EEA: 'eea' }, at)).toEqual(eea ? { code: 'EEA', rule: 'eea' } : undefined);
    expect(mostSpecificRule({}, at)).toBeUndefined();
    // Precedence: the territory's own code, then its state, then groups.
    expect(mostSpecificRule({ EEA: 'eea', EU: 'eu', [state]: 'state', [territory]: 'territory' }, at)?.code).toBe(territory);
    expect(mostSpecificRule({ EEA: 'eea', EU: 'eu', [state]: 'state' }, at)?.code).toBe(state);
    expect(mostSpecificRule({ EEA: 'eea', EU: 'eu' }, at)?.code).toBe(groups[0]);
  });

  it('a rule naming FR applies in RE; a rule naming RE wins over it, and does not apply in FR', () => {
    const rules = { RE: 'reunion', FR: 'france', EU: 'eu' };
    expect(mostSpecificRule({ FR: 'france', EU: 'eu' }, where('RE'))).toEqual({ code: 'FR', rule: 'france' });
    expect(mostSpecificRule(rules, where('RE'))).toEqual({ code: 'RE', rule: 'reunion' });
    expect(mostSpecificRule(rules, where('FR'))).toEqual({ code: 'FR', rule: 'france' });
    expect(mostSpecificRule({ RE: 'reunion' }, where('FR'))).toBeUndefined();
  });

  it('a state-level subdivision rule (US-CA) does not reach a territory (PR)', () => {
    expect(mostSpecificRule({ 'US-CA': 'california' }, where('PR'))).toBeUndefined();
  });
});

describe('territories that stay on their own', () => {
  it.each(separateTerritories)('$territory stays $territory (not $tiedTo, EU or EEA)', ({ territory, tiedTo }) => {
    const at = where(territory);
    expect(applicableCodes(at)).toEqual([territory]);
    expect(mostSpecificRule({ [territory]: 'territory' }, at)).toEqual({ code: territory, rule: 'territory' });
    expect(mostSpecificRule({ [tiedTo]: 'state' }, at)).toBeUndefined();
    expect(mostSpecificRule({ EU: 'eu' }, at)).toBeUndefined();
    expect(mostSpecificRule({ EEA: 'eea' }, at)).toBeUndefined();
    expect(mostSpecificRule({}, at)).toBeUndefined();
  });
});

describe('territories: subdivisions', () => {
  it.each([
    // A subdivision of a territory still comes first.
    { location: where('UM', 'UM-71'), codes: ['UM-71', 'UM', 'US'] },
    { location: where('RE', 'RE-XX'), codes: ['RE-XX', 'RE', 'FR', 'EU', 'EEA'] },
    // A state's subdivision that is a territory with its own code resolves like that code.
    { location: where('FR', 'FR-974'), codes: ['FR-974', 'RE', 'FR', 'EU', 'EEA'] },
    { location: where('FR', 'FR-NC'), codes: ['FR-NC', 'NC'] },
    { location: where('FR', 'FR-BL'), codes: ['FR-BL', 'BL'] },
    { location: where('NL', 'NL-AW'), codes: ['NL-AW', 'AW'] },
    { location: where('NL', 'NL-BQ1'), codes: ['NL-BQ1', 'BQ'] },
    { location: where('FI', 'FI-01'), codes: ['FI-01', 'AX', 'FI', 'EU', 'EEA'] },
    { location: where('NO', 'NO-21'), codes: ['NO-21', 'SJ', 'NO', 'EEA'] },
    { location: where('US', 'US-PR'), codes: ['US-PR', 'PR', 'US'] },
    { location: where('CN', 'CN-HK'), codes: ['CN-HK', 'HK'] },
    // Subdivisions inside the EU without a code of their own resolve through their state.
    { location: where('ES', 'ES-CN'), codes: ['ES-CN', 'ES', 'EU', 'EEA'] }, // Canary Islands
    { location: where('ES', 'ES-CE'), codes: ['ES-CE', 'ES', 'EU', 'EEA'] }, // Ceuta
    { location: where('ES', 'ES-ML'), codes: ['ES-ML', 'ES', 'EU', 'EEA'] }, // Melilla
    { location: where('PT', 'PT-20'), codes: ['PT-20', 'PT', 'EU', 'EEA'] }, // Azores
    { location: where('PT', 'PT-30'), codes: ['PT-30', 'PT', 'EU', 'EEA'] }, // Madeira
    { location: where('FR', 'FR-IDF'), codes: ['FR-IDF', 'FR', 'EU', 'EEA'] },
  ])('$location.country $location.subdivision → $codes', ({ location, codes }) => {
    expect(applicableCodes(location)).toEqual(codes);
  });

  it.each<{ location: Location; rules: Record<string, string>; code: string | undefined }>([
    { location: where('UM', 'UM-71'), rules: { 'UM-71': 'subdivision', UM: 'territory', US: 'state' }, code: 'UM-71' },
    { location: where('RE', 'RE-XX'), rules: { 'RE-XX': 'subdivision', RE: 'territory', FR: 'state', EU: 'eu' }, code: 'RE-XX' },
    { location: where('FR', 'FR-974'), rules: { 'FR-974': 'subdivision', RE: 'territory', FR: 'state', EU: 'eu' }, code: 'FR-974' },
    { location: where('FR', 'FR-974'), rules: { RE: 'territory', FR: 'state', EU: 'eu' }, code: 'RE' },
    { location: where('FR', 'FR-NC'), rules: { FR: 'state', EU: 'eu', EEA: 'eea' }, code: undefined },
  ])('$location.country $location.subdivision under $rules → $code', ({ location, rules, code }) => {
    expect(mostSpecificRule(rules, location)?.code).toBe(code);
  });

  it('IC and EA (Canary Islands, Ceuta and Melilla) are reserved, not assigned: not country codes', () => {
    expect(isCountryCode('IC')).toBe(false);
    expect(isCountryCode('EA')).toBe(false);
  });
});
