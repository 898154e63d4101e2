// The member's settings, the download of their record and the erasure of their data. Each route
// parses, calls one use case and renders; state-changing POSTs are checked for CSRF when the
// session came from the cookie. Signing in and out: ./sign-in-routes.ts.
import { getConsentRecord, RECORD_DOWNLOAD_MAX } from '../../app/consent-record.ts';
import { eraseMember, prepareErasure } from '../../app/erasure.ts';
import { GoneError, NotFoundError } from '../../app/errors.ts';
import { loadSettings, saveChoice } from '../../app/settings.ts';
import type { ChoiceDeps } from '../../app/deps.ts';
import type { RunDeps } from '../../app/training-runs.ts';
import { LOCALES, type Locale } from '../../email/messages.ts';
import { json, type ApiRequest, type ApiResult, type Route } from '../api/framework.ts';
import { invalidField, problems } from '../api/problem.ts';
import { browserLanguage, PageRefusal, seeOther, type Session } from './framework.ts';
import { ERASE_LANGUAGE_FIELD, GPC_PROBE_SCRIPT, renderErased, renderErasedAccount, renderEraseConfirm, renderMessagePage, renderSettings } from './member.ts';
import { page, sameOriginOnly, signedInHtml, type SignIn } from './signed-in.ts';
import { wordsFor } from './words/words.ts';

function form(request: ApiRequest): URLSearchParams {
  if (request.contentType !== 'application/x-www-form-urlencoded') {
    throw invalidField('body', 'content_type', 'must be a form (application/x-www-form-urlencoded)');
  }
  return new URLSearchParams(request.text());
}

function formField(fields: URLSearchParams, name: string, pattern: RegExp, rule: string, detail: string): string {
  const value = fields.get(name);
  if (value === null || !pattern.test(value)) throw invalidField(`body.${name}`, rule, detail);
  return value;
}

/** `?older=<n>.<purpose>` from the page's own "Show older choices" link; anything else shows the latest. */
function olderQuery(value: string | undefined): { purpose: string; position: number } | undefined {
  const match = /^([1-9][0-9]{0,14})\.(.+)$/.exec(value ?? '');
  return match ? { position: Number(match[1]), purpose: match[2]! } : undefined;
}

/**
 * The words the erasure form takes, in any case: the one each of the pages' languages asks for
 * (ERASE, EFFACER, LÖSCHEN, BORRAR). Typing it makes the erasure deliberate and proves nothing
 * else, so a word of another language than the page's is as good, and a browser whose language
 * changed between the page and its form is not refused the word it was shown.
 */
const ERASE_CONFIRMATIONS: ReadonlySet<string> = new Set(LOCALES.map((language) => wordsFor(language).erasure.confirmWord));

export const isEraseConfirmation = (typed: string | null): boolean => ERASE_CONFIRMATIONS.has((typed ?? '').trim().toUpperCase());

/** The language the confirmation form was shown in (its own field), else the browser's. */
function eraseFormLanguage(request: ApiRequest, fields: URLSearchParams): Locale {
  const shown = fields.get(ERASE_LANGUAGE_FIELD);
  return (LOCALES as readonly string[]).includes(shown ?? '') ? (shown as Locale) : browserLanguage(request);
}

/**
 * The page for an account the member routes cannot serve: no member profile (404), or erased
 * (410), in the browser's language (neither has a profile locale to go by). Any other error goes
 * on as it was.
 */
function accountRefusal(request: ApiRequest, caller: Session, error: unknown): never {
  const language = browserLanguage(request);
  if (error instanceof NotFoundError) {
    const detail = 'We have no member profile for the account you signed in with, so there is nothing to set here.';
    const words = wordsFor(language).messages;
    throw new PageRefusal(problems.notFound(detail), renderMessagePage({ language, title: words.noProfileTitle, message: words.noProfileBody, signedInAs: caller.sub }));
  }
  if (error instanceof GoneError) throw new PageRefusal(problems.gone(error.message), renderErasedAccount({ language, signedInAs: caller.sub }));
  throw error;
}

/** `record.withdrawalMethod`: the settings page's public address, which the downloaded record names. */
export function settingsRoutes(deps: RunDeps & ChoiceDeps, { sessions, signInFirst, signedInPage }: SignIn, record: { withdrawalMethod: string }): Record<string, Route> {
  async function settingsPage(request: ApiRequest, caller: Session, extra: { saved?: 'granted' | 'denied'; stale?: boolean } = {}): Promise<ApiResult> {
    // Sec-GPC, or ?gpc=1 from the page's probe of navigator.globalPrivacyControl.
    const gpcSignal = request.header('sec-gpc') === '1' || request.query('gpc') === '1';
    const visit = { memberId: caller.sub, gpcSignal, acceptLanguage: request.header('accept-language'), requestId: request.requestId, olderThan: olderQuery(request.query('older')) };
    const view = await loadSettings(deps, visit).catch((error: unknown) => accountRefusal(request, caller, error));
    if (extra.stale) {
      const detail = 'The setting was changed elsewhere after the page was loaded (If-Match failed); nothing was saved. Reload and choose again.';
      throw new PageRefusal(problems.conflict(detail), renderSettings({ view, ...extra }));
    }
    return signedInHtml(200, renderSettings({ view, ...extra, probeGpc: !gpcSignal }), gpcSignal ? undefined : GPC_PROBE_SCRIPT);
  }

  return {
    'GET /settings': signedInPage(async (request, caller) => {
      const saved = request.query('saved');
      return settingsPage(request, caller, saved === 'granted' || saved === 'denied' ? { saved } : {});
    }),

    // "Download my record": the same record as the API's, whole up to RECORD_DOWNLOAD_MAX events, as a file.
    'GET /settings/record': signedInPage(async (request, caller) => {
      const whole = await getConsentRecord(deps, caller.sub, { withdrawalMethod: record.withdrawalMethod, limit: RECORD_DOWNLOAD_MAX }).catch((error: unknown) =>
        accountRefusal(request, caller, error),
      );
      return json(200, whole, { 'content-disposition': 'attachment; filename="consent-record.json"', 'x-content-type-options': 'nosniff' });
    }),

    'POST /settings': page(async (request) => {
      const { caller, viaCookie, hadToken } = await sessions.read(request);
      // The choice is not kept through sign-in: the member lands on the settings page to choose again.
      if (!caller) return signInFirst(request, '/settings', hadToken);
      if (viaCookie) sameOriginOnly(request);
      const fields = form(request);
      const choice = formField(fields, 'choice', /^(granted|denied)$/, 'enum', 'must be granted or denied') as 'granted' | 'denied';
      const purpose = formField(fields, 'purpose', /^[\w.:-]{1,128}$/, 'pattern', 'must name a purpose');
      const etag = formField(fields, 'etag', /^"\d+"$/, 'etag', 'must be the ETag the page was rendered with, e.g. "3"');
      const result = await saveChoice(deps, { memberId: caller.sub, purpose, choice, etag, requestId: request.requestId }).catch((error: unknown) => {
        // An unknown purpose is 404 too, but not "no profile": only an erasure has a page of its own here.
        if (error instanceof GoneError) accountRefusal(request, caller, error);
        throw error;
      });
      // Post/redirect/get: a reload of the answer does not send the form again.
      return result.saved ? seeOther(`/settings?saved=${choice}`) : settingsPage(request, caller, { stale: true });
    }),

    // The confirmation step: a page of its own, reached by GET from the settings page; it changes nothing.
    'GET /settings/erase': signedInPage(async (request, caller) => {
      const { language } = await prepareErasure(deps, caller.sub, request.header('accept-language')).catch((error: unknown) => accountRefusal(request, caller, error));
      return signedInHtml(200, renderEraseConfirm({ language, memberId: caller.sub }));
    }),

    'POST /settings/erase': page(async (request) => {
      const { caller, viaCookie, hadToken } = await sessions.read(request);
      // Nothing is erased without a session: the member signs in and lands on the confirmation again.
      if (!caller) return signInFirst(request, '/settings/erase', hadToken);
      if (viaCookie) sameOriginOnly(request);
      const fields = form(request);
      // The answer speaks the confirmation page's language: after the erasure the profile has none.
      const language = eraseFormLanguage(request, fields);
      if (!isEraseConfirmation(fields.get('confirm'))) {
        const problem = invalidField('body.confirm', 'confirmation', `must be the word the page asks for (${[...ERASE_CONFIRMATIONS].join(', ')}): nothing was erased`);
        throw new PageRefusal(problem, renderEraseConfirm({ language, memberId: caller.sub, notConfirmed: true }));
      }
      const { erasedAt } = await eraseMember(deps, caller.sub, caller.sub).catch((error: unknown) => accountRefusal(request, caller, error));
      // The session ends with the data: the answer clears the cookie (a reload finds no session).
      return { ...signedInHtml(200, renderErased({ language, erasedAt })), cookies: [sessions.cleared(request)] };
    }),
  };
}
