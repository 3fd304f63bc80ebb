import { describe, expect, it } from 'vitest';
import { fingerprintOf, IdempotencyKeyHolder } from './idempotency';
import { problemError } from '@/test/fake-http';

function holder() {
  let n = 0;
  return new IdempotencyKeyHolder(() => `key-${++n}`);
}

describe('IdempotencyKeyHolder', () => {
  it('keeps the key for the same payload and rotates when it changes', () => {
    const h = holder();
    expect(h.keyFor({ a: 1, b: 'x' })).toBe('key-1');
    expect(h.keyFor({ b: 'x', a: 1 })).toBe('key-1');
    expect(h.keyFor({ a: 2, b: 'x' })).toBe('key-2');
  });

  it('rotates after a success and keeps the key after a failure', async () => {
    const h = holder();
    const seen: string[] = [];
    await expect(h.run({ q: 1 }, async (k) => (seen.push(k), Promise.reject(problemError(409, { status: 409 }))))).rejects.toBeTruthy();
    await h.run({ q: 1 }, async (k) => seen.push(k));
    await h.run({ q: 1 }, async (k) => seen.push(k));
    expect(seen).toEqual(['key-1', 'key-1', 'key-2']);
  });

  it('gets a fresh key when the server says the key was reused', async () => {
    const h = holder();
    const seen: string[] = [];
    await h.run({ q: 1 }, async (k) => {
      seen.push(k);
      if (seen.length === 1) throw problemError(422, { status: 422, type: 'https://stockade.io/problems/idempotency-key-reused' });
      return 'ok';
    });
    expect(seen).toEqual(['key-1', 'key-2']);
  });

  it('fingerprints files by name, size and date', () => {
    const a = new File(['abc'], 'a.csv', { lastModified: 1 });
    const b = new File(['abc'], 'a.csv', { lastModified: 1 });
    const c = new File(['abcd'], 'a.csv', { lastModified: 1 });
    expect(fingerprintOf({ file: a })).toBe(fingerprintOf({ file: b }));
    expect(fingerprintOf({ file: a })).not.toBe(fingerprintOf({ file: c }));
  });
});
