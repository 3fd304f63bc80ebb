import { useMemo } from 'react';
import { usePageTitle } from '@/lib/use-page-title';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { SelectField } from '@/components/molecules/field';
import { Pagination } from '@/components/molecules/pagination';
import { OutboxTable } from '@/features/admin/organisms/outbox-table';
import {
  OUTBOX_STATUSES,
  OUTBOX_STATUS_LABELS,
  isOutboxStatus,
  useOutbox,
  useRetryOutboxMessage,
  type OutboxFilters,
} from '@/features/admin/api';
import { toast } from '@/stores/ui';
import { useFilterParams } from '@/lib/use-filter-params';

const PAGE_SIZE = '20';

const EMPTY: Record<string, string> = {
  pending: 'No e-mails are waiting to be sent.',
  sent: 'No e-mails have been sent yet.',
  dead: 'No e-mails have failed for good.',
};

/** Admin: the organisation's e-mails (password resets…), sent, waiting or given up. */
export default function OutboxPage() {
  usePageTitle('Outbox');
  const [params, update] = useFilterParams();
  const rawStatus = params.get('status');

  const filters: OutboxFilters = useMemo(
    () => ({ status: isOutboxStatus(rawStatus) ? rawStatus : undefined, page: params.get('page') ?? '1', limit: PAGE_SIZE }),
    [rawStatus, params],
  );
  const outbox = useOutbox(filters);
  const retry = useRetryOutboxMessage();
  const statusError = fieldErrorsOf(outbox.error).find((e) => e.field === 'status')?.message;
  const data = outbox.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / Math.max(1, data.limit || Number(PAGE_SIZE)))) : 1;

  return (
    <section className="space-y-4" aria-label="Outbox">
      <p className="max-w-3xl text-sm text-slate-700">
        E-mails Stockade sends for your organisation, such as password reset links. Links and other secrets are never shown here: they
        appear as “[hidden]”.
      </p>
      <div className="max-w-xs">
        <SelectField label="Status" value={filters.status ?? ''} onChange={(e) => update({ status: e.target.value })} error={statusError}>
          <option value="">All messages</option>
          {OUTBOX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {OUTBOX_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
      </div>
      {outbox.isPending ? (
        <LoadingBlock lines={8} label="Loading the outbox…" />
      ) : outbox.isError ? (
        <Alert>{describeError(outbox.error, 'The outbox could not be loaded.')}</Alert>
      ) : outbox.data.messages.length === 0 ? (
        <EmptyState title="No messages">
          {filters.status ? EMPTY[filters.status] : 'E-mails appear here once Stockade sends any, e.g. a password reset link.'}
        </EmptyState>
      ) : (
        <>
          <OutboxTable
            messages={outbox.data.messages}
            retrying={retry.isPending ? retry.variables : null}
            onRetry={(m) =>
              retry.mutate(m.id, {
                onSuccess: () => toast(`Queued again: “${m.subject}” to ${m.to}`, 'success'),
                onError: (e) => toast(describeError(e, 'The message could not be queued again.'), 'error'),
              })
            }
          />
          <Pagination
            page={outbox.data.page || 1}
            pages={pages}
            total={outbox.data.total}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label="Outbox pages"
          />
        </>
      )}
    </section>
  );
}
