import * as React from 'react';
import { api, ApiError } from '@/lib/api';
import type { Account } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { parseDomains } from './format';

/** Create an account, or edit one's name, email domains and Zitadel organization. */
export function AccountFormDialog({ open, onOpenChange, account, onSaved }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  account?: Account;
  onSaved: (account: Account) => void;
}) {
  const [name, setName] = React.useState('');
  const [domains, setDomains] = React.useState('');
  const [org, setOrg] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    if (!open) return;
    setName(account?.account_name ?? '');
    setDomains((account?.domains ?? []).join(', '));
    setOrg(account?.zitadel_org_id ?? '');
    setError(null);
  }, [open, account]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('Give the account a name.');
    const body = { account_name: name.trim(), domains: parseDomains(domains), zitadel_org_id: org.trim() || null };
    setBusy(true);
    setError(null);
    try {
      const saved = account ? await api.updateAccount(account.account_id, body) : await api.createAccount(body);
      onSaved(saved);
      onOpenChange(false);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{account ? `Edit ${account.account_name}` : 'New account'}</DialogTitle>
          <DialogDescription>An account is one customer: its users sign in with the email domains listed here.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <div className="grid gap-2">
            <Label htmlFor="account-name">Name</Label>
            <Input id="account-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Corp" autoFocus />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="account-domains">Email domains</Label>
            <Input id="account-domains" value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="acme.com, acme.io" />
            <p className="text-xs text-muted-foreground">Separate with commas or spaces.</p>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="account-org">Zitadel organization id (optional)</Label>
            <Input id="account-org" value={org} onChange={(e) => setOrg(e.target.value)} />
          </div>
          {error && <Alert>{error}</Alert>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={busy}>{busy ? 'Saving…' : account ? 'Save' : 'Create account'}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
