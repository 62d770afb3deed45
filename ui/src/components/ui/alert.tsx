import * as React from 'react';
import { cn } from '@/lib/cn';

/** An inline message; errors are announced to screen readers. */
export function Alert({ className, variant = 'error', ...props }: React.HTMLAttributes<HTMLDivElement> & { variant?: 'error' | 'info' | 'success' }) {
  return (
    <div
      role={variant === 'error' ? 'alert' : 'status'}
      className={cn(
        'rounded-md border px-3 py-2 text-sm',
        variant === 'error' && 'border-destructive/40 bg-destructive/10 text-destructive',
        variant === 'info' && 'border-primary/30 bg-accent text-accent-foreground',
        variant === 'success' && 'border-success/30 bg-success/10 text-success',
        className,
      )}
      {...props}
    />
  );
}
