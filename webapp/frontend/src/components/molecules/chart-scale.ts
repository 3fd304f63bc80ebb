/** Maps a value of [d0, d1] onto [r0, r1] (the middle of the range when the domain is a single value). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  return (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/**
 * Whole-number ticks from at most 0 up to at least `max` (down to `min` when it is negative), about `count`
 * of them, in steps of 1, 2 or 5 times a power of ten: the value axis of every chart.
 */
export function integerTicks(min: number, max: number, count = 5): number[] {
  const lo = Math.min(0, Math.floor(min));
  const hi = Math.max(lo + 1, Math.ceil(max));
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; ; v += step) {
    ticks.push(v);
    if (v >= hi) return ticks;
  }
}

/** `count` evenly spaced values from `min` to `max`, both included (one value when they are equal). */
export function spread(min: number, max: number, count = 5): number[] {
  if (max <= min || count < 2) return [min];
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

/**
 * Which category labels fit on an axis `slot` pixels apart without touching: every `k`th, where `k` grows
 * with the longest label (its width estimated from the font size).
 */
export function labelStride(labels: string[], slot: number, fontSize: number, gap = 8): number {
  const widest = Math.max(0, ...labels.map((l) => l.length)) * fontSize * 0.6 + gap;
  return slot <= 0 ? Math.max(1, labels.length) : Math.max(1, Math.ceil(widest / slot));
}

/** The width the value axis needs for its longest tick label. */
export function axisWidth(ticks: number[], fontSize: number): number {
  return Math.ceil(Math.max(...ticks.map((t) => String(t).length)) * fontSize * 0.6) + 12;
}
