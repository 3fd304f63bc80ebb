import type { ReactNode } from 'react';
import { cx } from '@/lib/cx';

export function Alert({
  tone = 'error',
  children,
  className,
}: {
  tone?: 'error' | 'info' | 'success' | 'warning';
  children: ReactNode;
  className?: string;
}) {
  const styles = {
    error: 'border-red-700 bg-red-50 text-red-900',
    info: 'border-blue-700 bg-blue-50 text-blue-900',
    success: 'border-green-700 bg-green-50 text-green-900',
    warning: 'border-amber-700 bg-amber-50 text-amber-900',
  }[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={cx('rounded-md border-l-4 px-4 py-3 text-sm', styles, className)}>
      {children}
    </div>
  );
}
