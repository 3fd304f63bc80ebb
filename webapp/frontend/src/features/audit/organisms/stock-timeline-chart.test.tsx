import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from '@testing-library/react';
import { StockTimelineChart, stepPath, stockAt } from './stock-timeline-chart';
import type { StockPoint } from '@/features/audit/timeline';

const point = (t: number, stock: number): StockPoint => ({ t, stock, at: new Date(t).toISOString(), position: t, type: 'StockAdded' });

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0,
    y: 0,
    left: 0,
    top: 0,
    width: 600,
    height: 260,
    right: 600,
    bottom: 260,
    toJSON: () => ({}),
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('stockAt', () => {
  it('holds the last event at or before the time, and knows nothing before the first', () => {
    const line = [point(10, 12), point(20, 7), point(30, 9)];
    expect(stockAt(line, 5)).toBeUndefined();
    expect(stockAt(line, 10)).toBe(12);
    expect(stockAt(line, 29)).toBe(7);
    expect(stockAt(line, 99)).toBe(9);
  });
});

describe('stepPath', () => {
  it('holds each value until the next event, then moves', () => {
    expect(
      stepPath(
        [point(0, 1), point(10, 3)],
        (t) => t,
        (v) => 100 - v,
      ),
    ).toBe('M0,99H10V97');
  });
});

describe('StockTimelineChart', () => {
  it('draws both lines, a dot per event on each, and a rule at the chosen time', () => {
    const recorded = [point(1_000, 12), point(2_000, 7), point(3_000, 9)];
    const effective = [point(1_000, 12), point(1_500, -2), point(3_000, 9)];
    const { container } = render(<StockTimelineChart recorded={recorded} effective={effective} at={2_000} />);
    expect(container.querySelectorAll('path.chart-line')).toHaveLength(2);
    expect(container.querySelectorAll('circle.chart-dot')).toHaveLength(6);
    expect(container.querySelectorAll('line.chart-rule')).toHaveLength(1);
    // A negative balance gets room below zero on the axis.
    expect([...container.querySelectorAll('text')].map((t) => t.textContent)).toContain('-5');
  });
});
