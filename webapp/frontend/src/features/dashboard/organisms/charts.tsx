import { SeriesChart } from '@/components/molecules/series-chart';
import type { CategoryStock, DayCount, DayMovements, TransactionView } from '@/api/types';

export function StockByCategoryChart({ data }: { data: CategoryStock[] }) {
  const rows = data.map((c) => ({
    name: c.category ?? 'Uncategorised',
    ok: Math.max(0, (c.items ?? 0) - (c.lowStock ?? 0)),
    low: c.lowStock ?? 0,
  }));
  return (
    <SeriesChart
      rows={rows}
      x="name"
      height="h-72"
      caption={<>Items per category: {rows.map((r) => `${r.name}: ${r.ok} in stock, ${r.low} low or out`).join('; ')}</>}
      series={[
        { key: 'ok', name: 'In stock', color: '#15803d', stacked: true },
        { key: 'low', name: 'Low or out of stock', color: '#b45309', stacked: true },
      ]}
    />
  );
}

export function groupByDay(transactions: TransactionView[]): { day: string; added: number; deducted: number }[] {
  const map = new Map<string, { added: number; deducted: number }>();
  for (const t of transactions) {
    const when = t.effectiveAt ?? t.timestamp;
    if (!when) continue;
    const day = when.slice(0, 10);
    const e = map.get(day) ?? { added: 0, deducted: 0 };
    const q = t.quantityChange ?? 0;
    if (q >= 0) e.added += q;
    else e.deducted += -q;
    map.set(day, e);
  }
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, ...v }));
}

export function MovementsChart({ transactions }: { transactions: TransactionView[] }) {
  const rows = groupByDay(transactions);
  return (
    <SeriesChart
      rows={rows}
      x="day"
      height="h-72"
      caption={<>Units moved per day: {rows.map((r) => `${r.day}: ${r.added} added, ${r.deducted} deducted`).join('; ')}</>}
      series={[
        { key: 'added', name: 'Added', color: '#1d4ed8' },
        { key: 'deducted', name: 'Deducted', color: '#b91c1c' },
      ]}
    />
  );
}

/** "2026-12-04" → "12-04": thirty days fit on the axis. */
function shortDay(day: string | undefined): string {
  return (day ?? '').slice(5);
}

/** Units in and out per UTC day (GET /api/dashboard/trends). */
export function TrendMovementsChart({ days }: { days: DayMovements[] }) {
  const rows = days.map((d) => ({ day: shortDay(d.day), in: d.unitsIn ?? 0, out: d.unitsOut ?? 0, movements: d.movements ?? 0 }));
  return (
    <SeriesChart
      rows={rows}
      x="day"
      dense
      testId="trend-movements"
      caption={
        <>
          Units in and out per day:{' '}
          {rows
            .filter((r) => r.movements > 0)
            .map((r) => `${r.day}: ${r.in} in, ${r.out} out`)
            .join('; ') || 'no movements'}
        </>
      }
      series={[
        { key: 'in', name: 'Units in', color: '#1d4ed8' },
        { key: 'out', name: 'Units out', color: '#b91c1c' },
      ]}
    />
  );
}

/** How many items were low on stock at the end of each UTC day. */
export function LowStockTrendChart({ days }: { days: DayCount[] }) {
  const rows = days.map((d) => ({ day: shortDay(d.day), count: d.count ?? 0 }));
  return (
    <SeriesChart
      kind="line"
      rows={rows}
      x="day"
      dense
      testId="trend-low-stock"
      caption={<>Items low on stock at the end of each day: {rows.map((r) => `${r.day}: ${r.count}`).join('; ')}</>}
      series={[{ key: 'count', name: 'Low-stock items', color: '#b45309' }]}
    />
  );
}
