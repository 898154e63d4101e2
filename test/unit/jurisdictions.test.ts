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
  ])('$code: EU $eu, EEA $eea', ({ code, eu, eea }) => {
    expect(JURISDICTION_GROUPS.get('EU')?.has(code)).toBe(eu);
    expect(JURISDICTION_GROUPS.get('EEA')?.has(code)).toBe(eea);
  });

  it('groups are ordered smallest first (EU before EEA)', () => {
    expect([...JURISDICTION_GROUPS.keys()]).toEqual(['EU', 'EEA']);
  });
});
