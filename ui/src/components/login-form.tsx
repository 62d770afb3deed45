import * as React from 'react';
import { ArrowLeft } from 'lucide-react';
import { api, ApiError } from '@/lib/api';
import { clearReturnCookie, go, homeFor } from '@/lib/navigation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

function messageOf(e: unknown, fallback: string): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return e.message && !/^The server answered/.test(e.message) ? e.message : 'Wrong email or password.';
    return e.message;
  }
  return fallback;
}

/** Keeps the deep link through the SSO round trip when the provider start URL is ours. */
export function withRedirect(url: string, redirectTo?: string): string {
  if (!redirectTo || !url.startsWith('/') || /[?&]redirect_to=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}redirect_to=${encodeURIComponent(redirectTo)}`;
}

/**
 * Email first: the backend says whether this person signs in with their company's SSO (we go
 * there) or with a password (we ask for it). The platform administrator's username may not
 * be an email, so the field takes any text.
 */
export function LoginForm({ redirectTo }: { redirectTo?: string }) {
  const [step, setStep] = React.useState<'email' | 'password'>('email');
  const [email, setEmail] = React.useState('');
  const [password, setPassword] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const passwordRef = React.useRef<HTMLInputElement>(null);

  React.useEffect(() => {
    if (step === 'password') passwordRef.current?.focus();
  }, [step]);

  async function submitEmail(e: React.FormEvent) {
    e.preventDefault();
    const value = email.trim();
    if (!value) {
      setError('Enter your email address.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api.resolveLogin(value);
      if (answer.method === 'sso') {
        clearReturnCookie();
        go(withRedirect(answer.redirect_url, redirectTo));
        return;
      }
      setStep('password');
    } catch (err) {
      setError(messageOf(err, 'Something went wrong. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  async function submitPassword(e: React.FormEvent) {
    e.preventDefault();
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api.login(email.trim(), password, redirectTo);
      clearReturnCookie();
      go(answer.redirect_url || homeFor(answer.role));
    } catch (err) {
      setError(messageOf(err, 'Sign-in failed. Try again.'));
      setBusy(false);
    }
  }

  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>
          {step === 'email' ? 'Enter your work email to continue.' : `Signing in as ${email.trim()}`}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {step === 'email' ? (
          <form onSubmit={submitEmail} className="grid gap-4" noValidate>
            <div className="grid gap-2">
              <Label htmlFor="email">Email</Label>
              <Input id="email" name="email" type="text" inputMode="email" autoComplete="username" autoFocus
                value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!error} placeholder="you@company.com" />
            </div>
            {error && <Alert>{error}</Alert>}
            <Button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Continue'}</Button>
          </form>
        ) : (
          <form onSubmit={submitPassword} className="grid gap-4" noValidate>
            <input type="hidden" name="username" autoComplete="username" value={email.trim()} readOnly />
            <div className="grid gap-2">
              <Label htmlFor="password">Password</Label>
              <Input id="password" name="password" type="password" autoComplete="current-password" ref={passwordRef}
                value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!error} />
            </div>
            {error && <Alert>{error}</Alert>}
            <Button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</Button>
            <Button type="button" variant="ghost" size="sm" onClick={() => { setStep('email'); setPassword(''); setError(null); }}>
              <ArrowLeft aria-hidden="true" /> Use a different email
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
