// The contract checker the integration client runs every answer through: it must accept what the
// document describes and refuse, readably, what it does not (else it would pass anything).
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../lib/web/api/openapi.ts';
import { ContractViolation, OpenApiContract } from '../support/openapi-contract.ts';

const contract = new OpenApiContract(buildOpenApi());
const jsonAnswer = (status: number, body: unknown, contentType = 'application/json') => ({ status, contentType, text: JSON.stringify(body) });

const eligibility = {
  memberId: 'm-1', purpose: 'genai-training', at: '2025-01-01T00:00:00.000Z', knownAt: '2025-01-01T00:00:00.000Z', settled: false, eligible: true, reason: 'default_opt_in', policyVersion: '2024-11-20',
};
const storedPolicy = {
  id: '2031-01', announcedAt: '2030-01-01T00:00:00.000Z', effectiveAt: '2031-01-01T00:00:00.000Z',
  purposes: { 'genai-training': { default: { regime: 'opt_in', legalBasis: 'consent' }, rules: {}, minimumAge: 18 } },
  recordedAt: '2030-01-01T00:00:00.000Z', recordedBy: 'test-admin',
};

describe('OpenApiContract', () => {
  it('matches concrete paths to templates the way the gateway routes', () => {
    expect(contract.routeOf('GET', '/v1/members/a%40b/consents/genai-training?x=1')).toBe('/v1/members/{memberId}/consents/{purpose}');
    expect(contract.routeOf('POST', '/v1/eligibility/genai-training/batch')).toBe('/v1/eligibility/{purpose}/batch');
    expect(contract.routeOf('GET', '/v1/eligibility/genai-training/batch')).toBe('/v1/eligibility/{purpose}/{memberId}');
    expect(contract.routeOf('DELETE', '/v1/members/m-1')).toBe('/v1/members/{memberId}');
    expect(contract.routeOf('DELETE', '/v1/policies/2031-01')).toBeUndefined();
    expect(contract.routeOf('GET', '/v1/members/%ZZ')).toBeUndefined();
  });

  it('accepts documented answers: handler JSON, problems, the gateway\'s own messages', () => {
    expect(contract.violations('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, eligibility))).toEqual([]);
    expect(contract.violations('GET', '/v1/policies/2031-01', jsonAnswer(200, storedPolicy))).toEqual([]);
    expect(contract.violations('GET', '/v1/policies', jsonAnswer(200, { items: [storedPolicy] }))).toEqual([]);
    const problem = { type: 'urn:consent-ledger:problem:not-found', title: 'Not found', status: 404, detail: 'member m-1 is not known' };
    expect(contract.violations('GET', '/v1/members/m-1', jsonAnswer(404, problem, 'application/problem+json'))).toEqual([]);
    expect(contract.violations('GET', '/v1/members/m-1', jsonAnswer(401, { message: 'Unauthorized' }))).toEqual([]);
    expect(contract.violations('DELETE', '/v1/policies/2031-01', jsonAnswer(404, { message: 'Not Found' }))).toEqual([]);
    expect(contract.violations('DELETE', '/v1/members/m-1', jsonAnswer(200, { memberId: 'm-1', erasedAt: '2026-01-01T00:00:00.000Z' }))).toEqual([]);
  });

  it('refuses a body that does not match the schema, naming the field', () => {
    const found = contract.violations('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, { ...eligibility, reason: 'maybe' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('/reason');
    const { recordedBy: _dropped, ...unattributed } = storedPolicy;
    expect(contract.violations('GET', '/v1/policies/2031-01', jsonAnswer(200, unattributed))[0]).toContain('recordedBy');
    expect(contract.violations('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, { ...eligibility, at: 'yesterday' }))[0]).toContain('format');
  });

  it('refuses a property the document does not describe, though the published schema is open', () => {
    const found = contract.violations('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, { ...eligibility, surprise: 1 }));
    expect(found[0]).toContain('surprise');
    expect(new OpenApiContract(buildOpenApi(), { closed: false }).violations('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, { ...eligibility, surprise: 1 }))).toEqual([]);
    expect(contract.violations('GET', '/v1/policies', jsonAnswer(200, { items: [{ ...storedPolicy, surprise: 1 }] }))[0]).toContain('surprise');
  });

  it('refuses an undocumented status, content type, or a body that is not JSON', () => {
    expect(contract.violations('GET', '/health', jsonAnswer(418, {}))[0]).toContain('status 418 is not documented');
    expect(contract.violations('GET', '/v1/members/m-1', jsonAnswer(404, { detail: 'x' }, 'text/plain'))[0]).toContain('content type');
    expect(contract.violations('GET', '/health', { status: 200, contentType: 'application/json', text: 'ok' })[0]).toContain('not JSON');
    expect(contract.violations('GET', '/no-such-route', jsonAnswer(200, {}))).toHaveLength(1);
  });

  it('checks the status and content type of pages, not their HTML', () => {
    expect(contract.violations('GET', '/signed-out', { status: 200, contentType: 'text/html; charset=utf-8', text: '<!doctype html>' })).toEqual([]);
    expect(contract.violations('GET', '/signed-out', { status: 200, contentType: 'application/json', text: '{}' })).toHaveLength(1);
  });

  it('throws a readable ContractViolation: method, path, status, what is wrong', () => {
    const wrong = () => contract.assertDocumented('GET', '/v1/eligibility/genai-training/m-1', jsonAnswer(200, { ...eligibility, eligible: 'yes' }));
    expect(wrong).toThrow(ContractViolation);
    expect(wrong).toThrow(/GET \/v1\/eligibility\/genai-training\/m-1 answered 200[\s\S]*\/eligible must be boolean/);
  });
});
