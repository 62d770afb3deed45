// Where a page sends the browser, in one place: the login deep link and the landing pages.
export const paths = {
  login: '/ui/login/',
  tenantAdmin: '/ui/tenant-admin/',
  dashboard: '/ui/',
} as const;

/** The page a person lands on after signing in, by role. */
export function homeFor(role: string | undefined): string {
  return role === 'super_admin' ? paths.tenantAdmin : paths.dashboard;
}

/**
 * A `redirect_to` (from our query string, or the cookie the dashboard leaves when it sends a
 * signed-out browser to the login page) reduced to a same-origin relative path, or undefined.
 * The dashboard passes a full URL of this origin; anything off-origin or protocol-relative is
 * dropped, so a crafted link cannot send a fresh session elsewhere.
 */
export function safeRedirect(raw: string | null | undefined, origin: string): string | undefined {
  if (!raw) return undefined;
  const value = raw.trim();
  if (!value || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  let url: URL;
  try { url = new URL(value, origin); } catch { return undefined; }
  if (url.origin !== origin) return undefined;
  if (!['http:', 'https:'].includes(url.protocol)) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//')) return undefined;
  if (url.pathname.replace(/\/+$/, '') === '/ui/login') return undefined; // never back to the login page
  return path;
}

const RETURN_COOKIE = 'litellm_return_url'; // the dashboard's cookie name (returnUrlUtils)

export function returnUrlFromCookie(cookie: string): string | null {
  const m = cookie.match(new RegExp(`(?:^|;\\s*)${RETURN_COOKIE}=([^;]+)`));
  if (!m) return null;
  try { return decodeURIComponent(m[1]); } catch { return m[1]; }
}

export function clearReturnCookie() {
  document.cookie = `${RETURN_COOKIE}=; path=/; max-age=0`;
}

/** Full-page navigation: the dashboard is another app, and a fresh load picks up the cookie. */
export function go(url: string) {
  window.location.assign(url);
}
