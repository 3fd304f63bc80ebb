import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { AuditEvent } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { SelectField, TextField } from '@/components/molecules/field';
import { UserPicker } from '@/components/molecules/user-picker';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { Modal } from '@/components/organisms/modal';
import { dateRangeError } from '@/lib/date-range';
import { formatDateTime } from '@/lib/format';
import { useFilterParams } from '@/lib/use-filter-params';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import {
  AGGREGATE_TYPES,
  EVENT_FILTER_KEYS,
  OUTCOMES,
  exportAuditEvents,
  useAuditEvents,
  type AuditEventFilters,
} from '@/features/audit/api';
import { AuditNav } from '@/features/audit/organisms/audit-nav';
import { EventDetail } from '@/features/audit/organisms/event-detail';
import { KeysetPager, useCursorPages } from '@/features/audit/organisms/keyset-pager';

const TEXT_FILTERS = ['aggregateId', 'type', 'correlationId'] as const;

export default function AuditEventsPage() {
  usePageTitle('Audit events');
  const [params, update, clear] = useFilterParams();
  const filters: AuditEventFilters = useMemo(
    () => Object.fromEntries(EVENT_FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)),
    [params],
  );
  // Free-text filters are typed, then applied together (Enter or the button), not on every key.
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? ''])));
  const pager = useCursorPages(JSON.stringify(filters));
  const rangeError = dateRangeError(filters.from, filters.to);
  const events = useAuditEvents(filters, pager.after, !rangeError);
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(fieldErrorsOf(events.error).map((e) => [e.field, e.message]));
  if (rangeError) fieldErrors.to = rangeError;
  const filtered = Object.keys(filters).some((k) => k !== 'order');
  const pickedUser = filters.userId ? { id: filters.userId, name: params.get('userName') ?? filters.userId } : null;

  function apply(e: FormEvent) {
    e.preventDefault();
    update(Object.fromEntries(TEXT_FILTERS.map((k) => [k, draft[k].trim() || null])));
  }

  function clearAll() {
    setDraft(Object.fromEntries(TEXT_FILTERS.map((k) => [k, ''])));
    clear();
  }

  async function exportAs(format: 'ndjson' | 'csv') {
    setExporting(format);
    try {
      await exportAuditEvents(filters, format);
    } catch (e) {
      toast(describeError(e, 'The export could not be downloaded.'), 'error');
    } finally {
      setExporting(null);
    }
  }

  const columns: Column<AuditEvent>[] = [
    {
      key: 'position',
      header: 'Position',
      cell: (e) => (
        <button
          type="button"
          className="font-mono text-blue-800 underline focus-ring"
          onClick={() => setOpen(e)}
          aria-label={`Event ${e.position}: details and proof`}
        >
          {e.position}
        </button>
      ),
    },
    {
      key: 'recordedAt',
      header: 'Recorded',
      cell: (e) => <time dateTime={e.recordedAt}>{formatDateTime(e.recordedAt)}</time>,
      className: 'whitespace-nowrap',
    },
    { key: 'type', header: 'Event', cell: (e) => e.type },
    {
      key: 'aggregate',
      header: 'Of',
      cell: (e) =>
        e.aggregateType === 'item' ? (
          <Link to={`/audit/items/${e.aggregateId}`} title={e.aggregateId}>
            item {e.aggregateId.slice(0, 8)}
          </Link>
        ) : (
          <span title={e.aggregateId}>
            {e.aggregateType} {e.aggregateId.slice(0, 8)}
          </span>
        ),
    },
    { key: 'user', header: 'By', cell: (e) => e.metadata.username ?? '—' },
    { key: 'reason', header: 'Why', cell: (e) => e.metadata.reason ?? '' },
    { key: 'outcome', header: 'Outcome', cell: (e) => <Badge tone={e.outcome === 'rejected' ? 'red' : 'green'}>{e.outcome}</Badge> },
  ];

  return (
    <section className="space-y-4" aria-label="Audit events">
      <AuditNav />
      <form onSubmit={apply} className="space-y-3" aria-label="Event filters">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField
            label="Kind"
            value={filters.aggregateType ?? ''}
            onChange={(e) => update({ aggregateType: e.target.value })}
            error={fieldErrors.aggregateType}
          >
            <option value="">Every kind</option>
            {AGGREGATE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Aggregate id"
            value={draft.aggregateId}
            onChange={(e) => setDraft({ ...draft, aggregateId: e.target.value })}
            error={fieldErrors.aggregateId}
          />
          <TextField
            label="Event names"
            hint="Comma-separated, e.g. StockAdjusted,ItemCreated"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value })}
            error={fieldErrors.type}
          />
          <UserPicker value={pickedUser} onChange={(u) => update({ userId: u?.id ?? null, userName: u?.name ?? null })} />
          <TextField
            label="Recorded from"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => update({ from: e.target.value })}
            error={fieldErrors.from}
          />
          <TextField
            label="Recorded to"
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => update({ to: e.target.value })}
            error={fieldErrors.to}
          />
          <TextField
            label="Correlation id"
            value={draft.correlationId}
            onChange={(e) => setDraft({ ...draft, correlationId: e.target.value })}
            error={fieldErrors.correlationId}
          />
          <SelectField
            label="Outcome"
            value={filters.outcome ?? ''}
            onChange={(e) => update({ outcome: e.target.value })}
            error={fieldErrors.outcome}
          >
            <option value="">Accepted and rejected</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Order"
            value={filters.order ?? 'asc'}
            onChange={(e) => update({ order: e.target.value === 'asc' ? null : e.target.value })}
          >
            <option value="asc">Oldest first</option>
            <option value="desc">Newest first</option>
          </SelectField>
        </div>
        {fieldErrors.userId && <Alert>{fieldErrors.userId}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit">Apply filters</Button>
          {filtered && (
            <Button type="button" variant="ghost" onClick={clearAll}>
              Clear filters
            </Button>
          )}
          <Button type="button" variant="secondary" onClick={() => void exportAs('ndjson')} busy={exporting === 'ndjson'}>
            Export NDJSON
          </Button>
          <Button type="button" variant="secondary" onClick={() => void exportAs('csv')} busy={exporting === 'csv'}>
            Export CSV
          </Button>
        </div>
      </form>
      {rangeError ? (
        <Alert tone="warning">Choose a To date on or after the From date.</Alert>
      ) : events.isPending ? (
        <LoadingBlock lines={8} label="Loading events…" />
      ) : events.isError ? (
        <Alert>{describeError(events.error, 'The events could not be loaded.')}</Alert>
      ) : events.data.events.length === 0 ? (
        <EmptyState title="No events found">
          {filtered ? 'Change the filters to see more.' : 'Every change to the organisation will appear here.'}
        </EmptyState>
      ) : (
        <>
          <DataTable
            caption="Audit events"
            columns={columns}
            rows={events.data.events}
            rowKey={(e) => String(e.position)}
            virtualizeAbove={500}
          />
          <KeysetPager pager={pager} next={events.data.next} shown={events.data.events.length} label="Audit event pages" />
        </>
      )}
      <Modal open={!!open} title={open ? `Event ${open.position}: ${open.type}` : ''} onClose={() => setOpen(null)} size="lg">
        {open && <EventDetail event={open} />}
      </Modal>
    </section>
  );
}
