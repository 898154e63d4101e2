// The sign-in transaction: what the browser keeps between /sign-in and the provider's redirect
// back (state, nonce, PKCE verifier, and the page to land on), in a short-lived HttpOnly cookie
// sent to the callback only. The redirect back is a cross-site navigation (the provider's page
// sends the browser here), so the cookie is SameSite=Lax: a Strict one would not be sent with it.
// Lax still keeps it off cross-site subrequests and POSTs. Used once: the callback clears it,
// whatever the outcome. Pure.
import type { SignInChecks } from './relying-party.ts';
import { cookieValue, isLoopbackHost, safeNext } from './session.ts';

export const SIGN_IN_COOKIE = 'cl_signin';
/** Long enough to sign in at the provider, short enough that an abandoned attempt does not linger. */
const SIGN_IN_SECONDS = 600;
const CALLBACK_PATH = '/sign-in/callback';

export interface SignInTransaction extends SignInChecks {
  /** The page asked for, to land on once signed in (one of ours: safeNext). */
  next: string;
}

function cookie(value: string, maxAgeSeconds: number, host: string | undefined): string {
  const secure = isLoopbackHost(host) ? '' : '; Secure';
  return `${SIGN_IN_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${CALLBACK_PATH}; Max-Age=${maxAgeSeconds}${secure}`;
}

export function transactionCookie(transaction: SignInTransaction, host: string | undefined): string {
  const { state, nonce, codeVerifier, next } = transaction;
  return cookie(Buffer.from(JSON.stringify({ state, nonce, codeVerifier, next })).toString('base64url'), SIGN_IN_SECONDS, host);
}

export const clearedTransactionCookie = (host: string | undefined): string => cookie('', 0, host);

/** PKCE verifiers, states and nonces are base64url; anything else was not written by us. */
const RANDOM = /^[\w-]{16,128}$/;

/** The transaction this browser started, or undefined when it has none (expired, used, never started, garbled). */
export function readTransaction(cookies: readonly string[] | undefined): SignInTransaction | undefined {
  const value = cookieValue(cookies, SIGN_IN_COOKIE);
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { state, nonce, codeVerifier, next } = parsed as Record<string, unknown>;
  if (![state, nonce, codeVerifier].every((part) => typeof part === 'string' && RANDOM.test(part))) return undefined;
  return { state: state as string, nonce: nonce as string, codeVerifier: codeVerifier as string, next: safeNext(typeof next === 'string' ? next : undefined) };
}
