import { usePageTitle } from '@/lib/use-page-title';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { DataTable } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { toast } from '@/stores/ui';
import { useDeadLetters, useRetryDeadLetter } from '@/features/admin/api';
import type { DeadLetter } from '@/api/types';

/** Admin: events a projection could not handle, parked with their cause, and a way to handle them again. */
export default function DeadLettersPage() {
  usePageTitle('Dead letters');
  const letters = useDeadLetters();
  const retry = useRetryDeadLetter();

  function handleAgain(d: DeadLetter) {
    retry.mutate(d.id, {
      onSuccess: (r) =>
        toast(
          r.processed ? `Handled: ${d.eventType} left the queue` : `Failed again: ${d.eventType} stays parked`,
          r.processed ? 'success' : 'error',
        ),
      onError: (e) => toast(describeError(e, 'The event could not be handled again.'), 'error'),
    });
  }

  return (
    <section className="space-y-4" aria-label="Dead letters">
      <p className="max-w-3xl text-sm text-slate-700">
        When a view of the data cannot take an event in, the event is parked here with the reason and every other event goes on. Fix the
        cause, then handle it again. Events of one sequence are handled in order, so only the first of each sequence can be retried.
      </p>
      {letters.isPending ? (
        <LoadingBlock lines={6} label="Loading dead letters…" />
      ) : letters.isError ? (
        <Alert>{describeError(letters.error, 'The dead letters could not be loaded.')}</Alert>
      ) : letters.data.deadLetters.length === 0 ? (
        <EmptyState title="No dead letters">Every event has been handled by every view.</EmptyState>
      ) : (
        <DataTable<DeadLetter>
          caption="Parked events"
          rows={letters.data.deadLetters}
          rowKey={(d) => d.id}
          columns={[
            { key: 'parked', header: 'Parked', cell: (d) => formatDateTime(d.enqueuedAt) },
            { key: 'event', header: 'Event', cell: (d) => <span className="font-mono text-xs">{d.eventType}</span> },
            { key: 'view', header: 'View', cell: (d) => d.processingGroup },
            {
              key: 'cause',
              header: 'Cause',
              cell: (d) => (
                <div className="max-w-md space-y-1 text-sm">
                  <p className="font-mono text-xs">{d.cause?.type ?? 'unknown'}</p>
                  {d.cause?.message && <p className="break-words text-slate-700">{d.cause.message}</p>}
                </div>
              ),
            },
            { key: 'tried', header: 'Last tried', cell: (d) => formatDateTime(d.lastTouched), className: 'hidden md:table-cell' },
            {
              key: 'actions',
              header: 'Actions',
              cell: (d) =>
                d.firstInSequence ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    busy={retry.isPending && retry.variables === d.id}
                    disabled={retry.isPending}
                    aria-label={`Handle again ${d.eventType} parked ${formatDateTime(d.enqueuedAt)}`}
                    onClick={() => handleAgain(d)}
                  >
                    Handle again
                  </Button>
                ) : (
                  <span className="text-xs text-slate-600">waits for an earlier event</span>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
