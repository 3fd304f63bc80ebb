import type { TopMover } from '@/api/types';

/** The items that moved most over the period. */
export function TopMoversList({ movers }: { movers: TopMover[] }) {
  return (
    <ol className="divide-y divide-slate-200 text-sm" data-testid="top-movers">
      {movers.map((m) => (
        <li key={m.itemId} className="flex items-baseline justify-between gap-3 py-2">
          <span className="min-w-0 truncate">
            <span className="font-medium text-slate-900">{m.name}</span> <span className="font-mono text-xs text-slate-600">{m.sku}</span>
          </span>
          <span className="shrink-0 tabular-nums text-slate-700">
            {m.movements} moves, {m.units} units
          </span>
        </li>
      ))}
    </ol>
  );
}
