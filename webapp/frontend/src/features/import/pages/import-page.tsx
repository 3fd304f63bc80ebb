import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { describeError, statusOf } from '@/api/problem';
import { useIdempotencyKey } from '@/lib/idempotency';
import { qk } from '@/api/query-keys';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import { checkHeader, previewCsv, type CsvPreview } from '@/features/import/csv';
import { downloadErrorReport, getImport, startImport, type ImportMode } from '@/features/import/api';
import type { ImportJob } from '@/api/types';

type Phase = 'idle' | 'uploading' | 'processing' | 'done';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

const MAX_BYTES = 20 * 1024 * 1024;

function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm text-slate-800">
        <span>{label}</span>
        <span>{pct}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${label} ${pct}%`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-blue-700 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export default function ImportPage() {
  usePageTitle('Import items');
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [phase, setPhase] = useState<Phase>('idle');
  const [upload, setUpload] = useState(0);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [rejected, setRejected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Each run gets an id and an AbortController: answers for an older run (or after leaving the page) are ignored.
  const runId = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const idem = useIdempotencyKey();

  useEffect(
    () => () => {
      runId.current += 1;
      controller.current?.abort();
    },
    [],
  );

  async function onFile(f: File | null) {
    runId.current += 1;
    controller.current?.abort();
    setFile(f);
    setJob(null);
    setError(null);
    setPhase('idle');
    setPreview(null);
    setFileError(undefined);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setFileError('The file is larger than 20 MB.');
      return;
    }
    const text = await f.slice(0, 512 * 1024).text();
    const p = previewCsv(text, 20);
    setPreview(p);
    const { missing, unknown } = checkHeader(p.header);
    if (missing.length || unknown.length) {
      setFileError(
        [
          missing.length ? `Missing required column(s): ${missing.join(', ')}.` : '',
          unknown.length ? `Unknown column(s): ${unknown.join(', ')}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
    }
  }

  /** Polls until the job is no longer running; transient failures (network, 5xx, 429) back off and go on. */
  async function poll(first: ImportJob, id: number, signal: AbortSignal): Promise<ImportJob | null> {
    let current = first;
    let failures = 0;
    let delay = 1000;
    while (current.status === 'running') {
      await sleep(delay, signal);
      if (signal.aborted || runId.current !== id) return null;
      try {
        current = await getImport(current.id, { signal, silent: true });
        failures = 0;
        delay = 1000;
      } catch (e) {
        if (signal.aborted || runId.current !== id) return null;
        const status = statusOf(e);
        const transient = status === undefined || status === 408 || status === 429 || status >= 500;
        failures += 1;
        if (!transient || failures > 12) throw e;
        delay = Math.min(30_000, 1000 * 2 ** failures);
        continue;
      }
      if (runId.current !== id) return null;
      setJob(current);
    }
    return current;
  }

  async function run(dryRun: boolean) {
    if (!file || fileError) return;
    runId.current += 1;
    const id = runId.current;
    controller.current?.abort();
    const ctrl = new AbortController();
    controller.current = ctrl;
    const current = () => runId.current === id && !ctrl.signal.aborted;
    setError(null);
    setJob(null);
    setRejected(false);
    setUpload(0);
    setPhase('uploading');
    try {
      // The same file, mode and kind of run keeps its key until it succeeds: a manual retry does not import twice.
      const r = await idem.run({ file, mode, dryRun }, (idempotencyKey) =>
        startImport(file, mode, dryRun, (f) => current() && setUpload(f), { idempotencyKey, signal: ctrl.signal }),
      );
      if (!current()) return;
      setUpload(1);
      setJob(r.job);
      setRejected(r.rejected);
      let final: ImportJob | null = r.job;
      if (r.job.status === 'running') {
        setPhase('processing');
        final = await poll(r.job, id, ctrl.signal);
        if (!final || !current()) return;
      }
      setPhase('done');
      if (!dryRun && final.created > 0) {
        void queryClient.invalidateQueries({ queryKey: qk.items() });
        void queryClient.invalidateQueries({ queryKey: qk.dashboard });
        void queryClient.invalidateQueries({ queryKey: qk.lowStock });
        toast(`Imported ${final.created} item${final.created === 1 ? '' : 's'}`, 'success');
      }
    } catch (e) {
      if (!current()) return;
      setPhase('idle');
      setError(describeError(e, 'The import failed.'));
    }
  }

  const busy = phase === 'uploading' || phase === 'processing';
  const progress =
    phase === 'uploading'
      ? { value: upload, label: 'Uploading' }
      : job && (phase === 'processing' || phase === 'done')
        ? {
            value: job.totalRows ? job.processed / job.totalRows : 1,
            label: phase === 'done' ? 'Finished' : `Processing ${job.processed} of ${job.totalRows} rows`,
          }
        : null;

  return (
    <div className="space-y-6">
      <section className="space-y-4 rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="file-heading">
        <h2 id="file-heading" className="text-base font-semibold text-slate-900">
          1. Choose a file
        </h2>
        <p className="text-sm text-slate-700">
          Columns (header row, any order):{' '}
          <code>name, sku, location, category, subCategory, shelf, description, currentStock, minThreshold</code>. Name and location are
          required; category and sub-category are names.
        </p>
        <TextField
          label="CSV file"
          type="file"
          accept=".csv,text/csv"
          error={fileError}
          disabled={busy}
          onChange={(e) => void onFile(e.target.files?.[0] ?? null)}
        />
        {preview && preview.header.length > 0 && (
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Preview (first {preview.rows.length} rows)</h3>
            <div className="max-h-96 overflow-auto rounded border border-slate-300">
              <table className="min-w-full text-xs">
                <caption className="sr-only">Preview of the CSV file</caption>
                <thead className="sticky top-0 bg-slate-100">
                  <tr>
                    <th scope="col" className="px-2 py-1 text-left">
                      Row
                    </th>
                    {preview.header.map((h, i) => (
                      <th key={i} scope="col" className="px-2 py-1 text-left">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r, i) => (
                    <tr key={i} className="border-t border-slate-200">
                      <td className="px-2 py-1 text-slate-600">{i + 2}</td>
                      {preview.header.map((_, j) => (
                        <td key={j} className="max-w-[16rem] truncate whitespace-pre-wrap px-2 py-1">
                          {r[j] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>

      <section className="space-y-4 rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="run-heading">
        <h2 id="run-heading" className="text-base font-semibold text-slate-900">
          2. Validate and import
        </h2>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Mode</legend>
          <div className="mt-2 flex flex-wrap gap-6">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="mode"
                className="h-4 w-4 focus-ring"
                checked={mode === 'all-or-nothing'}
                onChange={() => setMode('all-or-nothing')}
              />
              All or nothing
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="mode"
                className="h-4 w-4 focus-ring"
                checked={mode === 'valid-rows-only'}
                onChange={() => setMode('valid-rows-only')}
              />
              Valid rows only
            </label>
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" disabled={!file || !!fileError || busy} onClick={() => void run(true)}>
            Validate
          </Button>
          <Button disabled={!file || !!fileError || busy} busy={busy} onClick={() => void run(false)}>
            Import
          </Button>
        </div>
        {error && <Alert>{error}</Alert>}
        {progress && <ProgressBar value={progress.value} label={progress.label} />}
        {job && phase === 'done' && (
          <div className="space-y-3" data-testid="import-summary">
            <Alert tone={rejected || job.status === 'failed' ? 'error' : job.invalidRows > 0 ? 'warning' : 'success'}>
              {job.dryRun
                ? `Validation: ${job.validRows} of ${job.totalRows} rows are valid, ${job.invalidRows} have errors.`
                : rejected
                  ? `Nothing was imported: ${job.invalidRows} of ${job.totalRows} rows have errors (all or nothing).`
                  : job.status === 'failed'
                    ? `The import failed after ${job.processed} of ${job.totalRows} rows: ${job.created} created, ${job.failed} failed.`
                    : `Import finished: ${job.created} created, ${job.failed} failed, ${job.invalidRows} invalid rows skipped.`}
            </Alert>
            {job.errors.length > 0 && (
              <>
                <div className="max-h-96 overflow-auto rounded border border-slate-300">
                  <table className="min-w-full text-sm">
                    <caption className="sr-only">Row errors</caption>
                    <thead className="sticky top-0 bg-slate-100 text-left text-xs uppercase text-slate-700">
                      <tr>
                        <th scope="col" className="px-3 py-2">
                          Row
                        </th>
                        <th scope="col" className="px-3 py-2">
                          Field
                        </th>
                        <th scope="col" className="px-3 py-2">
                          Problem
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {job.errors.map((e, i) => (
                        <tr key={i} className="border-t border-slate-200">
                          <td className="px-3 py-1.5 tabular-nums">{e.row}</td>
                          <td className="px-3 py-1.5 font-mono text-xs">{e.field}</td>
                          <td className="px-3 py-1.5">{e.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {job.errorsTruncated && (
                  <p className="text-sm text-slate-700">Only the first {job.errors.length} errors are shown; the report has them all.</p>
                )}
                <a
                  href={`/api/inventory/import/${encodeURIComponent(job.id)}/errors.csv`}
                  className="inline-block text-sm font-medium text-blue-800 underline focus-ring"
                  onClick={(e) => {
                    e.preventDefault();
                    // The request is silent: this is the one message on failure, with the server's detail.
                    downloadErrorReport(job.id).catch((err) => toast(describeError(err, 'The report could not be downloaded.'), 'error'));
                  }}
                >
                  Download error report
                </a>
              </>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
