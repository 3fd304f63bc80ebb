import { SeriesChart } from '@/components/molecules/series-chart';

export interface StockBar {
  name: string;
  items: number;
  lowStock: number;
  outOfStock: number;
}

/** Items per category or location, split into in stock, low and out (the rows shown in the table). */
export function StockChart({ rows, caption }: { rows: StockBar[]; caption: string }) {
  const data = rows.map((r) => ({
    name: r.name,
    ok: Math.max(0, r.items - r.lowStock - r.outOfStock),
    low: r.lowStock,
    out: r.outOfStock,
  }));
  return (
    <SeriesChart
      rows={data}
      x="name"
      caption={
        <>
          {caption}: {data.map((r) => `${r.name}: ${r.ok} in stock, ${r.low} low, ${r.out} out`).join('; ')}
        </>
      }
      series={[
        { key: 'ok', name: 'In stock', color: '#15803d', stacked: true },
        { key: 'low', name: 'Low', color: '#b45309', stacked: true },
        { key: 'out', name: 'Out of stock', color: '#b91c1c', stacked: true },
      ]}
    />
  );
}

/** Units in and out per group of the movements report. */
export function MovementChart({ rows }: { rows: { label: string; unitsIn: number; unitsOut: number }[] }) {
  return (
    <SeriesChart
      rows={rows}
      x="label"
      caption={<>Units moved: {rows.map((r) => `${r.label}: ${r.unitsIn} in, ${r.unitsOut} out`).join('; ')}</>}
      series={[
        { key: 'unitsIn', name: 'Units in', color: '#1d4ed8' },
        { key: 'unitsOut', name: 'Units out', color: '#b91c1c' },
      ]}
    />
  );
}
