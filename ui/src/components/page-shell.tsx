import Head from 'next/head';
import * as React from 'react';

export const TITLE = 'Alchemi Studio Console';

export function PageShell({ children }: { children: React.ReactNode }) {
  return (
    <>
      <Head>
        <title>{TITLE}</title>
      </Head>
      <div className="min-h-screen">{children}</div>
    </>
  );
}
