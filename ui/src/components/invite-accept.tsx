import * as React from 'react';
import { api, ApiError } from '@/lib/api';
import { go, paths } from '@/lib/navigation';
import type { InvitationInfo } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';

export const MIN_PASSWORD = 8;

function invitationError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 404) return 'This invitation link is not valid. Ask your administrator for a new one.';
    if (e.status === 410) return 'This invitation has expired or was already used. Ask your administrator for a new one.';
    return e.message;
  }
  return 'Something went wrong. Try again.';
}

/** Accept an admin invitation: choose a password, get signed in, land in the console. */
export function InviteAccept({ token }: { token: string | null }) {
  const [info, setInfo] = React.useState<InvitationInfo | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(token ? null : 'This invitation link is incomplete: it has no token.');
  const [password, setPassword] = React.useState('');
  const [confirm, setConfirm] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    if (!token) return;
    let live = true;
    api.getInvitation(token).then((i) => live && setInfo(i), (e) => live && setLoadError(invitationError(e)));
    return () => { live = false; };
  }, [token]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setError(`Use at least ${MIN_PASSWORD} characters.`);
    if (password !== confirm) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      const { redirect_url } = await api.acceptInvitation(token!, password);
      go(redirect_url || paths.dashboard);
    } catch (err) {
      setError(invitationError(err));
      setBusy(false);
    }
  }

  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle>Accept your invitation</CardTitle>
        {info && (
          <CardDescription>
            {info.account_name ? <>You are invited to administer <strong>{info.account_name}</strong> as </> : 'You are invited as '}
            <strong>{info.email}</strong>.
          </CardDescription>
        )}
      </CardHeader>
      <CardContent>
        {loadError ? (
          <div className="grid gap-4">
            <Alert>{loadError}</Alert>
            <Button variant="outline" asChild><a href={paths.login}>Go to sign-in</a></Button>
          </div>
        ) : !info ? (
          <Spinner label="Checking your invitation…" />
        ) : info.method === 'sso' ? (
          <div className="grid gap-4">
            <Alert variant="info">Your account signs in with your company&apos;s single sign-on. Sign in with {info.email} to finish.</Alert>
            <Button asChild><a href={paths.login}>Continue to sign-in</a></Button>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <input type="hidden" name="username" autoComplete="username" value={info.email} readOnly />
            <div className="grid gap-2">
              <Label htmlFor="new-password">Choose a password</Label>
              <Input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="confirm-password">Repeat the password</Label>
              <Input id="confirm-password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
            </div>
            {error && <Alert>{error}</Alert>}
            <Button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Set password and sign in'}</Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
