// Date filters are whole days in the user's time zone (transactions and security events).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a yyyy-mm-dd date plus `days`, as an ISO instant; undefined when not a date. */
export function localMidnightIso(date: string | undefined, days = 0): string | undefined {
  const m = date ? DATE.exec(date) : null;
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A field error when To is before From (both yyyy-mm-dd), else undefined. */
export function dateRangeError(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to || !DATE.test(from) || !DATE.test(to)) return undefined;
  return to < from ? 'To must be on or after From' : undefined;
}
