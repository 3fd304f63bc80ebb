import { Button } from '@/components/atoms/button';
import { DataTable } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { OutboxStatusBadge } from '@/features/admin/atoms/outbox-status-badge';
import { kindLabel } from '@/features/admin/api';
import type { OutboxMessage } from '@/api/types';

function When({ value }: { value: string | null }) {
  return value ? (
    <time dateTime={value} className="whitespace-nowrap">
      {formatDateTime(value)}
    </time>
  ) : (
    <>—</>
  );
}

/** Delivery: when sent, or the next try and the last error of a message still waiting or given up. */
function Delivery({ m }: { m: OutboxMessage }) {
  return (
    <div className="space-y-1 text-xs text-slate-700">
      {m.sentAt && (
        <p>
          Sent <When value={m.sentAt} />
        </p>
      )}
      {m.status === 'pending' && m.nextAttemptAt && (
        <p>
          Next try <When value={m.nextAttemptAt} />
        </p>
      )}
      <p>
        {m.attempts} {m.attempts === 1 ? 'attempt' : 'attempts'}
      </p>
      {m.lastError && <p className="break-words text-red-800">Last error: {m.lastError}</p>}
    </div>
  );
}

/** The organisation's e-mails: queued time, recipient, subject with the text behind a disclosure, status. */
export function OutboxTable({
  messages,
  onRetry,
  retrying,
}: {
  messages: OutboxMessage[];
  /** Offered on dead-lettered messages: send again. */
  onRetry?: (m: OutboxMessage) => void;
  /** The id of the message being sent again, if any. */
  retrying?: string | null;
}) {
  return (
    <DataTable<OutboxMessage>
      caption="Outbox messages"
      rows={messages}
      rowKey={(m) => m.id}
      columns={[
        { key: 'created', header: 'Queued', cell: (m) => <When value={m.createdAt} /> },
        { key: 'to', header: 'To', cell: (m) => <span className="break-all">{m.to}</span> },
        {
          key: 'message',
          header: 'Message',
          cell: (m) => (
            <div className="min-w-48 space-y-1">
              <p className="font-medium">{m.subject || '(no subject)'}</p>
              <p className="text-xs text-slate-600">{kindLabel(m.kind)}</p>
              <details className="text-sm">
                <summary className="cursor-pointer rounded text-blue-800 underline focus-ring">
                  Show text
                  <span className="sr-only">
                    {' '}
                    of “{m.subject || 'the message'}” to {m.to}
                  </span>
                </summary>
                <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs text-slate-900">
                  {m.text}
                </pre>
              </details>
            </div>
          ),
        },
        { key: 'status', header: 'Status', cell: (m) => <OutboxStatusBadge status={m.status} /> },
        { key: 'delivery', header: 'Delivery', cell: (m) => <Delivery m={m} />, className: 'hidden md:table-cell' },
        ...(onRetry
          ? [
              {
                key: 'actions',
                header: 'Actions',
                cell: (m: OutboxMessage) =>
                  m.status === 'dead' ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      busy={retrying === m.id}
                      disabled={!!retrying}
                      aria-label={`Send again “${m.subject || 'the message'}” to ${m.to}`}
                      onClick={() => onRetry(m)}
                    >
                      Send again
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}
