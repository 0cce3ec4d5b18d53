import { describe, expect, it } from 'vitest';
import { ANONYMOUS, loadAccount, loginHref, renderAccount } from '../src/account';

const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('account', () => {
  it('logs in back to the current page, path and query only', () => {
    expect(loginHref({ pathname: '/', search: '' })).toBe('login?redirect=%2F');
    expect(loginHref({ pathname: '/help.html', search: '?a=1&b=2' })).toBe('login?redirect=%2Fhelp.html%3Fa%3D1%26b%3D2');
  });

  it('reads whoami, and is anonymous when the gateway says so or cannot answer', async () => {
    await expect(loadAccount(async () => jsonResponse({ user: 'alice', groups: ['gaia'], authenticated: true })))
      .resolves.toEqual({ user: 'alice', groups: ['gaia'], authenticated: true });
    await expect(loadAccount(async () => jsonResponse({ user: null, groups: [], authenticated: false }))).resolves.toEqual(ANONYMOUS);
    await expect(loadAccount(async () => jsonResponse({}, 500))).resolves.toEqual(ANONYMOUS);
    await expect(loadAccount(async () => { throw new TypeError('offline'); })).resolves.toEqual(ANONYMOUS);
  });

  it('shows Log in for anonymous visitors and the user with Log out after login', () => {
    const el = document.createElement('div');
    renderAccount(el, ANONYMOUS, { pathname: '/', search: '' });
    expect(el.querySelector('a#login')?.getAttribute('href')).toBe('login?redirect=%2F');
    expect(el.dataset.user).toBe('');

    renderAccount(el, { user: 'alice', groups: ['gaia'], authenticated: true }, { pathname: '/', search: '' });
    expect(el.textContent).toContain('Logged in as alice (gaia)');
    expect(el.querySelector('a#logout')?.getAttribute('href')).toBe('logout');
    expect(el.querySelector('#login')).toBeNull();
    expect(el.dataset.user).toBe('alice');
  });

  it('never interprets the user name as HTML', () => {
    const el = document.createElement('div');
    renderAccount(el, { user: '<img src=x onerror=alert(1)>', groups: [], authenticated: true }, { pathname: '/', search: '' });
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
