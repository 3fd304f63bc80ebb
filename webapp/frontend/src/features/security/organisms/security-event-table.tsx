import { DataTable } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { SecurityEventBadge } from '@/features/security/atoms/security-event-badge';
import type { SecurityEvent } from '@/api/types';

/** The first block of a session id: enough to tell sessions apart in a list. */
export function shortId(id: string): string {
  return id.split('-')[0].slice(0, 8);
}

/** The security audit trail: time, event, user, detail, IP and session. */
export function SecurityEventTable({ events }: { events: SecurityEvent[] }) {
  return (
    <DataTable<SecurityEvent>
      caption="Security events"
      rows={events}
      rowKey={(e) => e.id}
      columns={[
        {
          key: 'time',
          header: 'Time',
          cell: (e) => (
            <time dateTime={e.occurredAt} className="whitespace-nowrap">
              {formatDateTime(e.occurredAt)}
            </time>
          ),
        },
        { key: 'event', header: 'Event', cell: (e) => <SecurityEventBadge type={e.type} /> },
        {
          key: 'user',
          header: 'User',
          cell: (e) => e.username || (e.userId ? <span className="font-mono text-xs">{shortId(e.userId)}</span> : '—'),
        },
        { key: 'detail', header: 'Detail', cell: (e) => e.detail || '—', className: 'hidden md:table-cell' },
        {
          key: 'ip',
          header: 'IP address',
          cell: (e) => <span className="font-mono text-xs">{e.clientIp || '—'}</span>,
          className: 'hidden sm:table-cell',
        },
        {
          key: 'session',
          header: 'Session',
          cell: (e) =>
            e.sessionId ? (
              <span className="font-mono text-xs" title={e.sessionId}>
                {shortId(e.sessionId)}
                <span className="sr-only"> (session {e.sessionId})</span>
              </span>
            ) : (
              '—'
            ),
          className: 'hidden lg:table-cell',
        },
      ]}
    />
  );
}
