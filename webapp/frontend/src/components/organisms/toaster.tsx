import { useEffect, useState } from 'react';
import { useUi, type Toast } from '@/stores/ui';
import { cx } from '@/lib/cx';

const KIND = {
  error: { icon: '⚠', label: 'Error' },
  success: { icon: '✓', label: 'Done' },
  info: { icon: 'ℹ', label: 'Note' },
} as const;

/** Errors stay until dismissed; other notices leave after 5 s, paused while hovered or focused. */
function ToastItem({ t }: { t: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;
  useEffect(() => {
    if (t.kind === 'error' || paused) return;
    const timer = setTimeout(() => dismiss(t.id), 5000);
    return () => clearTimeout(timer);
  }, [t.id, t.kind, dismiss, paused]);
  const kind = KIND[t.kind];
  return (
    <li
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      className={cx(
        'pointer-events-auto flex items-start gap-3 rounded-md border-l-4 bg-white px-4 py-3 text-sm text-slate-900 shadow-lg',
        t.kind === 'error' ? 'border-red-700' : t.kind === 'success' ? 'border-green-700' : 'border-blue-700',
      )}
      data-testid="toast"
    >
      <span
        className={cx(
          'shrink-0 font-semibold',
          t.kind === 'error' ? 'text-red-800' : t.kind === 'success' ? 'text-green-800' : 'text-blue-800',
        )}
        data-toast-kind={t.kind}
      >
        <span aria-hidden="true">{kind.icon} </span>
        {kind.label}:
      </span>
      <p className="flex-1">{t.message}</p>
      <button
        type="button"
        onClick={() => dismiss(t.id)}
        className="rounded px-1 text-slate-700 focus-ring"
        aria-label="Dismiss notification"
      >
        <span aria-hidden="true">✕</span>
      </button>
    </li>
  );
}

/** Notifications; errors are announced assertively, the rest politely. */
export function Toaster() {
  const toasts = useUi((s) => s.toasts);
  const errors = toasts.filter((t) => t.kind === 'error');
  const others = toasts.filter((t) => t.kind !== 'error');
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-[60] flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 print:hidden">
      {/* A list keeps its list role (alert/status are not allowed on <ul>): the live region wraps it. */}
      <div role="alert" aria-live="assertive">
        <ul aria-label="Error notifications" className="flex flex-col gap-2">
          {errors.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ul>
      </div>
      <div role="status" aria-live="polite">
        <ul aria-label="Notifications" className="flex flex-col gap-2">
          {others.map((t) => (
            <ToastItem key={t.id} t={t} />
          ))}
        </ul>
      </div>
    </div>
  );
}
