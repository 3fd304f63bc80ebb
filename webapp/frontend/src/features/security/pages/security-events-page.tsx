import { useMemo } from 'react';
import { usePageTitle } from '@/lib/use-page-title';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { SelectField, TextField } from '@/components/molecules/field';
import { Pagination } from '@/components/molecules/pagination';
import { dateRangeError } from '@/lib/date-range';
import { UserPicker } from '@/components/molecules/user-picker';
import { SecurityEventTable } from '@/features/security/organisms/security-event-table';
import { EVENT_LABELS, SECURITY_EVENT_TYPES, useSecurityEvents, type SecurityEventFilters } from '@/features/security/api';
import { useFilterParams } from '@/lib/use-filter-params';

const PAGE_SIZE = '20';

export default function SecurityEventsPage() {
  usePageTitle('Security events');
  const [params, update, clear] = useFilterParams();

  const filters: SecurityEventFilters = useMemo(
    () => ({
      type: params.get('type') ?? undefined,
      userId: params.get('userId') ?? undefined,
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
      page: params.get('page') ?? '1',
      limit: PAGE_SIZE,
    }),
    [params],
  );
  const rangeError = dateRangeError(filters.from, filters.to);
  const events = useSecurityEvents(filters, !rangeError);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(fieldErrorsOf(events.error).map((e) => [e.field, e.message]));
  if (rangeError) fieldErrors.to = rangeError;
  const pickedUser = filters.userId ? { id: filters.userId, name: params.get('userName') ?? filters.userId } : null;
  const filtered = !!(filters.type || filters.userId || filters.from || filters.to);
  const data = events.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / Math.max(1, data.limit || Number(PAGE_SIZE)))) : 1;

  return (
    <section className="space-y-4" aria-label="Security events">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField label="Event" value={filters.type ?? ''} onChange={(e) => update({ type: e.target.value })} error={fieldErrors.type}>
          <option value="">All events</option>
          {SECURITY_EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </SelectField>
        <UserPicker value={pickedUser} onChange={(u) => update({ userId: u?.id ?? null, userName: u?.name ?? null })} />
        <TextField
          label="From"
          type="date"
          value={filters.from ?? ''}
          onChange={(e) => update({ from: e.target.value })}
          error={fieldErrors.from}
        />
        <TextField
          label="To"
          type="date"
          value={filters.to ?? ''}
          onChange={(e) => update({ to: e.target.value })}
          error={fieldErrors.to}
        />
      </div>
      {fieldErrors.userId && <Alert>{fieldErrors.userId}</Alert>}
      {filtered && (
        <Button variant="ghost" onClick={clear}>
          Clear filters
        </Button>
      )}
      {rangeError ? (
        <Alert tone="warning">Choose a To date on or after the From date.</Alert>
      ) : events.isPending ? (
        <LoadingBlock lines={8} label="Loading security events…" />
      ) : events.isError ? (
        <Alert>{describeError(events.error, 'The security events could not be loaded.')}</Alert>
      ) : events.data.events.length === 0 ? (
        <EmptyState title="No security events found">
          {filtered ? 'Change the filters to see more.' : 'Sign-ins and account changes will appear here.'}
        </EmptyState>
      ) : (
        <>
          <SecurityEventTable events={events.data.events} />
          <Pagination
            page={events.data.page || 1}
            pages={pages}
            total={events.data.total}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label="Security event pages"
          />
        </>
      )}
    </section>
  );
}
