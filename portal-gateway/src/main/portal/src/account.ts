// The account area of the header: who is logged in (GET api/whoami), with "Log in" / "Log out" links to the
// gateway's OIDC login. The portal's own requests carry the session cookie (same origin); the gateway turns it
// into the user's bearer token for the services.
import { h } from './dom';

export interface Account {
  user: string | null;
  groups: string[];
  authenticated: boolean;
}

export const ANONYMOUS: Account = { user: null, groups: [], authenticated: false };

/** The login link that comes back to this page: /login accepts only a path of this site as its target. */
export function loginHref(page: { pathname: string; search: string }): string {
  return `login?redirect=${encodeURIComponent(page.pathname + page.search)}`;
}

/** The session's account; anonymous when the gateway cannot tell (no login configured, network error). */
export async function loadAccount(fetchFn: typeof fetch = fetch): Promise<Account> {
  try {
    const response = await fetchFn('api/whoami', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return ANONYMOUS;
    const body = await response.json() as Partial<Account>;
    return body.authenticated === true && typeof body.user === 'string'
      ? { user: body.user, groups: Array.isArray(body.groups) ? body.groups.map(String) : [], authenticated: true }
      : ANONYMOUS;
  } catch {
    return ANONYMOUS;
  }
}

/** Fills the header's account area: "Log in", or the user's name (and groups) with "Log out". */
export function renderAccount(el: HTMLElement, account: Account, page: { pathname: string; search: string }): void {
  el.dataset.user = account.user ?? '';
  if (!account.authenticated || account.user === null) {
    el.replaceChildren(h('a', { href: loginHref(page), id: 'login' }, 'Log in'));
    return;
  }
  const groups = account.groups.length > 0 ? ` (${account.groups.join(', ')})` : '';
  el.replaceChildren(
    h('span', { id: 'account-user', title: account.groups.length > 0 ? `Groups: ${account.groups.join(', ')}` : 'No groups' },
      'Logged in as ', h('strong', {}, account.user), groups),
    ' ',
    h('a', { href: 'logout', id: 'logout' }, 'Log out'));
}
