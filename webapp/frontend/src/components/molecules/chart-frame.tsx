import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * Every chart's frame: a figure whose caption says in words what the chart draws (for screen readers),
 * and the drawing itself hidden from them, filling a box of the given height.
 */
export function ChartFrame({
  caption,
  height = 'h-64',
  testId,
  children,
}: {
  caption: ReactNode;
  height?: 'h-64' | 'h-72';
  testId?: string;
  children: ReactElement;
}) {
  return (
    <figure data-testid={testId}>
      <figcaption className="sr-only">{caption}</figcaption>
      <div className={height} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
