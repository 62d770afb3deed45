// The one API client of our pages: same origin, the session travels in the `token` cookie.
// Every call returns validated data or throws an ApiError carrying the status and a message
// a person can read.
import type { z, ZodTypeAny } from 'zod';
import * as S from './schemas';

export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
  /** 0 = the request never got an answer (network down, server gone). */
  get isNetwork() { return this.status === 0; }
}

/** The message inside the proxy's and FastAPI's error bodies, whichever shape they use. */
export function errorMessage(status: number, body: unknown): string {
  const b = body as Record<string, unknown> | null;
  if (b && typeof b === 'object') {
    const err = b.error as Record<string, unknown> | string | undefined;
    if (typeof err === 'string' && err) return err;
    if (err && typeof err === 'object' && typeof err.message === 'string' && err.message) return err.message;
    const detail = b.detail as unknown;
    if (typeof detail === 'string' && detail) return detail;
    if (Array.isArray(detail) && detail.length) {
      return detail.map((d) => {
        const loc = Array.isArray(d?.loc) ? d.loc.filter((p: unknown) => p !== 'body').join('.') : '';
        return loc ? `${loc}: ${d?.msg ?? d}` : String(d?.msg ?? d);
      }).join('; ');
    }
    if (detail && typeof detail === 'object' && typeof (detail as { error?: unknown }).error === 'string') {
      return (detail as { error: string }).error;
    }
    if (typeof b.message === 'string' && b.message) return b.message;
  }
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  return `The server answered ${status}.`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function call<S extends ZodTypeAny>(method: Method, path: string, schema: S | null, body?: unknown): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) throw new ApiError(res.status, errorMessage(res.status, data));
  if (schema === null) return data as z.output<S>;
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(res.status, `Unexpected answer from ${path}.`);
  return parsed.data;
}

const enc = encodeURIComponent;
export const PAGE_SIZE = 50;

export const api = {
  me: () => call('GET', '/alchemi/me', S.Me),
  logout: () => call('POST', '/alchemi/logout', S.RedirectAnswer),
  resolveLogin: (email: string) => call('POST', '/v2/login/resolve', S.ResolveAnswer, { email }),
  login: (username: string, password: string, redirect_to?: string) =>
    call('POST', '/v2/login', S.LoginAnswer, redirect_to ? { username, password, redirect_to } : { username, password }),

  listAccounts: (params: { search?: string; status?: string; page?: number; pageSize?: number } = {}) => {
    const q = new URLSearchParams({ page: String(params.page ?? 1), page_size: String(params.pageSize ?? PAGE_SIZE) });
    if (params.search) q.set('search', params.search);
    if (params.status) q.set('status', params.status);
    return call('GET', `/account/list?${q}`, S.AccountList);
  },
  overview: () => call('GET', '/account/overview', S.Overview),
  getAccount: (id: string) => call('GET', `/account/${enc(id)}`, S.Account),
  createAccount: (body: { account_name: string; domains: string[]; zitadel_org_id?: string | null }) =>
    call('POST', '/account/new', S.Account, body),
  updateAccount: (id: string, body: { account_name?: string; domains?: string[]; zitadel_org_id?: string | null; status?: 'active' | 'suspended' }) =>
    call('PUT', `/account/${enc(id)}`, S.Account, body),
  suspendAccount: (id: string) => call('DELETE', `/account/${enc(id)}`, S.Account),
  reactivateAccount: (id: string) => call('PUT', `/account/${enc(id)}`, S.Account, { status: 'active' }),
  addAdmin: (id: string, email: string) => call('POST', `/account/${enc(id)}/admin`, S.Invitation, { email }),
  removeAdmin: (id: string, email: string) => call('DELETE', `/account/${enc(id)}/admin/${enc(email)}`, null),

  getSso: (id: string) => call('GET', `/account/${enc(id)}/sso`, S.SsoConfig),
  putSso: (id: string, body: S.SsoConfigInput) => call('PUT', `/account/${enc(id)}/sso`, S.SsoConfig, body),
  deleteSso: (id: string) => call('DELETE', `/account/${enc(id)}/sso`, null),
  testSso: (id: string, body?: S.SsoConfigInput) => call('POST', `/account/${enc(id)}/sso/test`, S.SsoTest, body ?? {}),

  getInvitation: (token: string) => call('GET', `/v2/invitation/${enc(token)}`, S.InvitationInfo),
  acceptInvitation: (token: string, password: string) =>
    call('POST', `/v2/invitation/${enc(token)}/accept`, S.RedirectAnswer, { password }),
};
