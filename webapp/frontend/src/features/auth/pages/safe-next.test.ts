import { describe, expect, it } from 'vitest';
import { safeNext } from './login-page';

const ORIGIN = 'https://stockade.example';

describe('safeNext', () => {
  it.each([
    ['/%5Cevil.com', '/'],
    ['/%5cevil.com', '/'],
    ['/\\evil.com', '/'],
    ['//evil.com', '/'],
    ['https://evil.com', '/'],
    ['/%0d%0aevil', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=/x', '/'],
    [null, '/'],
    ['', '/'],
  ])('refuses %s', (next, expected) => {
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });

  it('keeps a same-origin path with its query and hash', () => {
    expect(safeNext('/inventory?x=1', ORIGIN)).toBe('/inventory?x=1');
    expect(safeNext('/inventory/abc#history', ORIGIN)).toBe('/inventory/abc#history');
    expect(safeNext('/transactions?dateFrom=2026-01-01&userName=a%20b', ORIGIN)).toBe('/transactions?dateFrom=2026-01-01&userName=a%20b');
  });
});
