import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface ChartSize {
  width: number;
  height: number;
}

export interface LegendEntry {
  name: string;
  color: string;
  /** A line series shows a stroke (dashed or not), a bar series a filled square. */
  line?: boolean;
  dashed?: boolean;
}

/** Where the drawing sits inside its box: room for the value axis on the left and the labels below. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const TICK = 'fill-slate-600';

/**
 * Every chart's frame: a figure whose caption says in words what the chart draws (for screen readers),
 * and the drawing itself hidden from them, filling a box of the given height. The drawing is plain SVG
 * drawn at the box's measured size (docs/adr/0012-charts-in-plain-svg.md): its width follows the box.
 */
export function ChartFrame({
  caption,
  height = 'h-64',
  testId,
  legend,
  children,
}: {
  caption: ReactNode;
  height?: 'h-64' | 'h-72';
  testId?: string;
  legend?: LegendEntry[];
  children: (size: ChartSize) => ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<ChartSize | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const next = { width: Math.floor(r.width), height: Math.floor(r.height) };
      setSize((s) => (s && s.width === next.width && s.height === next.height ? s : next));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const seen = new ResizeObserver(measure);
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  return (
    <figure data-testid={testId}>
      <figcaption className="sr-only">{caption}</figcaption>
      <div className={`${height} flex flex-col`} aria-hidden="true">
        <div ref={box} className="relative min-h-0 flex-1">
          {size && size.width > 0 && size.height > 0 && children(size)}
        </div>
        {legend && (
          <ul className="mt-1 flex flex-wrap justify-center gap-x-4 text-xs text-slate-700">
            {legend.map((l) => (
              <li key={l.name} className="flex items-center gap-1.5">
                <svg width="14" height="10">
                  {l.line ? (
                    <line x1="0" y1="5" x2="14" y2="5" stroke={l.color} strokeWidth="2" strokeDasharray={l.dashed ? '4 2' : undefined} />
                  ) : (
                    <rect width="14" height="10" fill={l.color} />
                  )}
                </svg>
                {l.name}
              </li>
            ))}
          </ul>
        )}
      </div>
    </figure>
  );
}

/** The value axis's labels and a dashed rule across the drawing at each tick. */
export function ValueGrid({
  ticks,
  y,
  area,
  width,
  fontSize,
}: {
  ticks: number[];
  y: (v: number) => number;
  area: PlotArea;
  width: number;
  fontSize: number;
}) {
  return (
    <g>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={area.left} x2={width - area.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" strokeDasharray="3 3" />
          <text x={area.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={fontSize} className={TICK}>
            {t}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A label under the drawing at `x`; the first and last keep inside the box. */
export function AxisLabel({
  x,
  y,
  anchor = 'middle',
  fontSize,
  children,
}: {
  x: number;
  y: number;
  anchor?: 'start' | 'middle' | 'end';
  fontSize: number;
  children: ReactNode;
}) {
  return (
    <text x={x} y={y} dy="0.71em" textAnchor={anchor} fontSize={fontSize} className={TICK}>
      {children}
    </text>
  );
}

/** The values under the pointer, beside it and inside the box. */
export function ChartTooltip({
  x,
  width,
  title,
  rows,
}: {
  x: number;
  width: number;
  title: ReactNode;
  rows: { name: string; color: string; value: ReactNode }[];
}) {
  const right = x > width / 2;
  return (
    <div
      className="pointer-events-none absolute top-1 z-10 rounded border border-slate-200 bg-white px-2 py-1 text-xs text-slate-800 shadow"
      style={right ? { right: width - x + 12 } : { left: x + 12 }}
    >
      <p className="font-medium">{title}</p>
      {rows.map((r) => (
        <p key={r.name} className="flex items-center gap-1.5 whitespace-nowrap">
          <span className="inline-block h-2 w-2 rounded-full" style={{ background: r.color }} />
          {r.name}: {r.value}
        </p>
      ))}
    </div>
  );
}
