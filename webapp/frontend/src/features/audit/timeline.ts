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
 * When an event takes effect, as the as-of projection counts it (AsOfProjection.effective): a
 * movement at the time it names, but never later than recorded, and an item's initial stock when
 * recorded (its named time is read a moment before the creation is stamped); anything else when recorded.
 */
export function effectiveAt(l: TimelineLine): string {
  const named = l.effectiveAt;
  if (!named || l.movement?.source === 'initial' || ms(named) > ms(l.recordedAt)) return l.recordedAt;
  return named;
}

/**
 * The stock on the effective axis (the server's semantics): every event applies the change it
 * recorded at its effective time, ties by position.
 */
export function effectiveLine(lines: TimelineLine[]): StockPoint[] {
  const sorted = lines.map((l) => ({ l, at: effectiveAt(l) })).sort((a, b) => ms(a.at) - ms(b.at) || a.l.position - b.l.position);
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
    const effective = effectiveAt(l);
    if (effective !== l.recordedAt) {
      const eff = stops.get(effective);
      stops.set(effective, { t: ms(effective), at: effective, label: eff ? `${eff.label}, ${l.type} effective` : `${l.type} effective` });
    }
  }
  return [...stops.values()].sort((a, b) => a.t - b.t || a.at.localeCompare(b.at));
}
