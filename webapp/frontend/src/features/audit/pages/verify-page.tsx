import { useState, type FormEvent } from 'react';
import type { VerifyProblem, VerifyResult } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatNumber } from '@/lib/format';
import { usePageTitle } from '@/lib/use-page-title';
import { useStartVerify, useVerifyJob } from '@/features/audit/api';
import { AuditNav } from '@/features/audit/organisms/audit-nav';

const problemColumns: Column<VerifyProblem>[] = [
  { key: 'position', header: 'Position', cell: (p) => (p.position ?? '—').toString() },
  { key: 'kind', header: 'Kind', cell: (p) => <Badge tone="red">{p.kind}</Badge> },
  { key: 'aggregateId', header: 'Aggregate', cell: (p) => p.aggregateId ?? '—' },
  { key: 'sequence', header: 'Sequence', cell: (p) => (p.sequence ?? '—').toString() },
  { key: 'detail', header: 'Detail', cell: (p) => p.detail },
];

function ResultPanel({ result }: { result: VerifyResult }) {
  return (
    <section aria-labelledby="verify-result" className="space-y-3 rounded-lg bg-white p-4 shadow-sm" data-testid="verify-result">
      <h2 id="verify-result" className="text-base font-semibold text-slate-900">
        Result
      </h2>
      <p>
        {result.verified ? (
          <Badge tone="green">Verified: every event, the tree and every checkpoint signature check out</Badge>
        ) : (
          <Badge tone="red">
            {result.problemCount} problem{result.problemCount === 1 ? '' : 's'} found
          </Badge>
        )}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-slate-700">Events checked</dt>
        <dd data-testid="events-checked">{formatNumber(result.eventsChecked)}</dd>
        <dt className="font-medium text-slate-700">Checkpoints checked</dt>
        <dd>{formatNumber(result.checkpointsChecked)}</dd>
        <dt className="font-medium text-slate-700">Tree size</dt>
        <dd>{formatNumber(result.treeSize)}</dd>
        <dt className="font-medium text-slate-700">Root hash</dt>
        <dd className="break-all font-mono text-xs">{result.rootHash ?? '—'}</dd>
      </dl>
      {result.problems.length > 0 && (
        <>
          <DataTable
            caption="Problems"
            columns={problemColumns}
            rows={result.problems}
            rowKey={(p) => `${p.kind}-${p.position}-${p.detail}`}
          />
          {result.problemCount > result.problems.length && (
            <p className="text-sm text-slate-700">
              The first {result.problems.length} of {result.problemCount} problems are listed.
            </p>
          )}
        </>
      )}
    </section>
  );
}

const POSITION = /^\d*$/;

export default function VerifyPage() {
  usePageTitle('Verify the log');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [background, setBackground] = useState(false);
  const start = useStartVerify();
  const job = useVerifyJob(start.data?.job?.id);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(fieldErrorsOf(start.error).map((e) => [e.field, e.message]));
  if (!POSITION.test(from)) fieldErrors.from = 'A position is a whole number';
  if (!POSITION.test(to)) fieldErrors.to = 'A position is a whole number';
  const current = job.data ?? start.data?.job;
  const running = start.isPending || current?.status === 'running';
  const result = start.data?.result ?? (current?.status === 'done' ? current.result : undefined);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!POSITION.test(from) || !POSITION.test(to)) return;
    start.mutate({ from: from ? Number(from) : undefined, to: to ? Number(to) : undefined, background: background || undefined });
  }

  return (
    <section className="space-y-4" aria-label="Verify the log">
      <AuditNav />
      <p className="max-w-3xl text-sm text-slate-700">
        Recomputes every event&apos;s leaf hash from the stored bytes, the Merkle tree and every signed checkpoint of the
        organisation&apos;s log, and names each event that was edited, deleted, inserted or reordered.
      </p>
      <form onSubmit={submit} className="grid max-w-3xl gap-3 sm:grid-cols-3" aria-label="Verification">
        <TextField
          label="From position"
          inputMode="numeric"
          hint="Optional"
          value={from}
          onChange={(e) => setFrom(e.target.value.trim())}
          error={fieldErrors.from}
        />
        <TextField
          label="To position"
          inputMode="numeric"
          hint="Optional"
          value={to}
          onChange={(e) => setTo(e.target.value.trim())}
          error={fieldErrors.to}
        />
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" checked={background} onChange={(e) => setBackground(e.target.checked)} className="h-4 w-4 focus-ring" />
          Run in the background
        </label>
        <div className="sm:col-span-3">
          <Button type="submit" busy={running}>
            Verify
          </Button>
        </div>
      </form>
      {start.isError && !fieldErrors.from && !fieldErrors.to && (
        <Alert>{describeError(start.error, 'The verification could not be started.')}</Alert>
      )}
      {current && (
        <div className="max-w-3xl space-y-1" data-testid="verify-progress">
          <label htmlFor="verify-progress-bar" className="block text-sm font-medium text-slate-800">
            Progress
          </label>
          <progress id="verify-progress-bar" max={100} value={current.percent} className="h-3 w-full" />
          <p role="status" aria-live="polite" className="text-sm text-slate-700">
            {current.status === 'running'
              ? `Checked ${formatNumber(current.checked)} of ${formatNumber(current.total)} events (${current.percent} %)`
              : current.status === 'done'
                ? `Done: ${formatNumber(current.checked)} events checked`
                : `The verification ${current.status === 'failed' ? 'failed' : 'was abandoned (its server stopped)'}: start it again.`}
          </p>
        </div>
      )}
      {job.isError && <Alert>{describeError(job.error, 'The verification job could not be read.')}</Alert>}
      {result && <ResultPanel result={result} />}
    </section>
  );
}
