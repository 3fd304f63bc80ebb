/** Saves a Blob through an object URL and a temporary <a download> (the token never goes in a URL). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function filenameFrom(disposition: unknown, fallback: string): string {
  if (typeof disposition !== 'string') return fallback;
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return m ? decodeURIComponent(m[1]) : fallback;
}

/**
 * A failed `responseType: 'blob'` request carries its problem+json as a Blob: read it and put the
 * parsed problem back on the error, so describeError() shows the server's detail.
 */
export async function withBlobProblem(error: unknown): Promise<unknown> {
  const response = (error as { response?: { data?: unknown } } | null)?.response;
  if (!response || typeof Blob === 'undefined' || !(response.data instanceof Blob)) return error;
  try {
    const text = await response.data.text();
    response.data = text ? JSON.parse(text) : undefined;
  } catch {
    response.data = undefined;
  }
  return error;
}
