import type { LiveStatus } from '@/lib/sse';
import { cx } from '@/lib/cx';

const labels: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Not live',
};

/** Whether the screen is receiving live updates (a pushed view after every stock change). */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 shadow-sm"
      data-testid="live-indicator"
      data-state={status}
      title={status === 'live' ? 'Updates arrive as stock changes' : undefined}
    >
      <span
        aria-hidden="true"
        className={cx('h-2 w-2 rounded-full', status === 'live' ? 'bg-green-600' : status === 'ended' ? 'bg-slate-400' : 'bg-amber-500')}
      />
      {labels[status]}
    </span>
  );
}
