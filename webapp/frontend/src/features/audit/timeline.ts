import type { TimelineLine } from '@/api/types';

/** One event on a stock line: when (ms, and the server's instant unchanged), the stock after it. */
export interface StockPoint {
  t: number;
  at: string;
  stock: number;
  position: number;
  type: string;
}

const ms = (iso: string) => new Date(iso).getTime();

/** The stock as it was recorded: each event at its recorded time, in the order it was stored. */
export function recordedLine(lines: TimelineLine[]): StockPoint[] {
  return [...lines]
    .sort((a, b) => a.position - b.position)
    .map((l) => ({ t: ms(l.recordedAt), at: l.recordedAt, stock: l.stockAfter, position: l.position, type: l.type }));
}

/**
 * The stock on the effective axis (the server's semantics): every event applies the change it
 * recorded at its effective time (a movement's, else its recorded time), ties by position.
 */
export function effectiveLine(lines: TimelineLine[]): StockPoint[] {
  const sorted = lines
    .map((l) => ({ l, at: l.effectiveAt ?? l.recordedAt }))
    .sort((a, b) => ms(a.at) - ms(b.at) || a.l.position - b.l.position);
  let stock = 0;
  return sorted.map(({ l, at }) => {
    stock += l.stockAfter - l.stockBefore;
    return { t: ms(at), at, stock, position: l.position, type: l.type };
  });
}

/** A point the time slider can stop at: an instant some event was recorded or took effect. */
export interface SliderStop {
  t: number;
  at: string;
  label: string;
}

/**
 * Every instant of the item's life on either axis, oldest first, kept as the server wrote it (a
 * browser Date would cut microseconds and land just before the event).
 */
export function sliderStops(lines: TimelineLine[]): SliderStop[] {
  const stops = new Map<string, SliderStop>();
  for (const l of lines) {
    const rec = stops.get(l.recordedAt);
    stops.set(l.recordedAt, {
      t: ms(l.recordedAt),
      at: l.recordedAt,
      label: rec ? `${rec.label}, ${l.type} recorded` : `${l.type} recorded`,
    });
    if (l.effectiveAt && l.effectiveAt !== l.recordedAt) {
      const eff = stops.get(l.effectiveAt);
      stops.set(l.effectiveAt, {
        t: ms(l.effectiveAt),
        at: l.effectiveAt,
        label: eff ? `${eff.label}, ${l.type} effective` : `${l.type} effective`,
      });
    }
  }
  return [...stops.values()].sort((a, b) => a.t - b.t || a.at.localeCompare(b.at));
}
