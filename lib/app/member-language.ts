// The language a signed-in member is spoken to in on a page that reads nothing else of theirs (the
// steps of signing in and out): their profile's locale, then the browser's Accept-Language. A
// member without a profile, or erased (the locale is gone), by the browser's alone.
import { memberLanguage, type Locale } from '../email/messages.ts';
import type { Deps } from './deps.ts';

export async function languageOfMember(deps: Pick<Deps, 'store'>, memberId: string, acceptLanguage: string | undefined): Promise<Locale> {
  // Not consistent: a locale changed a moment ago may show on the next page instead.
  const member = await deps.store.getMember(memberId, { consistent: false });
  return memberLanguage(member?.locale, acceptLanguage).language;
}
