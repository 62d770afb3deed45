import { PageShell } from '@/components/page-shell';
import { TenantAdmin } from '@/components/tenant-admin/tenant-admin';

export default function TenantAdminPage() {
  return (
    <PageShell>
      <TenantAdmin />
    </PageShell>
  );
}
