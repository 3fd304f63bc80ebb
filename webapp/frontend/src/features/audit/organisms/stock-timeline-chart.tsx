import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFrame } from '@/components/molecules/chart-frame';
import type { StockPoint } from '@/features/audit/timeline';

const MARGIN = { top: 8, right: 16, left: 0, bottom: 8 };
const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const time = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const full = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The item's stock over time on both axes, a dot for every event, and a rule at the slider's time.
 * The caption says the same in words (the drawing is hidden from screen readers).
 */
export function StockTimelineChart({ recorded, effective, at }: { recorded: StockPoint[]; effective: StockPoint[]; at?: number }) {
  const all = [...recorded, ...effective];
  const lastRecorded = recorded.at(-1);
  const lastEffective = effective.at(-1);
  const ts = all.map((p) => p.t);
  // A life of hours is told in times of day, a longer one in dates.
  const tick = ts.length && Math.max(...ts) - Math.min(...ts) < 2 * DAY_MS ? time : day;
  const low = effective.length ? Math.min(...effective.map((p) => p.stock)) : 0;
  const caption =
    `Stock over time: ${recorded.length} events. As recorded, the stock ends at ${lastRecorded?.stock ?? 0}; ` +
    `on the effective axis at ${lastEffective?.stock ?? 0}, its lowest balance ${low}${low < 0 ? ' (negative)' : ''}.`;
  return (
    <ChartFrame caption={caption} height="h-72" testId="stock-timeline-chart">
      <LineChart margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={all.length ? ['dataMin', 'dataMax'] : [0, 1]}
          tickFormatter={tick}
          tick={{ fontSize: 12 }}
          allowDuplicatedCategory={false}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={(t) => full(Number(t))} />
        <Legend />
        <Line
          data={recorded}
          dataKey="stock"
          name="As recorded"
          type="stepAfter"
          stroke="#1d4ed8"
          strokeWidth={2}
          isAnimationActive={false}
          dot={{ r: 3 }}
        />
        <Line
          data={effective}
          dataKey="stock"
          name="On the effective axis"
          type="stepAfter"
          stroke="#b45309"
          strokeWidth={2}
          strokeDasharray="6 3"
          isAnimationActive={false}
          dot={{ r: 3 }}
        />
        {at !== undefined && <ReferenceLine x={at} stroke="#0f172a" strokeWidth={2} />}
      </LineChart>
    </ChartFrame>
  );
}
