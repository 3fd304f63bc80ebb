import { describe, expect, it } from 'vitest';
import { checkHeader, parseCsv, previewCsv } from './csv';

describe('CSV parser', () => {
  it('parses simple rows', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('handles quotes, doubled quotes and embedded commas', () => {
    expect(parseCsv('name,description\n"Bolt, M8","The ""best"" bolt"\n')).toEqual([
      ['name', 'description'],
      ['Bolt, M8', 'The "best" bolt'],
    ]);
  });

  it('keeps line breaks inside quoted fields', () => {
    expect(parseCsv('name,description\r\nWidget,"line one\r\nline two"\r\nGadget,x')).toEqual([
      ['name', 'description'],
      ['Widget', 'line one\r\nline two'],
      ['Gadget', 'x'],
    ]);
  });

  it('handles CRLF, lone CR, a BOM, empty fields and no final newline', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,\r2,x')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['2', 'x'],
    ]);
  });

  it('skips blank lines and keeps a trailing empty field', () => {
    expect(parseCsv('a,b\n\n1,\n')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('previews the header and at most 20 rows', () => {
    const text = ['name,location', ...Array.from({ length: 50 }, (_, i) => `Item ${i},A${i}`)].join('\n');
    const p = previewCsv(text, 20);
    expect(p.header).toEqual(['name', 'location']);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[19]).toEqual(['Item 19', 'A19']);
  });

  it('checks the header case-insensitively', () => {
    expect(checkHeader(['NAME', 'Location', 'subcategory'])).toEqual({ missing: [], unknown: [] });
    expect(checkHeader(['name', 'colour'])).toEqual({ missing: ['location'], unknown: ['colour'] });
  });
});
