// A fetch stand-in for component tests only: routes "METHOD /path" to canned answers and
// records every call. The end-to-end tests (tests/console/ in the repository) use the real server.
import { vi } from 'vitest';

export type Answer = { status?: number; body?: unknown } | ((body: unknown, url: string) => { status?: number; body?: unknown });
export type Routes = Record<string, Answer | Answer[] | 'network-error'>;

export function mockFetch(routes: Routes) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const queues = new Map<string, Answer[]>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const path = url.split('?')[0];
    const key = [`${method} ${url}`, `${method} ${path}`].find((k) => k in routes);
    if (!key) return new Response(JSON.stringify({ detail: 'Not Found' }), { status: 404 });
    const route = routes[key];
    if (route === 'network-error') throw new TypeError('Failed to fetch');
    let answer: Answer;
    if (Array.isArray(route)) {
      if (!queues.has(key)) queues.set(key, [...route]);
      const q = queues.get(key)!;
      answer = q.length > 1 ? q.shift()! : q[0];
    } else answer = route;
    const { status = 200, body: out } = typeof answer === 'function' ? answer(body, url) : answer;
    return new Response(out === undefined ? '' : JSON.stringify(out), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

/** Stops window.location.assign from navigating jsdom and records where the page went. */
export function captureNavigation() {
  const visited: string[] = [];
  const original = window.location;
  Object.defineProperty(window, 'location', {
    configurable: true,
    value: { ...original, origin: original.origin, href: original.href, search: original.search, hash: original.hash,
      pathname: original.pathname, assign: (url: string) => visited.push(url), replace: (url: string) => visited.push(url) },
  });
  return { visited, restore: () => Object.defineProperty(window, 'location', { configurable: true, value: original }) };
}
