import { useState } from 'react';
import { AxisLabel, ChartFrame, ChartTooltip, ValueGrid, type ChartSize } from '@/components/molecules/chart-frame';
import { axisWidth, integerTicks, linear, spread } from '@/components/molecules/chart-scale';
import type { StockPoint } from '@/features/audit/timeline';

const DAY_MS = 86_400_000;
const FONT = 12;
const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const time = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const full = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

interface Line {
  name: string;
  color: string;
  line: true;
  dashed?: boolean;
  points: StockPoint[];
}

/** The stock a line shows at `t`: that of its last event at or before `t`, none before its first. */
export function stockAt(points: StockPoint[], t: number): number | undefined {
  let found: number | undefined;
  for (const p of points) {
    if (p.t > t) break;
    found = p.stock;
  }
  return found;
}

/** A step line: the stock holds until the next event, then moves to its new value. */
export function stepPath(points: StockPoint[], x: (t: number) => number, y: (v: number) => number): string {
  return points.map((p, i) => (i ? `H${x(p.t)}V${y(p.stock)}` : `M${x(p.t)},${y(p.stock)}`)).join('');
}

/**
 * The item's stock over time on both axes, a dot for every event, and a rule at the slider's time.
 * The caption says the same in words (the drawing is hidden from screen readers).
 */
export function StockTimelineChart({ recorded, effective, at }: { recorded: StockPoint[]; effective: StockPoint[]; at?: number }) {
  const lastRecorded = recorded.at(-1);
  const lastEffective = effective.at(-1);
  const low = effective.length ? Math.min(...effective.map((p) => p.stock)) : 0;
  const caption =
    `Stock over time: ${recorded.length} events. As recorded, the stock ends at ${lastRecorded?.stock ?? 0}; ` +
    `on the effective axis at ${lastEffective?.stock ?? 0}, its lowest balance ${low}${low < 0 ? ' (negative)' : ''}.`;
  const lines: Line[] = [
    { name: 'As recorded', color: '#1d4ed8', line: true, points: recorded },
    { name: 'On the effective axis', color: '#b45309', line: true, dashed: true, points: effective },
  ];
  return (
    <ChartFrame caption={caption} height="h-72" testId="stock-timeline-chart" legend={lines}>
      {(size) => <TimePlot lines={lines} at={at} size={size} />}
    </ChartFrame>
  );
}

function TimePlot({ lines, at, size }: { lines: Line[]; at?: number; size: ChartSize }) {
  const [hover, setHover] = useState<number | null>(null);
  const all = lines.flatMap((l) => l.points);
  const ts = all.map((p) => p.t);
  const t0 = ts.length ? Math.min(...ts) : 0;
  const t1 = ts.length ? Math.max(...ts) : 1;
  // A life of hours is told in times of day, a longer one in dates.
  const tick = t1 - t0 < 2 * DAY_MS ? time : day;
  const stocks = all.map((p) => p.stock);
  const ticks = integerTicks(Math.min(0, ...stocks), Math.max(0, ...stocks));
  const area = { left: axisWidth(ticks, FONT), right: 16, top: 8, bottom: FONT + 12 };
  const x = linear(t0, t1, area.left, size.width - area.right);
  const y = linear(ticks[0], ticks[ticks.length - 1], size.height - area.bottom, area.top);
  // Ticks that would read the same (a life within one second, told in seconds) are shown once.
  const times = spread(t0, t1, size.width < 420 ? 3 : 5).filter((t, i, all) => i === 0 || tick(t) !== tick(all[i - 1]));

  // The pointer picks the nearest event of either line.
  const pick = (clientX: number, svg: SVGSVGElement) => {
    const px = clientX - svg.getBoundingClientRect().left;
    let best: number | null = null;
    for (const t of ts) if (best === null || Math.abs(x(t) - px) < Math.abs(x(best) - px)) best = t;
    setHover(best);
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
        <ValueGrid ticks={ticks} y={y} area={area} width={size.width} fontSize={FONT} />
        <line x1={area.left} x2={size.width - area.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
        {times.map((t, i) => (
          <AxisLabel
            key={t}
            x={x(t)}
            y={size.height - area.bottom + 4}
            anchor={times.length === 1 ? 'middle' : i === 0 ? 'start' : i === times.length - 1 ? 'end' : 'middle'}
            fontSize={FONT}
          >
            {tick(t)}
          </AxisLabel>
        ))}
        {hover !== null && (
          <line className="chart-hover" x1={x(hover)} x2={x(hover)} y1={area.top} y2={size.height - area.bottom} stroke="#cbd5e1" />
        )}
        {lines.map((l) => (
          <g key={l.name}>
            <path
              className="chart-line"
              d={stepPath(l.points, x, y)}
              fill="none"
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dashed ? '6 3' : undefined}
            />
            {l.points.map((p, i) => (
              <circle key={i} className="chart-dot" cx={x(p.t)} cy={y(p.stock)} r={3} fill="#fff" stroke={l.color} strokeWidth={2} />
            ))}
          </g>
        ))}
        {at !== undefined && (
          <line
            className="chart-rule"
            x1={x(at)}
            x2={x(at)}
            y1={area.top}
            y2={size.height - area.bottom}
            stroke="#0f172a"
            strokeWidth={2}
          />
        )}
      </svg>
      {hover !== null && (
        <ChartTooltip
          x={x(hover)}
          width={size.width}
          title={full(hover)}
          rows={lines.map((l) => ({ name: l.name, color: l.color, value: stockAt(l.points, hover) ?? '—' }))}
        />
      )}
    </>
  );
}
