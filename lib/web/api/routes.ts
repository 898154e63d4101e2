// Every route of the public contract (DOMAIN.md section 6), in one table. The local HTTP API,
// the OpenAPI document and the CDK stack are all generated from it, so none can drift.
import { SCOPES } from './auth.ts';

/** The version of the contract the routes, and the documents that describe them, state (info.version). */
export const CONTRACT_VERSION = '1.1.0';

export type FunctionName = 'public' | 'admin' | 'consents' | 'eligibility' | 'optout' | 'pages';
/** Functions triggered by SQS rather than HTTP. */
export type QueueFunctionName = 'fanout' | 'notify';

export interface RouteSpec {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  function: FunctionName;
  /** 'jwt': behind the JWT authorizer. 'none': public. */
  auth: 'jwt' | 'none';
  /** Scopes the authorizer requires (any one of them); absent: any valid token passes. */
  scopes?: string[];
  operationId: string;
  summary: string;
}

const ADMIN = [SCOPES.admin];
const ELIGIBILITY = [SCOPES.eligibilityRead, SCOPES.admin];

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/health', function: 'public', auth: 'none', operationId: 'health', summary: 'Liveness check' },
  { method: 'GET', path: '/openapi.json', function: 'public', auth: 'none', operationId: 'openapi', summary: 'This OpenAPI 3.1 description' },
  { method: 'GET', path: '/asyncapi.json', function: 'public', auth: 'none', operationId: 'asyncapi', summary: 'The AsyncAPI 3.0 description of the change events downstream systems receive' },
  { method: 'GET', path: '/.well-known/jwks.json', function: 'public', auth: 'none', operationId: 'receiptKeys', summary: 'The public keys that verify choice receipts (JWKS), old ones kept after rotation' },
  { method: 'PUT', path: '/v1/members/{memberId}', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'putMember', summary: 'Create or replace a member profile' },
  { method: 'GET', path: '/v1/members/{memberId}', function: 'admin', auth: 'jwt', operationId: 'getMember', summary: 'Read a member profile (self or admin)' },
  { method: 'DELETE', path: '/v1/members/{memberId}', function: 'admin', auth: 'jwt', operationId: 'eraseMember', summary: 'Erase the member\'s email address, locale and birth date everywhere; keep the pseudonymous record (self or admin)' },
  { method: 'GET', path: '/v1/members/{memberId}/consents', function: 'consents', auth: 'jwt', operationId: 'listConsents', summary: 'Every purpose of the policy in force: choice, eligibility, reason' },
  { method: 'GET', path: '/v1/members/{memberId}/consents/{purpose}', function: 'consents', auth: 'jwt', operationId: 'getConsent', summary: 'One purpose: choice, eligibility, reason, with an ETag' },
  { method: 'PUT', path: '/v1/members/{memberId}/consents/{purpose}', function: 'consents', auth: 'jwt', operationId: 'putConsent', summary: 'Record a choice (If-Match and Idempotency-Key supported)' },
  { method: 'GET', path: '/v1/members/{memberId}/consents/{purpose}/history', function: 'consents', auth: 'jwt', operationId: 'getConsentHistory', summary: 'Every choice recorded, oldest first' },
  { method: 'GET', path: '/v1/eligibility/{purpose}/{memberId}', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'getEligibility', summary: 'May this member\'s data be used for this purpose as of `at`?' },
  { method: 'POST', path: '/v1/eligibility/{purpose}/batch', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'batchEligibility', summary: 'The same question for up to 1,000 members' },
  { method: 'POST', path: '/v1/training-runs', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'registerTrainingRun', summary: 'Register a training run: pins "as of snapshotAt, known now" for all its eligibility questions' },
  { method: 'GET', path: '/v1/training-runs', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'listTrainingRuns', summary: 'Training runs, newest first' },
  { method: 'GET', path: '/v1/training-runs/{runId}', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'getTrainingRun', summary: 'One training run' },
  { method: 'GET', path: '/v1/members/{memberId}/content-usage', function: 'eligibility', auth: 'jwt', scopes: ELIGIBILITY, operationId: 'getContentUsage', summary: 'The IETF AI Preferences Content-Usage value for this member\'s public content now, for content servers to attach' },
  { method: 'GET', path: '/v1/members/{memberId}/record', function: 'consents', auth: 'jwt', operationId: 'getConsentRecord', summary: 'The member\'s consent record in the shape of ISO/IEC TS 27560: header, processing, one event per choice (self or admin)' },
  { method: 'GET', path: '/v1/members/{memberId}/exposure', function: 'consents', auth: 'jwt', operationId: 'getExposure', summary: 'The training runs allowed to use this member\'s data (self or admin)' },
  { method: 'PUT', path: '/v1/policies/{policyId}', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'putPolicy', summary: 'Record a policy version (immutable once recorded)' },
  { method: 'GET', path: '/v1/policies', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'listPolicies', summary: 'Every policy version, by effective date' },
  { method: 'GET', path: '/v1/policies/{policyId}', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'getPolicy', summary: 'One policy version' },
  { method: 'PUT', path: '/v1/policies/{policyId}/texts/{locale}', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'putPolicyTexts', summary: 'Add a version\'s member-facing texts in one language (a recorded translation never changes)' },
  { method: 'POST', path: '/v1/policies/{policyId}/notices', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'announcePolicy', summary: 'Email every member processable under this version, once each' },
  { method: 'GET', path: '/v1/policies/{policyId}/notices', function: 'admin', auth: 'jwt', scopes: ADMIN, operationId: 'getNoticeProgress', summary: 'Progress of the latest (or ?campaignId=) notice campaign' },
  { method: 'GET', path: '/v1/opt-out', function: 'optout', auth: 'none', operationId: 'showOptOut', summary: 'The page behind an email\'s one-click opt-out link (changes nothing)' },
  { method: 'POST', path: '/v1/opt-out', function: 'optout', auth: 'none', operationId: 'confirmOptOut', summary: 'Records the opt-out of the link\'s member and purpose' },
  // Pages for people (HTML). Public at the gateway: browsers send no Authorization header on
  // navigation, so the pages function verifies the same JWT itself, from a session cookie.
  { method: 'GET', path: '/sign-in', function: 'pages', auth: 'none', operationId: 'signIn', summary: 'Starts sign-in at the identity provider (OpenID Connect, code flow with PKCE, state and nonce): a redirect there' },
  { method: 'GET', path: '/sign-in/callback', function: 'pages', auth: 'none', operationId: 'signInCallback', summary: 'The identity provider\'s redirect back: redeems the code and keeps the access token in the HttpOnly session cookie' },
  { method: 'POST', path: '/sign-out', function: 'pages', auth: 'none', operationId: 'signOut', summary: 'Clears the session cookie, and signs out at the identity provider where it offers that (same-origin form only)' },
  { method: 'GET', path: '/signed-out', function: 'pages', auth: 'none', operationId: 'signedOut', summary: 'Says the browser is signed out (where the identity provider returns after signing out)' },
  { method: 'GET', path: '/settings', function: 'pages', auth: 'none', operationId: 'settingsPage', summary: 'The signed-in member\'s settings: state in words, history, toggle; honours Global Privacy Control' },
  { method: 'POST', path: '/settings', function: 'pages', auth: 'none', operationId: 'saveSetting', summary: 'The toggle: records the member\'s choice (source settings) if the page\'s ETag is still current' },
  { method: 'GET', path: '/settings/record', function: 'pages', auth: 'none', operationId: 'downloadConsentRecord', summary: 'The signed-in member\'s consent record as a JSON file (the settings page\'s "Download my record")' },
  { method: 'GET', path: '/settings/erase', function: 'pages', auth: 'none', operationId: 'eraseDataPage', summary: 'Erase my data: what goes, what stays, and a form that asks to type ERASE (or the word of the page\'s language)' },
  { method: 'POST', path: '/settings/erase', function: 'pages', auth: 'none', operationId: 'eraseData', summary: 'Erases the signed-in member (typed confirmation, same-origin form only) and ends the session' },
  { method: 'GET', path: '/admin', function: 'pages', auth: 'none', operationId: 'adminDashboard', summary: 'Admin dashboard: policy timeline, campaigns, eligibility by jurisdiction at a chosen time, member lookup' },
  { method: 'GET', path: '/admin/notices/{policyId}', function: 'pages', auth: 'none', operationId: 'campaignPage', summary: 'Admin: a notice campaign\'s live progress, reloading itself while it runs' },
];

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The public address of the member's settings page, where any choice can be changed or withdrawn. */
export function settingsPageUrl(publicBaseUrl: string): string {
  const settings = ROUTES.find((route) => route.operationId === 'settingsPage')!;
  return `${publicBaseUrl.replace(/\/+$/, '')}${settings.path}`;
}
