import * as React from 'react';
import { api, ApiError } from '@/lib/api';
import { go, paths } from '@/lib/navigation';
import type { Me } from '@/lib/schemas';
import { Header } from '@/components/header';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { AccountDetail } from './account-detail';
import { AccountsView } from './accounts-view';
import type { UsageMap } from './format';

function accountFromHash(): string | null {
  const m = window.location.hash.match(/^#account=(.+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

/**
 * The platform administrator's page (and the only one they see). Anyone else is sent away:
 * signed out → the login page, an account's session → the dashboard. The server redirects
 * the same way before this page loads; this covers a session that ends while it is open.
 */
export function TenantAdmin() {
  const [me, setMe] = React.useState<Me | null>(null);
  const [authError, setAuthError] = React.useState<string | null>(null);
  const [usage, setUsage] = React.useState<UsageMap>(null);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [usageReload, setUsageReload] = React.useState(0);

  React.useEffect(() => {
    api.me().then(
      (m) => (m.role === 'super_admin' ? setMe(m) : go(paths.dashboard)),
      (e) => {
        if (e instanceof ApiError && e.status === 401) go(`${paths.login}?redirect_to=${encodeURIComponent(paths.tenantAdmin)}`);
        else setAuthError(e instanceof ApiError ? e.message : 'Could not check your session.');
      },
    );
    setSelected(accountFromHash());
    const onHash = () => setSelected(accountFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  React.useEffect(() => {
    if (!me) return;
    let live = true;
    // Counts show "—" until the overview answers 200 (it may not exist on older servers).
    api.overview().then((o) => live && setUsage(new Map(o.accounts.map((a) => [a.account_id, a]))), () => live && setUsage(null));
    return () => { live = false; };
  }, [me, usageReload]);

  function open(id: string | null) {
    setSelected(id);
    const url = id ? `#account=${encodeURIComponent(id)}` : window.location.pathname + window.location.search;
    window.history.pushState(null, '', url);
    setUsageReload((n) => n + 1); // an account just created has no counts yet
  }

  return (
    <>
      <Header me={me} section="Tenant Admin" />
      <main className="mx-auto max-w-7xl px-6 py-8">
        {authError ? (
          <Alert>{authError}</Alert>
        ) : !me ? (
          <Spinner label="Checking your session…" />
        ) : selected ? (
          <AccountDetail accountId={selected} usage={usage} onBack={() => open(null)} />
        ) : (
          <>
            <h1 className="mb-6 text-2xl font-semibold">Tenant Admin</h1>
            <AccountsView usage={usage} onOpen={(a) => open(a.account_id)} onCreated={(a) => open(a.account_id)} />
          </>
        )}
      </main>
    </>
  );
}
