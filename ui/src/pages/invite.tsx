import * as React from 'react';
import { InviteAccept } from '@/components/invite-accept';
import { PageShell } from '@/components/page-shell';

export default function InvitePage() {
  const [token, setToken] = React.useState<string | null | undefined>(undefined);

  React.useEffect(() => {
    setToken(new URLSearchParams(window.location.search).get('token'));
  }, []);

  return (
    <PageShell>
      <main className="flex min-h-screen flex-col items-center justify-center gap-8 px-4">
        <img src="/get_image" alt="Alchemi" className="h-10 w-auto" />
        {token !== undefined && <InviteAccept token={token} />}
      </main>
    </PageShell>
  );
}
