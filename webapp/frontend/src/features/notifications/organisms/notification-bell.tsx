import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '@/stores/session';
import { useMarkRead, useNotifications } from '@/features/notifications/api';
import { NotificationList } from './notification-list';

/** The header bell, once the session may use the app (not while a password change or MFA enrolment is due). */
export function NotificationBell() {
  const usable = useSession((s) => Boolean(s.user) && !s.mustChangePassword && !s.mfaEnrolmentRequired);
  return usable ? <Bell /> : null;
}

/** The unread count, and the latest alerts in a panel. */
function Bell() {
  const [open, setOpen] = useState(false);
  const latest = useNotifications({ limit: 8 }, { poll: true });
  const markRead = useMarkRead();
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = latest.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    function onDoc(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    // Escape anywhere closes it: the focused control may have gone (Mark all read disappears once used).
    function onEscape(e: globalThis.KeyboardEvent) {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    }
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);

  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;
  return (
    <div ref={wrap} className="relative">
      <button
        ref={button}
        type="button"
        data-testid="notification-bell"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? 'notification-panel' : undefined}
        onClick={() => setOpen((o) => !o)}
        className="relative rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus-ring"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-slate-700">
          <path d="M10 2a5 5 0 0 0-5 5v2.6L3.3 13a1 1 0 0 0 .9 1.5h11.6a1 1 0 0 0 .9-1.5L15 9.6V7a5 5 0 0 0-5-5Zm0 16a2.5 2.5 0 0 1-2.4-1.8h4.8A2.5 2.5 0 0 1 10 18Z" />
        </svg>
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="absolute -right-1.5 -top-1.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section
          id="notification-panel"
          aria-label="Latest notifications"
          className="absolute right-0 z-30 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white shadow-lg"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            {unread > 0 && (
              <button
                type="button"
                onClick={() => markRead.mutate(undefined)}
                disabled={markRead.isPending}
                className="text-xs font-medium text-slate-700 underline focus-ring"
              >
                Mark all read
              </button>
            )}
          </div>
          {latest.isError ? (
            <p className="px-4 py-3 text-sm text-red-700">Notifications could not be loaded.</p>
          ) : (latest.data?.items.length ?? 0) === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-600">
              {latest.isPending ? 'Loading…' : 'No alerts. Items that run low show up here.'}
            </p>
          ) : (
            <div className="max-h-96 overflow-y-auto">
              <NotificationList
                items={latest.data!.items}
                onOpen={(n) => {
                  setOpen(false);
                  if (!n.readAt) markRead.mutate(n.id);
                }}
              />
            </div>
          )}
          <div className="flex justify-between border-t border-slate-200 px-4 py-2 text-xs">
            <Link to="/notifications" onClick={() => setOpen(false)} className="font-medium text-slate-800 underline focus-ring">
              All notifications
            </Link>
            <Link to="/settings/notifications" onClick={() => setOpen(false)} className="text-slate-700 underline focus-ring">
              Alert settings
            </Link>
          </div>
        </section>
      )}
    </div>
  );
}
