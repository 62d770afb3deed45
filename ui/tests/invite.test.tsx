import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InviteAccept } from '@/components/invite-accept';
import { captureNavigation, mockFetch } from './fetch-mock';

let nav: ReturnType<typeof captureNavigation>;
beforeEach(() => { nav = captureNavigation(); });
afterEach(() => nav.restore());

const info = { email: 'ada@acme.test', account_name: 'Acme', expires_at: '2030-01-01T00:00:00Z', method: 'password' };

describe('InviteAccept', () => {
  it('sets the password, signs in and goes to the console', async () => {
    const { calls } = mockFetch({ 'GET /v2/invitation/tok-1': { body: info }, 'POST /v2/invitation/tok-1/accept': { body: { redirect_url: '/ui/' } } });
    render(<InviteAccept token="tok-1" />);
    expect(await screen.findByText('Acme')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Choose a password'), 'a-long-password');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'a-long-password');
    await userEvent.click(screen.getByRole('button', { name: /Set password/ }));
    await waitFor(() => expect(nav.visited).toEqual(['/ui/']));
    expect(calls[1]).toMatchObject({ method: 'POST', body: { password: 'a-long-password' } });
  });

  it('checks the password locally first', async () => {
    const { calls } = mockFetch({ 'GET /v2/invitation/tok-1': { body: info } });
    render(<InviteAccept token="tok-1" />);
    await screen.findByText('Acme');
    await userEvent.type(screen.getByLabelText('Choose a password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: /Set password/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('at least 8');
    await userEvent.type(screen.getByLabelText('Choose a password'), '-and-longer');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'different-one');
    await userEvent.click(screen.getByRole('button', { name: /Set password/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('differ');
    expect(calls).toHaveLength(1);
  });

  it('explains an expired or used invitation', async () => {
    mockFetch({ 'GET /v2/invitation/old': { status: 410, body: { detail: 'gone' } } });
    render(<InviteAccept token="old" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('expired or was already used');
  });

  it('explains an unknown invitation', async () => {
    mockFetch({});
    render(<InviteAccept token="nope" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('not valid');
  });

  it('explains a link without a token', () => {
    render(<InviteAccept token={null} />);
    expect(screen.getByRole('alert')).toHaveTextContent('no token');
  });

  it('sends SSO invitees to sign in with their provider', async () => {
    mockFetch({ 'GET /v2/invitation/tok-2': { body: { ...info, method: 'sso' } } });
    render(<InviteAccept token="tok-2" />);
    expect(await screen.findByRole('link', { name: /Continue to sign-in/ })).toHaveAttribute('href', '/ui/login/');
  });
});
