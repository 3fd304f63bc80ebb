import { startTransition, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * Every chart's frame: a figure whose caption says in words what the chart draws (for screen readers),
 * and the drawing itself hidden from them, filling a box of the given height.
 *
 * The drawing comes one render after the frame, as a transition: React then renders the chart's many
 * SVG components in slices that yield to the browser, instead of one long task that holds up the page's
 * first paint and input (the dashboard draws four charts at once). The box keeps its height meanwhile,
 * so nothing moves when the drawing arrives.
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
  const [draw, setDraw] = useState(false);
  useEffect(() => startTransition(() => setDraw(true)), []);
  return (
    <figure data-testid={testId}>
      <figcaption className="sr-only">{caption}</figcaption>
      <div className={height} aria-hidden="true">
        {draw && (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
