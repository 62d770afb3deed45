import * as React from 'react';
import { PlugZap } from 'lucide-react';
import { api, ApiError } from '@/lib/api';
import { providers, type SsoConfig, type SsoConfigInput, type SsoTest } from '@/lib/schemas';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Spinner } from '@/components/ui/spinner';
import { DASH, parseDomains } from './format';

const providerLabels: Record<string, string> = { zitadel: 'Zitadel', okta: 'Okta', entra: 'Microsoft Entra ID', google: 'Google Workspace', oidc: 'Other OpenID Connect' };
// The proxy roles a user created by SSO may start with (alchemi/identity/sso_config.py DefaultRole).
const roles = ['internal_user', 'internal_user_viewer', 'proxy_admin_viewer', 'proxy_admin'];
const roleLabels: Record<string, string> = {
  internal_user: 'Member (internal_user)', internal_user_viewer: 'Viewer (internal_user_viewer)',
  proxy_admin_viewer: 'Admin viewer (proxy_admin_viewer)', proxy_admin: 'Account admin (proxy_admin)',
};

type Form = { enabled: boolean; provider: string; issuer: string; client_id: string; client_secret: string; scopes: string; zitadel_org_id: string; default_role: string; allowed_domains: string };

function toForm(stored: SsoConfig | null, accountDomains: string[]): Form {
  const c = stored?.configured ? stored : null; // not configured yet: start from defaults
  return {
    enabled: c ? c.enabled : true,
    provider: c?.provider || 'oidc',
    issuer: c?.issuer ?? '',
    client_id: c?.client_id ?? '',
    client_secret: '',
    scopes: (c?.scopes?.length ? c.scopes : ['openid', 'email', 'profile']).join(' '),
    zitadel_org_id: c?.zitadel_org_id ?? '',
    default_role: c?.default_role || 'internal_user',
    allowed_domains: (c?.allowed_domains?.length ? c.allowed_domains : accountDomains).join(', '),
  };
}

function toInput(f: Form): SsoConfigInput {
  const body: SsoConfigInput = {
    enabled: f.enabled, provider: f.provider, issuer: f.issuer.trim(), client_id: f.client_id.trim(),
    scopes: f.scopes.split(/[\s,]+/).filter(Boolean), zitadel_org_id: f.zitadel_org_id.trim() || null,
    default_role: f.default_role, allowed_domains: parseDomains(f.allowed_domains),
  };
  if (f.client_secret) body.client_secret = f.client_secret; // write-only: blank keeps the stored one
  return body;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="col-span-2 break-all">{children}</dd>
    </div>
  );
}

function TestResult({ result }: { result: SsoTest }) {
  return result.ok ? (
    <Alert variant="success" data-testid="sso-test-result">
      Connection works: {result.issuer} answers, sign-in goes to {result.authorization_endpoint}.
    </Alert>
  ) : (
    <Alert data-testid="sso-test-result">Connection failed: {result.error || 'no reason given'}.</Alert>
  );
}

/** The account's single sign-on: view, edit (secret write-only), test the connection, remove. */
export function SsoPanel({ accountId, accountDomains }: { accountId: string; accountDomains: string[] }) {
  const [config, setConfig] = React.useState<SsoConfig | null>(null);
  const [state, setState] = React.useState<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [editing, setEditing] = React.useState(false);
  const [form, setForm] = React.useState<Form>(toForm(null, accountDomains));
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [test, setTest] = React.useState<SsoTest | null>(null);
  const [reload, setReload] = React.useState(0);

  React.useEffect(() => {
    let live = true;
    setState('loading');
    api.getSso(accountId).then(
      (c) => { if (live) { setConfig(c); setState('ready'); } },
      (e) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 404) { setConfig(null); setState('missing'); return; }
        setLoadError(e instanceof ApiError ? e.message : 'Could not load the SSO configuration.');
        setState('error');
      },
    );
    return () => { live = false; };
  }, [accountId, reload]);

  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.type === 'checkbox' ? (e.target as HTMLInputElement).checked : e.target.value }));

  function startEditing() {
    setForm(toForm(config, accountDomains));
    setError(null);
    setTest(null);
    setEditing(true);
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!form.issuer.trim() || !form.client_id.trim()) return setError('The issuer URL and the client id are required.');
    if (!(config?.configured && config.has_client_secret) && !form.client_secret) return setError('Enter the client secret.');
    setBusy(true);
    setError(null);
    try {
      setConfig(await api.putSso(accountId, toInput(form)));
      setState('ready');
      setEditing(false);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving failed.');
    } finally {
      setBusy(false);
    }
  }

  async function runTest() {
    setBusy(true);
    setTest(null);
    setError(null);
    try {
      setTest(await api.testSso(accountId, editing ? toInput(form) : undefined));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The test could not run.');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!window.confirm('Remove this account’s SSO configuration? Its users will sign in with passwords.')) return;
    setBusy(true);
    try {
      await api.deleteSso(accountId);
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Removing failed.');
    } finally {
      setBusy(false);
    }
  }

  const configured = state === 'ready' && config?.configured;

  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4 space-y-0">
        <div>
          <CardTitle>Single sign-on</CardTitle>
          <CardDescription>Users whose email domain belongs to this account sign in through this provider.</CardDescription>
        </div>
        {configured && <Badge variant={config!.enabled ? 'success' : 'muted'}>{config!.enabled ? 'enabled' : 'disabled'}</Badge>}
      </CardHeader>
      <CardContent className="grid gap-4">
        {state === 'loading' ? (
          <Spinner label="Loading SSO configuration…" />
        ) : state === 'error' ? (
          <Alert>{loadError} <button className="underline" onClick={() => setReload((n) => n + 1)}>Try again</button></Alert>
        ) : editing ? (
          <form onSubmit={save} className="grid gap-3" noValidate aria-label="SSO configuration">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={form.enabled} onChange={set('enabled')} /> Enabled
            </label>
            <div className="grid gap-2">
              <Label htmlFor="sso-provider">Provider</Label>
              <select id="sso-provider" value={form.provider} onChange={set('provider')} className="h-9 rounded-md border border-input bg-background px-3 text-sm shadow-sm">
                {providers.map((p) => <option key={p} value={p}>{providerLabels[p]}</option>)}
              </select>
            </div>
            <div className="grid gap-2"><Label htmlFor="sso-issuer">Issuer URL</Label><Input id="sso-issuer" value={form.issuer} onChange={set('issuer')} placeholder="https://login.company.com" /></div>
            <div className="grid gap-2"><Label htmlFor="sso-client-id">Client id</Label><Input id="sso-client-id" value={form.client_id} onChange={set('client_id')} /></div>
            <div className="grid gap-2">
              <Label htmlFor="sso-secret">Client secret</Label>
              <Input id="sso-secret" type="password" autoComplete="off" value={form.client_secret} onChange={set('client_secret')}
                placeholder={config?.configured && config.has_client_secret ? 'Stored — leave blank to keep it' : ''} />
            </div>
            <div className="grid gap-2"><Label htmlFor="sso-scopes">Scopes</Label><Input id="sso-scopes" value={form.scopes} onChange={set('scopes')} /></div>
            {form.provider === 'zitadel' && (
              <div className="grid gap-2"><Label htmlFor="sso-org">Zitadel organization id</Label><Input id="sso-org" value={form.zitadel_org_id} onChange={set('zitadel_org_id')} /></div>
            )}
            <div className="grid gap-2">
              <Label htmlFor="sso-role">Role of new users</Label>
              <select id="sso-role" value={form.default_role} onChange={set('default_role')} className="h-9 rounded-md border border-input bg-background px-3 text-sm shadow-sm">
                {[...new Set([form.default_role, ...roles])].map((r) => <option key={r} value={r}>{roleLabels[r] ?? r}</option>)}
              </select>
            </div>
            <div className="grid gap-2"><Label htmlFor="sso-domains">Allowed email domains</Label><Input id="sso-domains" value={form.allowed_domains} onChange={set('allowed_domains')} /></div>
            {error && <Alert>{error}</Alert>}
            {test && <TestResult result={test} />}
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={busy}>{busy ? 'Working…' : 'Save'}</Button>
              <Button type="button" variant="outline" onClick={runTest} disabled={busy}><PlugZap aria-hidden="true" /> Test connection</Button>
              <Button type="button" variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>
            </div>
          </form>
        ) : !configured ? (
          <div className="grid gap-3">
            <p className="text-sm text-muted-foreground" data-testid="sso-empty">Not configured: this account’s users sign in with a password.</p>
            <div><Button variant="outline" onClick={startEditing}>Configure SSO</Button></div>
          </div>
        ) : (
          <div className="grid gap-3">
            <dl className="divide-y">
              <Row label="Provider">{providerLabels[config!.provider] ?? config!.provider}</Row>
              <Row label="Issuer">{config!.issuer || DASH}</Row>
              <Row label="Client id">{config!.client_id || DASH}</Row>
              <Row label="Client secret">{config!.has_client_secret ? 'stored' : 'missing'}</Row>
              <Row label="Scopes">{config!.scopes.join(' ') || DASH}</Row>
              {config!.provider === 'zitadel' && <Row label="Zitadel organization">{config!.zitadel_org_id || DASH}</Row>}
              <Row label="Role of new users">{(config!.default_role && roleLabels[config!.default_role]) || config!.default_role || DASH}</Row>
              <Row label="Allowed domains">{config!.allowed_domains.join(', ') || DASH}</Row>
            </dl>
            {error && <Alert>{error}</Alert>}
            {test && <TestResult result={test} />}
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={startEditing}>Edit SSO</Button>
              <Button variant="outline" onClick={runTest} disabled={busy}><PlugZap aria-hidden="true" /> Test connection</Button>
              <Button variant="ghost" className="text-destructive" onClick={remove} disabled={busy}>Remove</Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
