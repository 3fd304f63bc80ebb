import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { DataTable } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { deviceName } from '@/features/settings/api';
import type { AuthSession } from '@/api/types';

export interface SessionListProps {
  sessions: AuthSession[];
  /** Asks to end a (non-current) session; the page confirms first. */
  onRevoke: (session: AuthSession) => void;
  /** The session being ended (its button shows busy). */
  busyId?: string | null;
  /** Disables every Sign out button (e.g. while all others are being ended). */
  disabled?: boolean;
}

/** The user's signed-in sessions: the current one first, marked "This device". */
export function SessionList({ sessions, onRevoke, busyId = null, disabled = false }: SessionListProps) {
  const rows = [...sessions].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <DataTable<AuthSession>
      caption="Signed-in sessions"
      rows={rows}
      rowKey={(s) => s.id}
      columns={[
        {
          key: 'device',
          header: 'Device',
          cell: (s) => (
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium" title={s.userAgent ?? undefined}>
                {deviceName(s)}
              </span>
              {s.current && <Badge tone="blue">This device</Badge>}
            </div>
          ),
        },
        {
          key: 'ip',
          header: 'IP address',
          cell: (s) => <span className="font-mono text-xs">{s.ip || '—'}</span>,
          className: 'hidden sm:table-cell',
        },
        {
          key: 'created',
          header: 'Signed in',
          cell: (s) => <span className="whitespace-nowrap">{formatDateTime(s.createdAt)}</span>,
          className: 'hidden md:table-cell',
        },
        {
          key: 'last',
          header: 'Last active',
          cell: (s) => <span className="whitespace-nowrap">{formatDateTime(s.lastUsedAt)}</span>,
        },
        {
          key: 'actions',
          header: 'Actions',
          cell: (s) =>
            s.current ? (
              <span className="text-xs text-slate-600">Current session</span>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                busy={busyId === s.id}
                disabled={disabled || (busyId !== null && busyId !== s.id)}
                aria-label={`Sign out ${deviceName(s)} (last active ${formatDateTime(s.lastUsedAt)})`}
                onClick={() => onRevoke(s)}
              >
                Sign out
              </Button>
            ),
        },
      ]}
    />
  );
}
