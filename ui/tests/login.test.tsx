import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginForm, withRedirect } from '@/components/login-form';
import LoginPage from '@/pages/login';
import { captureNavigation, mockFetch } from './fetch-mock';

let nav: ReturnType<typeof captureNavigation>;
beforeEach(() => { nav = captureNavigation(); });
afterEach(() => nav.restore());

async function enterEmail(email: string) {
  await userEvent.type(screen.getByLabelText('Email'), email);
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('LoginForm', () => {
  it('asks for a password when the email signs in with one, then goes where the server says', async () => {
    const { calls } = mockFetch({
      'POST /v2/login/resolve': { body: { method: 'password' } },
      'POST /v2/login': { body: { redirect_url: '/ui/teams/', role: 'account_admin' } },
    });
    render(<LoginForm redirectTo="/ui/teams/" />);
    await enterEmail('ada@acme.test');
    const password = await screen.findByLabelText('Password');
    expect(password).toHaveFocus();
    expect(screen.getByText(/Signing in as ada@acme.test/)).toBeInTheDocument();
    await userEvent.type(password, 's3cret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/teams/']));
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/v2/login/resolve', { email: 'ada@acme.test' }],
      ['POST', '/v2/login', { username: 'ada@acme.test', password: 's3cret-pass', redirect_to: '/ui/teams/' }],
    ]);
  });

  it('sends SSO users to their provider, keeping the deep link', async () => {
    mockFetch({ 'POST /v2/login/resolve': { body: { method: 'sso', redirect_url: '/v2/sso/start?email=ada%40acme.test' } } });
    render(<LoginForm redirectTo="/ui/keys/" />);
    await enterEmail('ada@acme.test');
    await waitFor(() => expect(nav.visited).toEqual(['/v2/sso/start?email=ada%40acme.test&redirect_to=%2Fui%2Fkeys%2F']));
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('shows a wrong password inline and stays on the password step', async () => {
    mockFetch({
      'POST /v2/login/resolve': { body: { method: 'password' } },
      'POST /v2/login': { status: 401, body: { error: { message: 'Invalid username or password' } } },
    });
    render(<LoginForm />);
    await enterEmail('ada@acme.test');
    await userEvent.type(await screen.findByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
    expect(nav.visited).toEqual([]);
  });

  it('says so when signing in is rate-limited', async () => {
    mockFetch({ 'POST /v2/login/resolve': { status: 429, body: { error: { message: 'Too many sign-in attempts; try again in a minute' } } } });
    render(<LoginForm />);
    await enterEmail('ada@acme.test');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts');
  });

  it('says so when the server cannot be reached', async () => {
    mockFetch({ 'POST /v2/login/resolve': 'network-error' });
    render(<LoginForm />);
    await enterEmail('ada@acme.test');
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('refuses an empty email without calling the server', async () => {
    const { calls } = mockFetch({});
    render(<LoginForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter your email address');
    expect(calls).toEqual([]);
  });

  it('lets the person go back and use another email', async () => {
    mockFetch({ 'POST /v2/login/resolve': { body: { method: 'password' } } });
    render(<LoginForm />);
    await enterEmail('admin');
    await userEvent.click(await screen.findByRole('button', { name: /Use a different email/ }));
    expect(screen.getByLabelText('Email')).toHaveValue('admin');
  });

  it('lands the super admin on Tenant Admin when the server names no page', async () => {
    mockFetch({ 'POST /v2/login/resolve': { body: { method: 'password' } }, 'POST /v2/login': { body: { redirect_url: '', role: 'super_admin' } } });
    render(<LoginForm />);
    await enterEmail('admin');
    await userEvent.type(await screen.findByLabelText('Password'), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/tenant-admin/']));
  });
});

describe('the login page', () => {
  it('takes redirect_to from the query string and drops an off-site one', async () => {
    window.history.replaceState(null, '', '/ui/login/?redirect_to=' + encodeURIComponent('https://evil.test/x'));
    nav.restore();
    nav = captureNavigation();
    const { calls } = mockFetch({ 'POST /v2/login/resolve': { body: { method: 'password' } }, 'POST /v2/login': { body: { redirect_url: '/ui/' } } });
    render(<LoginPage />);
    await enterEmail('ada@acme.test');
    await userEvent.type(await screen.findByLabelText('Password'), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/']));
    expect(calls[1].body).toEqual({ username: 'ada@acme.test', password: 'pw' });
    expect(screen.getByAltText('Alchemi')).toHaveAttribute('src', '/get_image');
  });

  it('keeps a same-origin deep link from the dashboard', async () => {
    window.history.replaceState(null, '', '/ui/login/?redirect_to=' + encodeURIComponent(`${window.location.origin}/ui/api-keys/?team=t1`));
    nav.restore();
    nav = captureNavigation();
    const { calls } = mockFetch({ 'POST /v2/login/resolve': { body: { method: 'password' } }, 'POST /v2/login': { body: { redirect_url: '/ui/api-keys/?team=t1' } } });
    render(<LoginPage />);
    await enterEmail('ada@acme.test');
    await userEvent.type(await screen.findByLabelText('Password'), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/api-keys/?team=t1']));
    expect(calls[1].body).toMatchObject({ redirect_to: '/ui/api-keys/?team=t1' });
  });
});

describe('withRedirect', () => {
  it('adds redirect_to only to our own relative SSO start URL that lacks one', () => {
    expect(withRedirect('/v2/sso/start?email=a', '/ui/x/')).toBe('/v2/sso/start?email=a&redirect_to=%2Fui%2Fx%2F');
    expect(withRedirect('/v2/sso/start?redirect_to=/ui/', '/ui/x/')).toBe('/v2/sso/start?redirect_to=/ui/');
    expect(withRedirect('https://idp.test/authorize', '/ui/x/')).toBe('https://idp.test/authorize');
    expect(withRedirect('/v2/sso/start', undefined)).toBe('/v2/sso/start');
  });
});
