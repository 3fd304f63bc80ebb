import { Link } from 'react-router-dom';
import type { AsOfAnomaly } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { TextField } from '@/components/molecules/field';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { useFilterParams } from '@/lib/use-filter-params';
import { usePageTitle } from '@/lib/use-page-title';
import { useAnomalies } from '@/features/audit/api';
import { localToIso } from '@/features/audit/local-time';
import { AuditNav } from '@/features/audit/organisms/audit-nav';

const KIND_LABELS: Record<string, string> = { 'negative-balance': 'Negative balance', 'before-creation': 'Before the item existed' };

const columns: Column<AsOfAnomaly>[] = [
  {
    key: 'item',
    header: 'Item',
    cell: (a) => (
      <Link to={`/audit/items/${a.itemId}`} title={a.itemId}>
        {a.itemId.slice(0, 8)}
      </Link>
    ),
  },
  {
    key: 'kinds',
    header: 'Anomaly',
    cell: (a) => (
      <span className="flex flex-wrap gap-1">
        {a.kinds.map((k) => (
          <Badge key={k} tone="amber">
            {KIND_LABELS[k] ?? k}
          </Badge>
        ))}
      </span>
    ),
  },
  {
    key: 'effectiveAt',
    header: 'Effective',
    cell: (a) => <time dateTime={a.effectiveAt}>{formatDateTime(a.effectiveAt)}</time>,
    className: 'whitespace-nowrap',
  },
  {
    key: 'recordedAt',
    header: 'Recorded',
    cell: (a) => <time dateTime={a.recordedAt}>{formatDateTime(a.recordedAt)}</time>,
    className: 'whitespace-nowrap',
  },
  {
    key: 'change',
    header: 'Change',
    cell: (a) => (a.quantityChange > 0 ? `+${a.quantityChange}` : a.quantityChange),
    className: 'tabular-nums',
  },
  { key: 'balance', header: 'Balance after', cell: (a) => a.balanceAfter, className: 'tabular-nums' },
  { key: 'position', header: 'Position', cell: (a) => (a.position ?? '—').toString() },
];

export default function AnomaliesPage() {
  usePageTitle('Anomalies');
  const [params, update] = useFilterParams();
  const knownLocal = params.get('knownAt') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const anomalies = useAnomalies(localToIso(knownLocal), page);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(
    fieldErrorsOf(anomalies.error).map((e) => [e.field, e.message]),
  );
  return (
    <section className="space-y-4" aria-label="Anomalies">
      <AuditNav />
      <p className="max-w-3xl text-sm text-slate-700">
        Back-dated movements that left an item&apos;s balance negative on the effective axis, or that took effect before the item existed.
      </p>
      <div className="max-w-xs">
        <TextField
          label="As known at"
          type="datetime-local"
          hint="Empty: as known now"
          value={knownLocal}
          onChange={(e) => update({ knownAt: e.target.value })}
          error={fieldErrors.knownAt}
        />
      </div>
      {anomalies.isPending ? (
        <LoadingBlock lines={6} label="Loading anomalies…" />
      ) : anomalies.isError ? (
        <Alert>{describeError(anomalies.error, 'The anomalies could not be loaded.')}</Alert>
      ) : anomalies.data.anomalies.length === 0 && page === 1 ? (
        <EmptyState title="No anomalies">No back-dated movement left a negative balance or predates its item.</EmptyState>
      ) : (
        <>
          <DataTable
            caption="Anomalies"
            columns={columns}
            rows={anomalies.data.anomalies}
            rowKey={(a) => `${a.itemId}-${a.sequence}`}
            virtualizeAbove={500}
          />
          <nav aria-label="Anomaly pages" className="flex items-center gap-2 text-sm">
            <span aria-live="polite">Page {page}</span>
            <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => update({ page: String(page - 1) }, false)}>
              Previous page
            </Button>
            <Button variant="secondary" size="sm" disabled={!anomalies.data.more} onClick={() => update({ page: String(page + 1) }, false)}>
              Next page
            </Button>
          </nav>
        </>
      )}
    </section>
  );
}
