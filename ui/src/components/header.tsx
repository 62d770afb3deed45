import * as React from 'react';
import { LogOut } from 'lucide-react';
import { api, ApiError } from '@/lib/api';
import { go, paths } from '@/lib/navigation';
import type { Me } from '@/lib/schemas';
import { Button } from '@/components/ui/button';

const roleLabels: Record<string, string> = {
  super_admin: 'Platform administrator',
  account_admin: 'Account admin',
  org_admin: 'Organization admin',
  team_admin: 'Team admin',
  member: 'Member',
  service_client: 'Service client',
};

/** The one header of our pages: the logo, who is signed in, and sign-out. */
export function Header({ me, section }: { me?: Me | null; section?: string }) {
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  async function signOut() {
    setBusy(true);
    setError(null);
    try {
      const { redirect_url } = await api.logout();
      go(redirect_url || paths.login);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Sign-out failed.');
      setBusy(false);
    }
  }

  return (
    <header className="sticky top-0 z-40 border-b bg-background">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-6">
        <a href={me?.role === 'super_admin' ? paths.tenantAdmin : paths.dashboard} className="flex items-center gap-3" aria-label="Alchemi Studio Console home">
          {/* /get_image serves the Alchemi logo, or the account's own once it has one */}
          <img src="/get_image" alt="Alchemi" className="h-7 w-auto" />
        </a>
        {section && <span className="border-l pl-4 text-sm font-medium text-muted-foreground">{section}</span>}
        <div className="ml-auto flex items-center gap-3">
          {error && <span role="alert" className="text-sm text-destructive">{error}</span>}
          {me && (
            <div className="text-right leading-tight" data-testid="signed-in-as">
              <div className="text-sm font-medium">{me.email || me.user_id || roleLabels[me.role] || me.role}</div>
              {(me.email || me.user_id || me.account_name) && (
                <div className="text-xs text-muted-foreground">
                  {roleLabels[me.role] ?? me.role}
                  {me.account_name ? ` · ${me.account_name}` : ''}
                </div>
              )}
            </div>
          )}
          {me && (
            <Button variant="outline" size="sm" onClick={signOut} disabled={busy}>
              <LogOut aria-hidden="true" /> Sign out
            </Button>
          )}
        </div>
      </div>
    </header>
  );
}
