import type { AccessLogEntry } from '@/api/types';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { usePageTitle } from '@/lib/use-page-title';
import { useAccessLog } from '@/features/audit/api';
import { AuditNav } from '@/features/audit/organisms/audit-nav';
import { KeysetPager, useCursorPages } from '@/features/audit/organisms/keyset-pager';

const parameters = (p: Record<string, unknown>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');

const columns: Column<AccessLogEntry>[] = [
  {
    key: 'readAt',
    header: 'When',
    cell: (e) => <time dateTime={e.readAt}>{formatDateTime(e.readAt)}</time>,
    className: 'whitespace-nowrap',
  },
  { key: 'who', header: 'Who', cell: (e) => `${e.username ?? e.userId} (${e.role})` },
  { key: 'endpoint', header: 'Read', cell: (e) => <code className="text-xs">{e.endpoint}</code> },
  {
    key: 'parameters',
    header: 'Filter, range or item',
    cell: (e) => <span className="break-all text-xs">{parameters(e.parameters)}</span>,
  },
  { key: 'from', header: 'From', cell: (e) => e.clientIp ?? '—' },
];

export default function AccessLogPage() {
  usePageTitle('Audit access log');
  const pager = useCursorPages('access-log');
  const log = useAccessLog(pager.after);
  return (
    <section className="space-y-4" aria-label="Audit access log">
      <AuditNav />
      <p className="text-sm text-slate-700">Every read of the audit API, newest first; this list is recorded too.</p>
      {log.isPending ? (
        <LoadingBlock lines={8} label="Loading the access log…" />
      ) : log.isError ? (
        <Alert>{describeError(log.error, 'The access log could not be loaded.')}</Alert>
      ) : log.data.entries.length === 0 ? (
        <EmptyState title="No reads recorded" />
      ) : (
        <>
          <DataTable
            caption="Reads of the audit API"
            columns={columns}
            rows={log.data.entries}
            rowKey={(e) => String(e.id)}
            virtualizeAbove={500}
          />
          <KeysetPager pager={pager} next={log.data.next} shown={log.data.entries.length} label="Access log pages" />
        </>
      )}
    </section>
  );
}
