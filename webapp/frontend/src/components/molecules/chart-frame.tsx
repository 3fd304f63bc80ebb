import { startTransition, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * Every chart's frame: a figure whose caption says in words what the chart draws (for screen readers),
 * and the drawing itself hidden from them, filling a box of the given height.
 *
 * The drawing comes one render after the frame, as a transition: React then renders the chart's many
 * SVG components in slices that yield to the browser, instead of one long task that holds up the page's
 * first paint and input. And it comes only once the frame is within a screen's reach of the viewport
 * (or the page is printed): on a phone the dashboard shows one of its four charts at first, and drawing
 * the three below the fold was most of the page's blocking time in Lighthouse's mobile run. The box keeps
 * its height meanwhile, so nothing moves when the drawing arrives.
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
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const drawNow = () => startTransition(() => setDraw(true));
    const el = box.current;
    if (!el || typeof IntersectionObserver === 'undefined') {
      drawNow();
      return;
    }
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          seen.disconnect();
          drawNow();
        }
      },
      { rootMargin: '200px 0px' },
    );
    seen.observe(el);
    window.addEventListener('beforeprint', drawNow);
    return () => {
      seen.disconnect();
      window.removeEventListener('beforeprint', drawNow);
    };
  }, []);
  return (
    <figure data-testid={testId}>
      <figcaption className="sr-only">{caption}</figcaption>
      <div ref={box} className={height} aria-hidden="true">
        {draw && (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
