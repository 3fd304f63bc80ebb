import { cx } from '@/lib/cx';

export interface KpiCardProps {
  title: string;
  value: number | undefined;
  testId: string;
  tone?: 'blue' | 'amber' | 'red' | 'slate';
  hint?: string;
}

const accents = { blue: 'border-blue-700', amber: 'border-amber-600', red: 'border-red-700', slate: 'border-slate-600' };

export function KpiCard({ title, value, testId, tone = 'blue', hint }: KpiCardProps) {
  return (
    <article className={cx('rounded-lg border-l-4 bg-white p-4 shadow-sm', accents[tone])} aria-label={title}>
      <h2 className="text-sm font-medium text-slate-700">{title}</h2>
      <p className="mt-1 text-3xl font-bold tabular-nums text-slate-900" data-testid={testId}>
        {value === undefined ? '—' : value}
      </p>
      {hint && <p className="mt-1 text-xs text-slate-600">{hint}</p>}
    </article>
  );
}
