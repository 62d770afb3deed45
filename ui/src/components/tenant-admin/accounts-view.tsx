import * as React from 'react';
import { Plus, RefreshCw, Search } from 'lucide-react';
import { api, ApiError, PAGE_SIZE } from '@/lib/api';
import type { Account, AccountList } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { AccountFormDialog } from './account-form';
import { count, DASH, money, type UsageMap } from './format';

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={status === 'active' ? 'success' : status === 'suspended' ? 'destructive' : 'muted'}>{status}</Badge>;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <CardContent className="p-4">
        <div className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</div>
        <div className="mt-1 text-2xl font-semibold" data-testid={`stat-${label}`}>{value}</div>
      </CardContent>
    </Card>
  );
}

/** The overview across accounts: totals, then one row per account (search, status filter). */
export function AccountsView({ usage, onOpen, onCreated }: {
  usage: UsageMap;
  onOpen: (account: Account) => void;
  onCreated: (account: Account) => void;
}) {
  const [search, setSearch] = React.useState('');
  const [query, setQuery] = React.useState('');
  const [status, setStatus] = React.useState('');
  const [data, setData] = React.useState<AccountList | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [creating, setCreating] = React.useState(false);
  const [reload, setReload] = React.useState(0);
  const [page, setPage] = React.useState(1);

  React.useEffect(() => setPage(1), [query, status]);

  React.useEffect(() => {
    let live = true;
    setError(null);
    setData(null);
    api.listAccounts({ search: query, status, page }).then(
      (d) => live && setData(d),
      (e) => live && setError(e instanceof ApiError ? e.message : 'Could not load the accounts.'),
    );
    return () => { live = false; };
  }, [query, status, page, reload]);

  React.useEffect(() => { // search as one types, without a request per keystroke
    const t = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  const totals = React.useMemo(() => {
    if (!usage) return null;
    let users = 0, keys = 0, spend = 0;
    usage.forEach((u) => { users += u.users; keys += u.keys; spend += u.spend_this_month; });
    return { accounts: usage.size, users, keys, spend };
  }, [usage]);

  return (
    <div className="grid gap-6">
      <section aria-label="Overview" className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Accounts" value={totals ? count(totals.accounts) : data && !query && !status ? count(data.total) : DASH} />
        <Stat label="Users" value={totals ? count(totals.users) : DASH} />
        <Stat label="Keys" value={totals ? count(totals.keys) : DASH} />
        <Stat label="Spend this month" value={totals ? money(totals.spend) : DASH} />
      </section>

      <Card>
        <CardHeader className="flex-row items-center justify-between gap-4 space-y-0">
          <div>
            <CardTitle>Accounts</CardTitle>
            <CardDescription>{data ? `${data.total} account${data.total === 1 ? '' : 's'}${query || status ? ' match' : ''}` : 'Every customer on this platform.'}</CardDescription>
          </div>
          <Button onClick={() => setCreating(true)}><Plus aria-hidden="true" /> New account</Button>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex flex-wrap items-center gap-2">
            <div className="relative min-w-[16rem] flex-1">
              <Search className="absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden="true" />
              <Input aria-label="Search accounts" placeholder="Search by name or domain" className="pl-8" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
            <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}
              className="h-9 rounded-md border border-input bg-background px-3 text-sm shadow-sm">
              <option value="">All statuses</option>
              <option value="active">Active</option>
              <option value="suspended">Suspended</option>
            </select>
            <Button variant="outline" size="icon" aria-label="Reload" onClick={() => setReload((n) => n + 1)}><RefreshCw /></Button>
          </div>

          {error ? (
            <Alert>
              {error}{' '}
              <button className="underline" onClick={() => setReload((n) => n + 1)}>Try again</button>
            </Alert>
          ) : !data ? (
            <Spinner label="Loading accounts…" className="py-6" />
          ) : data.accounts.length === 0 ? (
            <div className="rounded-md border border-dashed p-8 text-center text-sm text-muted-foreground" data-testid="accounts-empty">
              {query || status ? 'No account matches this search.' : 'No accounts yet. Create the first one.'}
            </div>
          ) : (
            <Table aria-label="Accounts">
              <THead>
                <Tr><Th>Name</Th><Th>Domains</Th><Th>Status</Th><Th className="text-right">Admins</Th><Th className="text-right">Users</Th><Th className="text-right">Keys</Th><Th className="text-right">Spend this month</Th><Th /></Tr>
              </THead>
              <TBody>
                {data.accounts.map((a) => {
                  const u = usage?.get(a.account_id);
                  return (
                    <Tr key={a.account_id} data-testid="account-row">
                      <Td className="font-medium">{a.account_name}</Td>
                      <Td className="text-muted-foreground">{a.domains.join(', ') || DASH}</Td>
                      <Td><StatusBadge status={a.status} /></Td>
                      <Td className="text-right">{a.admins.length}</Td>
                      <Td className="text-right">{count(u?.users)}</Td>
                      <Td className="text-right">{count(u?.keys)}</Td>
                      <Td className="text-right">{u ? money(u.spend_this_month) : DASH}</Td>
                      <Td className="text-right"><Button size="sm" variant="outline" onClick={() => onOpen(a)}>Manage</Button></Td>
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
          )}
          {data && data.total > PAGE_SIZE && (
            <div className="flex items-center justify-end gap-2 text-sm text-muted-foreground">
              <span data-testid="page-info">Page {page} of {Math.ceil(data.total / PAGE_SIZE)}</span>
              <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>Previous</Button>
              <Button variant="outline" size="sm" disabled={page * PAGE_SIZE >= data.total} onClick={() => setPage((p) => p + 1)}>Next</Button>
            </div>
          )}
        </CardContent>
      </Card>
      <AccountFormDialog open={creating} onOpenChange={setCreating} onSaved={(a) => { setReload((n) => n + 1); onCreated(a); }} />
    </div>
  );
}
