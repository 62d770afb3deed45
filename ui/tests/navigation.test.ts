import { describe, expect, it } from 'vitest';
import { errorMessage } from '@/lib/api';
import { homeFor, returnUrlFromCookie, safeRedirect } from '@/lib/navigation';

const origin = 'http://console.test';

describe('safeRedirect', () => {
  it('keeps relative paths and reduces same-origin URLs to their path', () => {
    expect(safeRedirect('/ui/?page=api-keys', origin)).toBe('/ui/?page=api-keys');
    expect(safeRedirect('http://console.test/ui/teams/?x=1#t', origin)).toBe('/ui/teams/?x=1#t');
  });
  it('drops other origins, protocol-relative and script URLs', () => {
    expect(safeRedirect('https://evil.test/ui/', origin)).toBeUndefined();
    expect(safeRedirect('//evil.test/ui/', origin)).toBeUndefined();
    expect(safeRedirect('/\\evil.test', origin)).toBeUndefined();
    expect(safeRedirect('javascript:alert(1)', origin)).toBeUndefined();
  });
  it('never sends a fresh session back to the login page', () => {
    expect(safeRedirect('/ui/login/', origin)).toBeUndefined();
    expect(safeRedirect('http://console.test/ui/login?redirect_to=/ui/', origin)).toBeUndefined();
  });
  it('ignores empty values', () => {
    expect(safeRedirect('', origin)).toBeUndefined();
    expect(safeRedirect(null, origin)).toBeUndefined();
  });
});

describe('the dashboard return cookie', () => {
  it('is read and decoded', () => {
    expect(returnUrlFromCookie('a=1; litellm_return_url=%2Fui%2Fteams%2F; b=2')).toBe('/ui/teams/');
    expect(returnUrlFromCookie('a=1')).toBeNull();
  });
});

describe('homeFor', () => {
  it('sends the super admin to Tenant Admin and everyone else to the dashboard', () => {
    expect(homeFor('super_admin')).toBe('/ui/tenant-admin/');
    expect(homeFor('account_admin')).toBe('/ui/');
    expect(homeFor(undefined)).toBe('/ui/');
  });
});

describe('errorMessage', () => {
  it('reads proxy, FastAPI and validation error bodies', () => {
    expect(errorMessage(401, { error: { message: 'Invalid credentials' } })).toBe('Invalid credentials');
    expect(errorMessage(409, { detail: 'name taken' })).toBe('name taken');
    expect(errorMessage(422, { detail: [{ loc: ['body', 'domains', 0], msg: 'not a domain' }] })).toBe('domains.0: not a domain');
    expect(errorMessage(400, { detail: { error: 'bad' } })).toBe('bad');
  });
  it('falls back to a sentence by status', () => {
    expect(errorMessage(429, null)).toMatch(/Too many attempts/);
    expect(errorMessage(502, 'x')).toBe('The server answered 502.');
  });
});
