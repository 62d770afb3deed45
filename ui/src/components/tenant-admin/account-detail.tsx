import * as React from 'react';
import { ArrowLeft, Pencil } from 'lucide-react';
import { api, ApiError } from '@/lib/api';
import type { Account } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { AccountFormDialog } from './account-form';
import { StatusBadge } from './accounts-view';
import { AdminsPanel } from './admins-panel';
import { count, DASH, money, type UsageMap } from './format';
import { SsoPanel } from './sso-panel';

/** One account: its details and status, admins, SSO, and usage. */
export function AccountDetail({ accountId, usage, onBack }: { accountId: string; usage: UsageMap; onBack: () => void }) {
  const [account, setAccount] = React.useState<Account | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [actionError, setActionError] = React.useState<string | null>(null);
  const [editing, setEditing] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [reload, setReload] = React.useState(0);

  React.useEffect(() => {
    let live = true;
    setError(null);
    api.getAccount(accountId).then(
      (a) => live && setAccount(a),
      (e) => live && setError(e instanceof ApiError ? e.message : 'Could not load the account.'),
    );
    return () => { live = false; };
  }, [accountId, reload]);

  async function toggleStatus() {
    if (!account) return;
    const suspending = account.status === 'active';
    if (suspending && !window.confirm(`Suspend ${account.account_name}? Its keys and sessions stop working until it is reactivated.`)) return;
    setBusy(true);
    setActionError(null);
    try {
      setAccount(suspending ? await api.suspendAccount(account.account_id) : await api.reactivateAccount(account.account_id));
    } catch (e) {
      setActionError(e instanceof ApiError ? e.message : 'The change failed.');
    } finally {
      setBusy(false);
    }
  }

  const u = usage?.get(accountId);

  return (
    <div className="grid gap-6">
      <div><Button variant="ghost" size="sm" onClick={onBack}><ArrowLeft aria-hidden="true" /> All accounts</Button></div>
      {error ? (
        <Alert>{error} <button className="underline" onClick={() => setReload((n) => n + 1)}>Try again</button></Alert>
      ) : !account ? (
        <Spinner label="Loading the account…" />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold" data-testid="account-title">{account.account_name}</h1>
            <StatusBadge status={account.status} />
            <div className="ml-auto flex gap-2">
              <Button variant="outline" onClick={() => setEditing(true)}><Pencil aria-hidden="true" /> Edit account</Button>
              <Button variant={account.status === 'active' ? 'destructive' : 'default'} onClick={toggleStatus} disabled={busy}>
                {account.status === 'active' ? 'Suspend' : 'Reactivate'}
              </Button>
            </div>
          </div>
          {actionError && <Alert>{actionError}</Alert>}
          <Card>
            <CardContent className="grid grid-cols-2 gap-4 p-6 md:grid-cols-5">
              <Fact label="Email domains" value={account.domains.join(', ') || DASH} />
              <Fact label="Zitadel organization" value={account.zitadel_org_id || DASH} />
              <Fact label="Users" value={count(u?.users)} />
              <Fact label="Keys" value={count(u?.keys)} />
              <Fact label="Spend this month" value={u ? money(u.spend_this_month) : DASH} />
            </CardContent>
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <AdminsPanel account={account} onChanged={() => setReload((n) => n + 1)} />
            <SsoPanel accountId={account.account_id} accountDomains={account.domains} />
          </div>
          <AccountFormDialog open={editing} onOpenChange={setEditing} account={account} onSaved={setAccount} />
        </>
      )}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <div className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</div>
      <div className="mt-1 text-sm font-medium">{value}</div>
    </div>
  );
}
