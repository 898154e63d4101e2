// Signing in at the local identity provider (infra/local/identity-provider.ts) without a browser:
// from its authorization URL, through its sign-in page (the form a member fills), to the redirect
// back to the service, which is not followed: its address carries an unredeemed code and the state.
// The provider's cookies are kept between hops as a browser would (by name; paths ignored).

/** `name=value` of each Set-Cookie of a response. */
export const cookiesOf = (response: Response): string[] => response.headers.getSetCookie().map((set) => set.split(';')[0]!);

const PROVIDER_PAGE = /\/interaction\/[\w-]+$/;

export async function redirectBackFrom(authorizationUrl: string, serviceUrl: string, form: Record<string, string>): Promise<string> {
  const jar = new Map<string, string>();
  const hop = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: [...jar.values()].join('; ') } });
    for (const pair of cookiesOf(response)) jar.set(pair.split('=')[0]!, pair);
    return response;
  };
  let location = authorizationUrl;
  let response = await hop(location);
  for (let hops = 0; hops < 10; hops++) {
    if (response.status === 200 && PROVIDER_PAGE.test(new URL(location).pathname)) {
      location = `${location}/login`;
      response = await hop(location, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      continue;
    }
    if (response.status !== 302 && response.status !== 303) break;
    location = new URL(response.headers.get('location')!, location).href;
    if (location.startsWith(serviceUrl)) return location;
    response = await hop(location);
  }
  throw new Error(`the provider answered ${response.status} at ${location}`);
}
