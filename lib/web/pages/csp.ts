import { createHash } from 'node:crypto';

// The one Content-Security-Policy of every page, built here only: the same directives in the
// page's <meta> tag (layout.ts) and in its response header (framework.ts), where the header adds
// the directives a <meta> policy cannot carry or the pages need only from the server. A page with
// an inline script is allowed that script by its SHA-256 hash, and nothing else. Pure.

/** Each directive, and whether it goes in the <meta> tag too or in the response header only. */
const DIRECTIVES: ReadonlyArray<readonly [directive: string, where: 'both' | 'header']> = [
  ["default-src 'none'", 'both'],
  ["style-src 'unsafe-inline'", 'both'],
  ["img-src 'self' data:", 'header'],
  ["form-action 'self'", 'header'],
  ["frame-ancestors 'none'", 'header'],
  ["base-uri 'none'", 'both'],
];

const policy = (where: 'meta' | 'header'): string =>
  DIRECTIVES.filter(([, only]) => where === 'header' || only === 'both')
    .map(([directive]) => directive)
    .join('; ');

/** The policy in each page's <meta http-equiv> tag. */
export const META_CSP = policy('meta');
/** The policy in each page's Content-Security-Policy header. */
export const HEADER_CSP = policy('header');

/** The CSP of a page; a script is allowed by its SHA-256 hash and may fetch from this origin only. */
export function contentSecurityPolicy(script?: string, base: string = META_CSP): string {
  if (script === undefined) return base;
  return `${base}; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'; connect-src 'self'`;
}
