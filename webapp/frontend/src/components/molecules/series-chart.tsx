import { useState, type ReactNode } from 'react';
import { AxisLabel, ChartFrame, ChartTooltip, ValueGrid, type ChartSize } from '@/components/molecules/chart-frame';
import { axisWidth, integerTicks, labelStride, linear } from '@/components/molecules/chart-scale';

export interface ChartSeries<Row> {
  key: keyof Row & string;
  name: string;
  color: string;
  /** Bars of stacked series sit on one another. */
  stacked?: boolean;
}

/**
 * The dashboard's and the reports' charts: one category axis, whole-number values, a series per
 * measure, inside the captioned frame (the caption carries the numbers; the drawing is hidden from
 * screen readers). `dense` is for thirty days on one axis.
 */
export function SeriesChart<Row extends object>({
  kind = 'bar',
  rows,
  x,
  series,
  caption,
  height,
  testId,
  dense = false,
}: {
  kind?: 'bar' | 'line';
  rows: Row[];
  x: keyof Row & string;
  series: ChartSeries<Row>[];
  caption: ReactNode;
  height?: 'h-64' | 'h-72';
  testId?: string;
  dense?: boolean;
}) {
  return (
    <ChartFrame caption={caption} height={height} testId={testId} legend={kind === 'bar' ? series : undefined}>
      {(size) => <CategoryPlot kind={kind} rows={rows} x={x} series={series} size={size} fontSize={dense ? 11 : 12} />}
    </ChartFrame>
  );
}

const MAX_BAR = 56;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A bar's top and bottom: stacked series pile up from zero (downwards for negative values), the others stand alone. */
export function barExtents<Row extends object>(row: Row, series: ChartSeries<Row>[]): { key: string; from: number; to: number }[] {
  let up = 0;
  let down = 0;
  return series.map((s) => {
    const v = num(row[s.key]);
    if (!s.stacked) return { key: s.key, from: 0, to: v };
    const from = v >= 0 ? up : down;
    if (v >= 0) up += v;
    else down += v;
    return { key: s.key, from, to: from + v };
  });
}

function CategoryPlot<Row extends object>({
  kind,
  rows,
  x,
  series,
  size,
  fontSize,
}: {
  kind: 'bar' | 'line';
  rows: Row[];
  x: keyof Row & string;
  series: ChartSeries<Row>[];
  size: ChartSize;
  fontSize: number;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const extents = rows.map((r) =>
    kind === 'bar' ? barExtents(r, series) : series.map((s) => ({ key: s.key, from: 0, to: num(r[s.key]) })),
  );
  const values = extents.flat().flatMap((e) => [e.from, e.to]);
  const ticks = integerTicks(Math.min(0, ...values), Math.max(0, ...values));
  const area = { left: axisWidth(ticks, fontSize), right: 8, top: 8, bottom: fontSize + 12 };
  const y = linear(ticks[0], ticks[ticks.length - 1], size.height - area.bottom, area.top);
  const band = Math.max(0, size.width - area.left - area.right) / Math.max(1, rows.length);
  const centre = (i: number) => area.left + band * (i + 0.5);
  const labels = rows.map((r) => String(r[x] ?? ''));
  const stride = labelStride(labels, band, fontSize);

  // Bars of one category: one column for the stacked series together, one for each other series.
  const columns: string[][] = [];
  const stack = series.filter((s) => s.stacked).map((s) => s.key);
  if (stack.length) columns.push(stack);
  for (const s of series) if (!s.stacked) columns.push([s.key]);
  // A few categories on a wide chart keep slim bars, centred in their slot.
  const barWidth = Math.min(MAX_BAR, Math.max(1, (band * 0.8 - (columns.length - 1) * 2) / Math.max(1, columns.length)));
  const group = columns.length * barWidth + (columns.length - 1) * 2;
  const columnOf = (key: string) => columns.findIndex((c) => c.includes(key));

  const pick = (clientX: number, svg: SVGSVGElement) => {
    const i = Math.floor((clientX - svg.getBoundingClientRect().left - area.left) / (band || 1));
    setHover(rows.length && i >= 0 && i < rows.length ? i : null);
  };

  return (
    <>
      <svg
        width={size.width}
        height={size.height}
        className="block touch-pan-y"
        onPointerMove={(e) => pick(e.clientX, e.currentTarget)}
        onPointerDown={(e) => pick(e.clientX, e.currentTarget)}
        onPointerLeave={() => setHover(null)}
      >
        {hover !== null && <rect x={area.left + band * hover} y={area.top} width={band} height={y(ticks[0]) - area.top} fill="#f1f5f9" />}
        <ValueGrid ticks={ticks} y={y} area={area} width={size.width} fontSize={fontSize} />
        <line x1={area.left} x2={size.width - area.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
        {labels.map((l, i) =>
          i % stride === 0 ? (
            <AxisLabel key={i} x={centre(i)} y={size.height - area.bottom + 4} fontSize={fontSize}>
              {l}
            </AxisLabel>
          ) : null,
        )}
        {kind === 'bar'
          ? extents.flatMap((bars, i) =>
              bars.map((b) => {
                const s = series.find((z) => z.key === b.key)!;
                if (b.to === b.from) return null;
                const left = centre(i) - group / 2 + columnOf(b.key) * (barWidth + 2);
                return (
                  <rect
                    key={`${i}-${b.key}`}
                    className="chart-bar"
                    x={left}
                    y={Math.min(y(b.from), y(b.to))}
                    width={barWidth}
                    height={Math.abs(y(b.from) - y(b.to))}
                    fill={s.color}
                  />
                );
              }),
            )
          : series.map((s) => (
              <path
                key={s.key}
                className="chart-line"
                d={rows.map((r, i) => `${i ? 'L' : 'M'}${centre(i)},${y(num(r[s.key]))}`).join('')}
                fill="none"
                stroke={s.color}
                strokeWidth={2}
                strokeLinejoin="round"
              />
            ))}
      </svg>
      {hover !== null && (
        <ChartTooltip
          x={centre(hover)}
          width={size.width}
          title={labels[hover]}
          rows={series.map((s) => ({ name: s.name, color: s.color, value: num(rows[hover][s.key]) }))}
        />
      )}
    </>
  );
}
