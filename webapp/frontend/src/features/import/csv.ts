/**
 * RFC 4180 CSV parsing for the preview: quoted fields, doubled quotes, commas and line breaks inside
 * quotes, CRLF / LF / CR line ends, a leading BOM. Stops after `maxRecords` records when given.
 */
export function parseCsv(text: string, maxRecords = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let fieldStarted = false;

  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    // A blank line is not a record.
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };

  while (i < n && rows.length < maxRecords) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r') {
      endRow();
      i += text[i + 1] === '\n' ? 2 : 1;
    } else if (c === '\n') {
      endRow();
      i++;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (rows.length < maxRecords && (field !== '' || row.length > 0 || fieldStarted)) endRow();
  return rows;
}

export interface CsvPreview {
  header: string[];
  rows: string[][];
}

/** Header plus the first `limit` data rows. */
export function previewCsv(text: string, limit = 20): CsvPreview {
  const records = parseCsv(text, limit + 1);
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

export const IMPORT_COLUMNS = [
  'name',
  'sku',
  'location',
  'category',
  'subCategory',
  'shelf',
  'description',
  'currentStock',
  'minThreshold',
] as const;

/** Client-side header check (case-insensitive, any order): unknown and missing required columns. */
export function checkHeader(header: string[]): { missing: string[]; unknown: string[] } {
  const lower = header.map((h) => h.toLowerCase());
  const known = IMPORT_COLUMNS.map((c) => c.toLowerCase());
  return {
    missing: ['name', 'location'].filter((r) => !lower.includes(r)),
    unknown: header.filter((h) => h && !known.includes(h.toLowerCase())),
  };
}
