import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CategoryStock, TransactionView } from '../../../api/types';

export function StockByCategoryChart({ data }: { data: CategoryStock[] }) {
  const rows = data.map((c) => ({ name: c.category ?? 'Uncategorised', ok: Math.max(0, (c.items ?? 0) - (c.lowStock ?? 0)), low: c.lowStock ?? 0 }));
  return (
    <figure>
      <figcaption className="sr-only">
        Items per category: {rows.map((r) => `${r.name}: ${r.ok} in stock, ${r.low} low or out`).join('; ')}
      </figcaption>
      <div className="h-72" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar dataKey="ok" name="In stock" stackId="a" fill="#15803d" />
            <Bar dataKey="low" name="Low or out of stock" stackId="a" fill="#b45309" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
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
    <figure>
      <figcaption className="sr-only">
        Units moved per day: {rows.map((r) => `${r.day}: ${r.added} added, ${r.deducted} deducted`).join('; ')}
      </figcaption>
      <div className="h-72" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar dataKey="added" name="Added" fill="#1d4ed8" />
            <Bar dataKey="deducted" name="Deducted" fill="#b91c1c" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
