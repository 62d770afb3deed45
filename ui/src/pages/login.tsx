import * as React from 'react';
import { LoginForm } from '@/components/login-form';
import { PageShell } from '@/components/page-shell';
import { returnUrlFromCookie, safeRedirect } from '@/lib/navigation';

export default function LoginPage() {
  const [redirectTo, setRedirectTo] = React.useState<string | undefined>();
  const [ready, setReady] = React.useState(false);

  React.useEffect(() => { // the query string exists only in the browser (static export)
    const raw = new URLSearchParams(window.location.search).get('redirect_to') ?? returnUrlFromCookie(document.cookie);
    setRedirectTo(safeRedirect(raw, window.location.origin));
    setReady(true);
  }, []);

  return (
    <PageShell>
      <main className="flex min-h-screen flex-col items-center justify-center gap-8 px-4">
        <img src="/get_image" alt="Alchemi" className="h-10 w-auto" />
        {ready ? <LoginForm redirectTo={redirectTo} /> : <div className="h-64" />}
        <p className="text-xs text-muted-foreground">Alchemi Studio Console</p>
      </main>
    </PageShell>
  );
}
