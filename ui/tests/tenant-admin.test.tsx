import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Header } from '@/components/header';
import { TenantAdmin } from '@/components/tenant-admin/tenant-admin';
import { captureNavigation, mockFetch, type Routes } from './fetch-mock';

let nav: ReturnType<typeof captureNavigation>;
beforeEach(() => {
  window.history.replaceState(null, '', '/ui/tenant-admin/');
  nav = captureNavigation();
  vi.spyOn(window, 'confirm').mockReturnValue(true);
});
afterEach(() => nav.restore());

const superAdmin = { role: 'super_admin', email: null, user_id: 'admin', account_id: null, account_name: null };
const acme = { account_id: 'acc-1', account_name: 'Acme', status: 'active', domains: ['acme.test'], zitadel_org_id: null, admins: [{ email: 'ada@acme.test', status: 'active' }] };
const globex = { account_id: 'acc-2', account_name: 'Globex', status: 'suspended', domains: [], zitadel_org_id: 'org-9', admins: [] };
const list = (...accounts: object[]) => ({ body: { accounts, total: accounts.length, page: 1, page_size: 100 } });
const sso = { configured: true, enabled: true, provider: 'okta', issuer: 'https://idp.acme.test', client_id: 'cid', has_client_secret: true, scopes: ['openid', 'email'], zitadel_org_id: null, default_role: 'internal_user', allowed_domains: ['acme.test'] };

function start(routes: Routes) {
  return mockFetch({ 'GET /alchemi/me': { body: superAdmin }, 'GET /account/overview': { status: 404, body: { detail: 'Not Found' } }, ...routes });
}

async function openAcme() {
  const row = (await screen.findAllByTestId('account-row'))[0];
  await userEvent.click(within(row).getByRole('button', { name: 'Manage' }));
  return screen.findByTestId('account-title');
}

describe('who may see Tenant Admin', () => {
  it('sends a browser without a session to the login page, with the way back', async () => {
    mockFetch({ 'GET /alchemi/me': { status: 401, body: { detail: 'no session' } } });
    render(<TenantAdmin />);
    await waitFor(() => expect(nav.visited).toEqual(['/ui/login/?redirect_to=%2Fui%2Ftenant-admin%2F']));
  });
  it('sends an account session to the dashboard', async () => {
    mockFetch({ 'GET /alchemi/me': { body: { ...superAdmin, role: 'account_admin' } } });
    render(<TenantAdmin />);
    await waitFor(() => expect(nav.visited).toEqual(['/ui/']));
  });
  it('shows an error it cannot resolve', async () => {
    mockFetch({ 'GET /alchemi/me': { status: 500, body: { error: { message: 'database down' } } } });
    render(<TenantAdmin />);
    expect(await screen.findByRole('alert')).toHaveTextContent('database down');
  });
});

describe('the accounts list', () => {
  it('shows accounts with status and counts, "—" until the overview answers', async () => {
    start({ 'GET /account/list': list(acme, globex) });
    render(<TenantAdmin />);
    const rows = await screen.findAllByTestId('account-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('active')).toBeInTheDocument();
    expect(within(rows[1]).getByText('suspended')).toBeInTheDocument();
    expect(within(rows[0]).getAllByText('—')).toHaveLength(3); // users, keys, spend
    expect(screen.getByTestId('stat-Users')).toHaveTextContent('—');
    expect(screen.getByTestId('signed-in-as')).toHaveTextContent('adminPlatform administrator'); // no email: its user id
  });

  it('names the platform administrator when the session has no email or user id', () => {
    render(<Header me={{ role: 'super_admin', email: null, user_id: null }} />);
    expect(screen.getByTestId('signed-in-as')).toHaveTextContent(/^Platform administrator$/);
  });

  it('shows users, keys and spend from the overview', async () => {
    start({
      'GET /account/list': list(acme),
      'GET /account/overview': { body: { accounts: [{ account_id: 'acc-1', users: 4, keys: 7, spend_this_month: 12.5 }] } },
    });
    render(<TenantAdmin />);
    const row = (await screen.findAllByTestId('account-row'))[0];
    await waitFor(() => expect(within(row).getByText('$12.50')).toBeInTheDocument());
    expect(within(row).getByText('7')).toBeInTheDocument();
    expect(screen.getByTestId('stat-Users')).toHaveTextContent('4');
  });

  it('searches and filters by status through the server', async () => {
    const { calls } = start({ 'GET /account/list': list(acme) });
    render(<TenantAdmin />);
    await screen.findAllByTestId('account-row');
    await userEvent.type(screen.getByLabelText('Search accounts'), 'acme');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'suspended');
    await waitFor(() => expect(calls.some((c) => c.url.includes('search=acme') && c.url.includes('status=suspended'))).toBe(true));
  });

  it('pages through many accounts', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...acme, account_id: `acc-${i}`, account_name: `Account ${i}` }));
    const { calls } = start({ 'GET /account/list': { body: { accounts: many, total: 120, page: 1, page_size: 50 } } });
    render(<TenantAdmin />);
    expect(await screen.findByTestId('page-info')).toHaveTextContent('Page 1 of 3');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByTestId('page-info')).toHaveTextContent('Page 2 of 3');
    expect(calls.filter((c) => c.url.startsWith('/account/list')).map((c) => new URLSearchParams(c.url.split('?')[1]).get('page'))).toEqual(['1', '2']);
  });

  it('has an empty state', async () => {
    start({ 'GET /account/list': list() });
    render(<TenantAdmin />);
    expect(await screen.findByTestId('accounts-empty')).toHaveTextContent('No accounts yet');
  });

  it('has an error state with a retry', async () => {
    start({ 'GET /account/list': [{ status: 500, body: { error: { message: 'boom' } } }, list(acme)] });
    render(<TenantAdmin />);
    expect(await screen.findByRole('alert')).toHaveTextContent('boom');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('account-row')).toHaveLength(1);
  });

  it('creates an account and opens it', async () => {
    const pushState = vi.spyOn(window.history, 'pushState');
    const { calls } = start({
      'GET /account/list': list(),
      'POST /account/new': { body: { ...acme, account_id: 'acc-new', admins: [] } },
      'GET /account/acc-new': { body: { ...acme, account_id: 'acc-new', admins: [] } },
      'GET /account/acc-new/sso': { body: { ...sso, configured: false } },
    });
    render(<TenantAdmin />);
    await userEvent.click(await screen.findByRole('button', { name: /New account/ }));
    await userEvent.type(screen.getByLabelText('Name'), 'Acme');
    await userEvent.type(screen.getByLabelText('Email domains'), 'Acme.test, acme.io acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByTestId('account-title')).toHaveTextContent('Acme');
    expect(calls.find((c) => c.url === '/account/new')?.body).toEqual({ account_name: 'Acme', domains: ['acme.test', 'acme.io'], zitadel_org_id: null });
    expect(pushState).toHaveBeenCalledWith(null, '', '#account=acc-new');
  });

  it('shows the server’s reason when creating fails', async () => {
    start({ 'GET /account/list': list(), 'POST /account/new': { status: 409, body: { detail: "an account named 'Acme' already exists" } } });
    render(<TenantAdmin />);
    await userEvent.click(await screen.findByRole('button', { name: /New account/ }));
    await userEvent.type(screen.getByLabelText('Name'), 'Acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already exists');
  });
});

describe('one account', () => {
  const detail = (extra: Routes = {}) => start({
    'GET /account/list': list(acme),
    'GET /account/acc-1': { body: acme },
    'GET /account/acc-1/sso': { body: sso },
    ...extra,
  });

  it('edits the name, domains and Zitadel organization', async () => {
    const { calls } = detail({ 'PUT /account/acc-1': (body) => ({ body: { ...acme, ...(body as object) } }) });
    render(<TenantAdmin />);
    await openAcme();
    await userEvent.click(screen.getByRole('button', { name: /Edit account/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Acme Corp');
    await userEvent.type(within(dialog).getByLabelText(/Zitadel organization/), 'org-1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('account-title')).toHaveTextContent('Acme Corp');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ account_name: 'Acme Corp', domains: ['acme.test'], zitadel_org_id: 'org-1' });
  });

  it('suspends and reactivates', async () => {
    const { calls } = detail({
      'DELETE /account/acc-1': { body: { ...acme, status: 'suspended' } },
      'PUT /account/acc-1': { body: acme },
    });
    render(<TenantAdmin />);
    await openAcme();
    await userEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Reactivate' }));
    await screen.findByRole('button', { name: 'Suspend' });
    expect(calls.filter((c) => c.url === '/account/acc-1' && c.method !== 'GET').map((c) => [c.method, c.body]))
      .toEqual([['DELETE', undefined], ['PUT', { status: 'active' }]]);
  });

  it('invites an admin and shows the invitation link', async () => {
    detail({
      'POST /account/acc-1/admin': { body: { email: 'bob@acme.test', status: 'invited', invitation_url: '/ui/invite?token=t0k', expires_at: '2030-01-01T00:00:00Z', email_sent: false } },
    });
    render(<TenantAdmin />);
    await openAcme();
    await userEvent.type(screen.getByLabelText('Invite an admin'), 'bob@acme.test');
    await userEvent.click(screen.getByRole('button', { name: /Invite$/ }));
    expect(await screen.findByTestId('invitation-url')).toHaveValue(`${window.location.origin}/ui/invite?token=t0k`);
    expect(screen.getByTestId('invitation')).toHaveTextContent('send this link yourself');
  });

  it('removes an admin', async () => {
    const { calls } = detail({ 'DELETE /account/acc-1/admin/ada%40acme.test': { body: { ...acme, admins: [] } } });
    render(<TenantAdmin />);
    await openAcme();
    await userEvent.click(screen.getByRole('button', { name: 'Remove ada@acme.test' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/account/acc-1/admin/ada%40acme.test')).toBe(true));
  });

  it('shows the SSO configuration and tests the connection', async () => {
    detail({ 'POST /account/acc-1/sso/test': { body: { ok: true, issuer: 'https://idp.acme.test', authorization_endpoint: 'https://idp.acme.test/authorize', error: null } } });
    render(<TenantAdmin />);
    await openAcme();
    expect(await screen.findByText('https://idp.acme.test')).toBeInTheDocument();
    expect(screen.getByText('stored')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Test connection/ }));
    expect(await screen.findByTestId('sso-test-result')).toHaveTextContent('Connection works');
  });

  it('configures SSO, sending the secret only when one is typed', async () => {
    const { calls } = detail({
      'GET /account/acc-1/sso': { body: { ...sso, configured: false, has_client_secret: false, issuer: '', client_id: '' } },
      'PUT /account/acc-1/sso': (body) => ({ body: { ...sso, ...(body as object), configured: true, has_client_secret: true } }),
      'POST /account/acc-1/sso/test': { body: { ok: false, issuer: null, authorization_endpoint: null, error: 'discovery answered 404' } },
    });
    render(<TenantAdmin />);
    await openAcme();
    await userEvent.click(await screen.findByRole('button', { name: 'Configure SSO' }));
    const form = screen.getByRole('form', { name: 'SSO configuration' });
    await userEvent.selectOptions(within(form).getByLabelText('Provider'), 'zitadel');
    await userEvent.type(within(form).getByLabelText('Issuer URL'), 'https://zitadel.acme.test');
    await userEvent.type(within(form).getByLabelText('Client id'), 'client-1');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('client secret');
    await userEvent.type(within(form).getByLabelText('Client secret'), 'shh');
    await userEvent.type(within(form).getByLabelText('Zitadel organization id'), 'org-42');
    await userEvent.click(within(form).getByRole('button', { name: /Test connection/ }));
    expect(await screen.findByTestId('sso-test-result')).toHaveTextContent('discovery answered 404');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: 'Edit SSO' });
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      enabled: true, provider: 'zitadel', issuer: 'https://zitadel.acme.test', client_id: 'client-1', client_secret: 'shh',
      scopes: ['openid', 'email', 'profile'], zitadel_org_id: 'org-42', default_role: 'internal_user', allowed_domains: ['acme.test'],
    });
    expect(calls.find((c) => c.url.endsWith('/sso/test'))?.body).toMatchObject({ issuer: 'https://zitadel.acme.test', client_secret: 'shh' });
  });

  it('shows an account that cannot be loaded', async () => {
    start({ 'GET /account/list': list(acme), 'GET /account/acc-1': { status: 404, body: { detail: 'account acc-1 not found' } } });
    render(<TenantAdmin />);
    const row = (await screen.findAllByTestId('account-row'))[0];
    await userEvent.click(within(row).getByRole('button', { name: 'Manage' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('account acc-1 not found');
  });
});

describe('the header', () => {
  it('shows who is signed in and signs out', async () => {
    const { calls } = mockFetch({ 'POST /alchemi/logout': { body: { redirect_url: '/ui/login' } } });
    render(<Header me={{ role: 'account_admin', email: 'ada@acme.test', account_name: 'Acme' }} />);
    expect(screen.getByTestId('signed-in-as')).toHaveTextContent('ada@acme.test');
    expect(screen.getByTestId('signed-in-as')).toHaveTextContent('Account admin · Acme');
    await userEvent.click(screen.getByRole('button', { name: /Sign out/ }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/login']));
    expect(calls[0].method).toBe('POST');
  });
  it('says when signing out fails', async () => {
    mockFetch({ 'POST /alchemi/logout': 'network-error' });
    render(<Header me={{ role: 'super_admin' }} />);
    await userEvent.click(screen.getByRole('button', { name: /Sign out/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });
});
