import type { ReactNode } from 'react';
import { cx } from '@/lib/cx';

export type BadgeTone = 'green' | 'amber' | 'red' | 'slate' | 'blue';

const tones: Record<BadgeTone, string> = {
  green: 'bg-green-100 text-green-900 ring-green-700/40',
  amber: 'bg-amber-100 text-amber-900 ring-amber-700/40',
  red: 'bg-red-100 text-red-900 ring-red-700/40',
  slate: 'bg-slate-100 text-slate-800 ring-slate-600/40',
  blue: 'bg-blue-100 text-blue-900 ring-blue-700/40',
};

export function Badge({ tone = 'slate', children, className }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
