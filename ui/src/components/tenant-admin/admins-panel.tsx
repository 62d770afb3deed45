import * as React from 'react';
import { Copy, Trash2, UserPlus } from 'lucide-react';
import { api, ApiError } from '@/lib/api';
import type { Account, Invitation } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

function absolute(url: string): string {
  try { return new URL(url, window.location.origin).toString(); } catch { return url; }
}

/** The account's admins: invite by email (the invitation link is shown to copy), remove. */
export function AdminsPanel({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const [email, setEmail] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [invitation, setInvitation] = React.useState<Invitation | null>(null);
  const [copied, setCopied] = React.useState(false);

  async function invite(e: React.FormEvent) {
    e.preventDefault();
    if (!email.trim()) return setError('Enter the new admin’s email.');
    setBusy(true);
    setError(null);
    setInvitation(null);
    try {
      const answer = await api.addAdmin(account.account_id, email.trim());
      setInvitation(answer);
      setEmail('');
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The invitation failed.');
    } finally {
      setBusy(false);
    }
  }

  async function remove(adminEmail: string) {
    if (!window.confirm(`Remove ${adminEmail} as an admin of ${account.account_name}?`)) return;
    setError(null);
    try {
      await api.removeAdmin(account.account_id, adminEmail);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Removing the admin failed.');
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Account admins</CardTitle>
        <CardDescription>Admins manage everything inside this account. New admins get an invitation link.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {account.admins.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="admins-empty">No admins yet. Invited admins appear here.</p>
        ) : (
          <ul className="divide-y rounded-md border" aria-label="Admins">
            {account.admins.map((a) => (
              <li key={a.email} className="flex items-center gap-3 px-3 py-2 text-sm">
                <span className="font-medium">{a.email}</span>
                <Badge variant={a.status === 'active' ? 'success' : 'muted'}>{a.status}</Badge>
                <Button variant="ghost" size="icon" className="ml-auto" aria-label={`Remove ${a.email}`} onClick={() => remove(a.email)}>
                  <Trash2 />
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={invite} className="flex items-end gap-2" noValidate>
          <div className="grid flex-1 gap-2">
            <Label htmlFor="admin-email">Invite an admin</Label>
            <Input id="admin-email" type="email" placeholder="admin@company.com" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <Button type="submit" disabled={busy}><UserPlus aria-hidden="true" /> {busy ? 'Inviting…' : 'Invite'}</Button>
        </form>
        {error && <Alert>{error}</Alert>}
        {invitation && (
          <Alert variant="success" data-testid="invitation">
            <p>
              Invitation for <strong>{invitation.email}</strong>
              {invitation.email_sent ? ' sent by email.' : ' created. Email is not configured: send this link yourself.'}
              {invitation.expires_at ? ` Valid until ${new Date(invitation.expires_at).toLocaleString()}.` : ''}
            </p>
            {invitation.invitation_url ? (
              <div className="mt-2 flex items-center gap-2">
                <Input readOnly value={absolute(invitation.invitation_url)} aria-label="Invitation link" data-testid="invitation-url" className="font-mono text-xs" />
                <Button type="button" size="sm" variant="outline" onClick={() => copy(absolute(invitation.invitation_url!))}>
                  <Copy aria-hidden="true" /> {copied ? 'Copied' : 'Copy'}
                </Button>
              </div>
            ) : (
              <p className="mt-1">The server did not return an invitation link.</p>
            )}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
