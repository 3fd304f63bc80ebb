import { api } from '@/api/http';
import { problemOf } from '@/api/problem';
import type { ImportJob } from '@/api/types';
import { filenameFrom, saveBlob, withBlobProblem } from '@/lib/download';
import { idempotencyHeaders } from '@/lib/idempotency';

/** A large file over a slow link: far longer than the client's default 60 s. */
export const IMPORT_UPLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * The CSV import API:
 *   POST /api/inventory/import?mode=all-or-nothing|valid-rows-only&dryRun=true|false  (body: text/csv)
 *   GET  /api/inventory/import/{id}
 *   GET  /api/inventory/import/{id}/errors.csv
 */
export type ImportMode = 'all-or-nothing' | 'valid-rows-only';
/**
 * Uploads the file. Resolves with the job (200 dry run, 202 started); a 422 for all-or-nothing with
 * invalid rows also resolves with the job the problem carries under `import`.
 */
export async function startImport(
  file: Blob,
  mode: ImportMode,
  dryRun: boolean,
  onUploadProgress?: (fraction: number) => void,
  options: { idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<{ job: ImportJob; rejected: boolean }> {
  try {
    const { data } = await api.post<ImportJob>('/api/inventory/import', file, {
      params: { mode, dryRun },
      headers: { 'Content-Type': 'text/csv', ...idempotencyHeaders(options.idempotencyKey) },
      timeout: IMPORT_UPLOAD_TIMEOUT_MS,
      signal: options.signal,
      onUploadProgress: (e) => {
        if (onUploadProgress && e.total) onUploadProgress(Math.min(1, e.loaded / e.total));
      },
    });
    return { job: data, rejected: false };
  } catch (e) {
    const p = problemOf(e);
    if (p?.status === 422 && p.import && typeof p.import === 'object') {
      return { job: p.import as ImportJob, rejected: true };
    }
    throw e;
  }
}

export async function getImport(id: string, options: { signal?: AbortSignal; silent?: boolean } = {}): Promise<ImportJob> {
  const { data } = await api.get<ImportJob>(`/api/inventory/import/${encodeURIComponent(id)}`, {
    signal: options.signal,
    silent: options.silent,
  });
  return data;
}

export async function fetchErrorReport(id: string): Promise<Blob> {
  const { data } = await api.get<Blob>(`/api/inventory/import/${encodeURIComponent(id)}/errors.csv`, {
    responseType: 'blob',
    headers: { Accept: 'text/csv' },
  });
  return data;
}

/** Saves the error report; rejects with the parsed problem (no toast of its own: the caller shows one message). */
export async function downloadErrorReport(id: string): Promise<void> {
  let r;
  try {
    r = await api.get<Blob>(`/api/inventory/import/${encodeURIComponent(id)}/errors.csv`, {
      responseType: 'blob',
      headers: { Accept: 'text/csv, application/problem+json' },
      silent: true,
    });
  } catch (e) {
    throw await withBlobProblem(e);
  }
  saveBlob(r.data, filenameFrom(r.headers['content-disposition'], `import-${id}-errors.csv`));
}
