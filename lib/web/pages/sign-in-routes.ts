// Signing in and out through the identity provider (OpenID Connect, authorization code flow with
// PKCE, state and nonce; ./relying-party.ts). /sign-in sends the browser to the provider with a
// transaction cookie; the provider sends it back to /sign-in/callback, which redeems the code and
// keeps the access token, the one the API's JWT authorizer accepts, as the session cookie (as
// before: HttpOnly, SameSite=Strict). /sign-out clears it, and goes on to sign out at the provider
// where it offers RP-initiated logout. Every refusal names the check that failed. The pages speak
// the browser's language (Accept-Language) before sign-in, and the member's (their profile's locale
// first) once the member is known: the page going on once signed in, and the one signing out.
import type { Deps } from '../../app/deps.ts';
import { languageOfMember } from '../../app/member-language.ts';
import type { Locale } from '../../email/messages.ts';
import type { ApiRequest, ApiResult, Route } from '../api/framework.ts';
import { HttpProblem, invalidField, problems } from '../api/problem.ts';
import { browserLanguage, htmlPage, PageRefusal, seeOther } from './framework.ts';
import { SignInRefused, type RelyingParty } from './relying-party.ts';
import { safeNext } from './session.ts';
import { CONTINUE_SCRIPT, renderContinue, renderSignedOut, renderSigningOut, renderSignInFailed } from './sign-in.ts';
import { clearedTransactionCookie, readTransaction, SIGN_IN_COOKIE, transactionCookie } from './sign-in-transaction.ts';
import { page, sameOriginOnly, signedInHtml, type SignIn } from './signed-in.ts';
import type { SignInRefusal } from './words/words.ts';

/** A page that goes on by its one script (sign-in.ts): no referrer, as its own address may carry a code. */
const onward = (body: string): ApiResult => htmlPage(200, body, { referrer: 'no-referrer', script: CONTINUE_SCRIPT });

/** How each failed check is answered: the status, and the field and rule it names. */
function problemOf(refused: SignInRefused): HttpProblem {
  switch (refused.reason) {
    case 'state':
      return invalidField('query.state', 'state', refused.message);
    case 'code':
      return invalidField('query.code', 'required', refused.message);
    case 'code_refused':
      return invalidField('query.code', 'code_refused', refused.message);
    case 'response':
      return invalidField('query', 'provider_response', refused.message);
    case 'provider_error':
      return new HttpProblem(401, 'sign-in-refused', 'Not signed in', refused.message, {
        errors: [{ field: 'query.error', rule: refused.providerError ?? 'error', detail: refused.message }],
      });
    case 'unavailable':
      return problems.serviceUnavailable(`${refused.message} Try again in a moment.`, 5);
  }
}

export function signInRoutes(party: RelyingParty, { sessions }: SignIn, deps: Pick<Deps, 'store'>): Record<string, Route> {
  /**
   * A refusal of the sign-in, in the browser's language, its page offering to start again;
   * `cookies` go with it (the transaction, used up). A provider that failed (5xx) is not detailed.
   */
  function refuse(request: ApiRequest, reason: SignInRefusal, problem: HttpProblem, next: string, cookies: string[] = []): PageRefusal {
    const details = problem.status < 500 ? problem.message : undefined;
    return new PageRefusal(problem, renderSignInFailed({ language: browserLanguage(request), reason, details, next }), cookies);
  }

  /** The signed-in member's language; a store that cannot say does not stop signing in or out. */
  const memberLanguage = (request: ApiRequest, memberId: string): Promise<Locale> =>
    languageOfMember(deps, memberId, request.header('accept-language')).catch(() => browserLanguage(request));

  async function startSignIn(request: ApiRequest): Promise<ApiResult> {
    const next = safeNext(request.query('next'));
    try {
      const { url, checks } = await party.startSignIn();
      return seeOther(url.href, [transactionCookie({ ...checks, next }, request.header('host'))]);
    } catch (error) {
      throw error instanceof SignInRefused ? refuse(request, error.reason, problemOf(error), next) : error;
    }
  }

  async function finishSignIn(request: ApiRequest): Promise<ApiResult> {
    // Used once, whatever happens: a failed attempt starts again from /sign-in.
    const used = clearedTransactionCookie(request.header('host'));
    const transaction = readTransaction(request.event.cookies);
    if (!transaction) {
      const detail = 'No sign-in was started in this browser, or it expired (10 minutes) or was used already. Start again.';
      throw refuse(request, 'transaction', invalidField(`cookie.${SIGN_IN_COOKIE}`, 'sign_in_transaction', detail), '/settings', [used]);
    }
    let accessToken: string;
    try {
      ({ accessToken } = await party.finishSignIn(new URLSearchParams(request.event.rawQueryString), transaction));
    } catch (error) {
      throw error instanceof SignInRefused ? refuse(request, error.reason, problemOf(error), transaction.next, [used]) : error;
    }
    // The token the API will be called with: checked as the JWT authorizer checks it.
    const caller = await sessions.verify(accessToken);
    if (!caller) {
      const detail = 'The identity provider issued an access token this service does not accept (issuer, audience or keys differ from its authorizer\'s).';
      throw refuse(request, 'token', new HttpProblem(401, 'unauthorized', 'Unauthorized', detail), transaction.next, [used]);
    }
    const language = await memberLanguage(request, caller.sub);
    return { ...onward(renderContinue(transaction.next, language)), cookies: [used, sessions.cookie(request, accessToken, caller)] };
  }

  return {
    'GET /sign-in': page(startSignIn),

    'GET /sign-in/callback': page(finishSignIn),

    'POST /sign-out': page(async (request) => {
      sameOriginOnly(request);
      const cleared = sessions.cleared(request);
      const atProvider = await party.signOutUrl();
      if (!atProvider) return seeOther('/signed-out', [cleared]);
      // Whoever is signing out, if the session still says (an expired one does not): in their language.
      const { caller } = await sessions.read(request);
      const language = caller ? await memberLanguage(request, caller.sub) : browserLanguage(request);
      return { ...onward(renderSigningOut(atProvider.href, language)), cookies: [cleared] };
    }),

    // After the provider's sign-out there is no session to go by: the browser's language.
    'GET /signed-out': page(async (request) => signedInHtml(200, renderSignedOut(browserLanguage(request)))),
  };
}
