import type { AccountUsage } from '@/lib/schemas';

export const DASH = '—';

export function money(value: number | undefined | null): string {
  if (value === undefined || value === null) return DASH;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function count(value: number | undefined | null): string {
  return value === undefined || value === null ? DASH : value.toLocaleString('en-US');
}

/** Per-account usage by id, or null while /account/overview has not answered 200. */
export type UsageMap = Map<string, AccountUsage> | null;

export function parseDomains(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))];
}
