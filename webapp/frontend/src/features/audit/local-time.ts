// The as-of screens take times as <input type="datetime-local"> values (the user's own clock):
// yyyy-mm-ddThh:mm, sent to the API as ISO instants.

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function localToIso(value: string | null | undefined): string | undefined {
  if (!value || !LOCAL.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Now as a datetime-local value, to the minute. */
export function localNow(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
