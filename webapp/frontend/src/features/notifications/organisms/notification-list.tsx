import { Link } from 'react-router-dom';
import type { NotificationView } from '@/api/types';
import { Badge } from '@/components/atoms/badge';
import { relativeTime } from '@/features/notifications/api';

/** One alert as a line: what is low, how low, when, and whether it is a reminder. */
export function NotificationList({
  items,
  onOpen,
  onMarkRead,
  busyId,
}: {
  items: NotificationView[];
  onOpen?: (n: NotificationView) => void;
  onMarkRead?: (n: NotificationView) => void;
  busyId?: string;
}) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Notifications">
      {items.map((n) => {
        const unread = !n.readAt;
        return (
          <li key={n.id} className={unread ? 'bg-amber-50' : undefined} data-testid="notification">
            <div className="flex items-start gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm text-slate-900">
                  <Link
                    to={`/inventory/${n.itemId}`}
                    onClick={() => onOpen?.(n)}
                    className="font-medium underline-offset-2 hover:underline focus-ring"
                  >
                    {n.itemName}
                  </Link>{' '}
                  <span className="text-slate-600">({n.sku})</span>
                </p>
                <p className="text-sm text-slate-700">
                  {n.currentStock === 0 ? 'Out of stock' : `${n.currentStock} in stock`}, minimum {n.minThreshold}
                </p>
                <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()}>
                    {relativeTime(n.createdAt)}
                  </time>
                  {n.escalated && <Badge tone="red">Reminder {n.reminder}</Badge>}
                  {unread && <Badge tone="amber">Unread</Badge>}
                </p>
              </div>
              {unread && onMarkRead && (
                <button
                  type="button"
                  onClick={() => onMarkRead(n)}
                  disabled={busyId === n.id}
                  className="shrink-0 rounded px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-ring"
                >
                  Mark read<span className="sr-only"> ({n.itemName})</span>
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
