import { useState } from 'react';
import type { CheckpointView } from '@/api/types';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatDateTime, formatNumber } from '@/lib/format';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import { downloadPublicKey, useCheckpoints } from '@/features/audit/api';
import { AuditNav } from '@/features/audit/organisms/audit-nav';

const columns: Column<CheckpointView>[] = [
  { key: 'treeSize', header: 'Tree size', cell: (c) => <span className="tabular-nums">{formatNumber(c.treeSize)}</span> },
  {
    key: 'signedAt',
    header: 'Signed',
    cell: (c) => <time dateTime={c.signedAt}>{formatDateTime(c.signedAt)}</time>,
    className: 'whitespace-nowrap',
  },
  { key: 'rootHash', header: 'Root hash', cell: (c) => <code className="break-all text-xs">{c.rootHash}</code> },
  {
    key: 'note',
    header: 'Signed note',
    cell: (c) => (
      <details>
        <summary className="cursor-pointer text-blue-800 focus-ring">Show</summary>
        <pre className="mt-1 overflow-auto whitespace-pre-wrap text-xs">{c.note}</pre>
      </details>
    ),
  },
];

export default function CheckpointsPage() {
  usePageTitle('Checkpoints');
  const [befores, setBefores] = useState<string[]>([]);
  const checkpoints = useCheckpoints(befores.at(-1));
  const [downloading, setDownloading] = useState(false);

  async function download() {
    setDownloading(true);
    try {
      await downloadPublicKey();
    } catch (e) {
      toast(describeError(e, 'The public key could not be downloaded.'), 'error');
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="space-y-4" aria-label="Checkpoints">
      <AuditNav />
      <div className="flex max-w-3xl flex-wrap items-center gap-3">
        <p className="text-sm text-slate-700">
          Each checkpoint signs the root of the organisation&apos;s log at a size. Keep the public key: with it an export is verified
          offline (<code>java -jar stockade.jar audit verify-export FILE --public-key KEY</code>).
        </p>
        <Button variant="secondary" onClick={() => void download()} busy={downloading}>
          Download public key
        </Button>
      </div>
      {checkpoints.isPending ? (
        <LoadingBlock lines={5} label="Loading checkpoints…" />
      ) : checkpoints.isError ? (
        <Alert>{describeError(checkpoints.error, 'The checkpoints could not be loaded.')}</Alert>
      ) : checkpoints.data.checkpoints.length === 0 ? (
        <EmptyState title="No checkpoint signed yet">One is signed every minute (or every 10,000 events) once there are events.</EmptyState>
      ) : (
        <>
          <DataTable
            caption="Signed checkpoints, newest first"
            columns={columns}
            rows={checkpoints.data.checkpoints}
            rowKey={(c) => String(c.treeSize)}
          />
          <nav aria-label="Checkpoint pages" className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={befores.length === 0} onClick={() => setBefores(befores.slice(0, -1))}>
              Newer
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={checkpoints.data.next === null || checkpoints.data.next === undefined}
              onClick={() => setBefores([...befores, String(checkpoints.data.next)])}
            >
              Older
            </Button>
          </nav>
        </>
      )}
    </section>
  );
}
