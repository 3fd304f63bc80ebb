import { cx } from '@/lib/cx';

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cx('animate-pulse rounded bg-slate-200', className ?? 'h-4 w-full')} />;
}

/** A block of placeholder lines with a screen-reader status. */
export function LoadingBlock({ lines = 5, label = 'Loading…' }: { lines?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3 py-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className={cx('h-5', i % 3 === 2 ? 'w-2/3' : 'w-full')} />
      ))}
    </div>
  );
}
