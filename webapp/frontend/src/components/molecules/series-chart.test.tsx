import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { barExtents, SeriesChart } from './series-chart';

// jsdom lays nothing out: give every element the box a chart would have on a page.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0,
    y: 0,
    left: 0,
    top: 0,
    width: 400,
    height: 200,
    right: 400,
    bottom: 200,
    toJSON: () => ({}),
  });
  vi.spyOn(SVGElement.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0,
    y: 0,
    left: 0,
    top: 0,
    width: 400,
    height: 200,
    right: 400,
    bottom: 200,
    toJSON: () => ({}),
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const rows = [
  { name: 'Tools', ok: 3, low: 1 },
  { name: 'Parts', ok: 0, low: 2 },
];

describe('barExtents', () => {
  it('piles stacked series up from zero and lets the others stand alone', () => {
    expect(
      barExtents({ a: 3, b: 2, c: 4 }, [
        { key: 'a', name: 'A', color: 'red', stacked: true },
        { key: 'b', name: 'B', color: 'red', stacked: true },
        { key: 'c', name: 'C', color: 'red' },
      ]),
    ).toEqual([
      { key: 'a', from: 0, to: 3 },
      { key: 'b', from: 3, to: 5 },
      { key: 'c', from: 0, to: 4 },
    ]);
  });
});

describe('SeriesChart', () => {
  it('draws a bar per non-zero value, stacked ones on each other, with a legend and the numbers in its caption', () => {
    const { container } = render(
      <SeriesChart
        rows={rows}
        x="name"
        testId="chart"
        caption="Tools: 3 in stock, 1 low; Parts: 0 in stock, 2 low"
        series={[
          { key: 'ok', name: 'In stock', color: '#15803d', stacked: true },
          { key: 'low', name: 'Low', color: '#b45309', stacked: true },
        ]}
      />,
    );
    const bars = [...container.querySelectorAll('rect.chart-bar')];
    expect(bars).toHaveLength(3);
    // Tools' two bars share one column, the low one on top of the in-stock one, a third of its height.
    const [toolsOk, toolsLow] = bars;
    expect(toolsOk.getAttribute('x')).toBe(toolsLow.getAttribute('x'));
    const top = Number(toolsOk.getAttribute('y'));
    expect(Number(toolsLow.getAttribute('y')) + Number(toolsLow.getAttribute('height'))).toBeCloseTo(top);
    expect(Number(toolsOk.getAttribute('height'))).toBeCloseTo(3 * Number(toolsLow.getAttribute('height')));
    expect(screen.getByText('In stock')).toBeInTheDocument();
    // The drawing is hidden from screen readers; the caption is what they read.
    expect(container.querySelector('figcaption')).toHaveTextContent('Tools: 3 in stock, 1 low; Parts: 0 in stock, 2 low');
    expect(container.querySelector('svg')?.closest('[aria-hidden="true"]')).not.toBeNull();
  });

  it('puts series that are not stacked side by side', () => {
    const { container } = render(
      <SeriesChart
        rows={[{ day: '12-01', added: 4, deducted: 2 }]}
        x="day"
        caption="added and deducted"
        series={[
          { key: 'added', name: 'Added', color: '#1d4ed8' },
          { key: 'deducted', name: 'Deducted', color: '#b91c1c' },
        ]}
      />,
    );
    const [added, deducted] = [...container.querySelectorAll('rect.chart-bar')];
    expect(Number(deducted.getAttribute('x'))).toBeGreaterThan(Number(added.getAttribute('x')) + Number(added.getAttribute('width')));
  });

  it('draws a line through every row and shows the values under the pointer', () => {
    const { container } = render(
      <SeriesChart
        kind="line"
        rows={[
          { day: '12-01', count: 1 },
          { day: '12-02', count: 4 },
        ]}
        x="day"
        caption="low-stock items"
        series={[{ key: 'count', name: 'Low-stock items', color: '#b45309' }]}
      />,
    );
    const line = container.querySelector('path.chart-line');
    expect(line?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    // Right half of the drawing: the second day.
    fireEvent.pointerMove(container.querySelector('svg')!, { clientX: 350 });
    expect(screen.getByText('12-02', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getByText('Low-stock items: 4')).toBeInTheDocument();
    fireEvent.pointerLeave(container.querySelector('svg')!);
    expect(screen.queryByText('Low-stock items: 4')).not.toBeInTheDocument();
  });
});
