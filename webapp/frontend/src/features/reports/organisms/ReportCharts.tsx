import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/molecules/ChartFrame';

export interface StockBar {
  name: string;
  items: number;
  lowStock: number;
  outOfStock: number;
}

/** Items per category or location, split into in stock, low and out (the rows shown in the table). */
export function StockChart({ rows, caption }: { rows: StockBar[]; caption: string }) {
  const data = rows.map((r) => ({ name: r.name, ok: Math.max(0, r.items - r.lowStock - r.outOfStock), low: r.lowStock, out: r.outOfStock }));
  return (
    <ChartFrame caption={<>{caption}: {data.map((r) => `${r.name}: ${r.ok} in stock, ${r.low} low, ${r.out} out`).join('; ')}</>}>
      <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="ok" name="In stock" stackId="a" fill="#15803d" />
        <Bar dataKey="low" name="Low" stackId="a" fill="#b45309" />
        <Bar dataKey="out" name="Out of stock" stackId="a" fill="#b91c1c" />
      </BarChart>
    </ChartFrame>
  );
}

/** Units in and out per group of the movements report. */
export function MovementChart({ rows }: { rows: { label: string; unitsIn: number; unitsOut: number }[] }) {
  return (
    <ChartFrame caption={<>Units moved: {rows.map((r) => `${r.label}: ${r.unitsIn} in, ${r.unitsOut} out`).join('; ')}</>}>
      <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="unitsIn" name="Units in" fill="#1d4ed8" />
        <Bar dataKey="unitsOut" name="Units out" fill="#b91c1c" />
      </BarChart>
    </ChartFrame>
  );
}
