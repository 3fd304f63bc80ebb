import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/molecules/chart-frame';

export interface ChartSeries<Row> {
  key: keyof Row & string;
  name: string;
  color: string;
  /** Bars of stacked series sit on one another. */
  stacked?: boolean;
}

const MARGIN = { top: 8, right: 8, left: 0, bottom: 8 };

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
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey={x as string} tick={{ fontSize: dense ? 11 : 12 }} minTickGap={dense ? 12 : undefined} />,
    <YAxis key="y" allowDecimals={false} tick={{ fontSize: 12 }} />,
    <Tooltip key="tooltip" />,
  ];
  return (
    <ChartFrame caption={caption} height={height} testId={testId}>
      {kind === 'line' ? (
        <LineChart data={rows} margin={MARGIN} accessibilityLayer={false}>
          {axes}
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key as string}
              name={s.name}
              stroke={s.color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : (
        <BarChart data={rows} margin={MARGIN} accessibilityLayer={false}>
          {axes}
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key as string} name={s.name} stackId={s.stacked ? 'stack' : undefined} fill={s.color} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
