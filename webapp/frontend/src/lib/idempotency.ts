import { useMemo } from 'react';
import { newKey, IDEMPOTENCY_HEADER } from '@/api/client';
import { problemOf, problemTypeIs } from '@/api/problem';

/** A stable text for a payload: Files/Blobs by name, size, type and date; objects with sorted keys. */
export function fingerprintOf(payload: unknown): string {
  const seen = new WeakSet<object>();
  const norm = (v: unknown): unknown => {
    if (typeof Blob !== 'undefined' && v instanceof Blob) {
      const f = v as Partial<File>;
      return { __blob: [f.name ?? '', v.size, v.type, f.lastModified ?? 0] };
    }
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[cycle]';
      seen.add(v);
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(payload)) ?? 'undefined';
}

export function isKeyReused(error: unknown): boolean {
  const p = problemOf(error);
  return p?.status === 422 && problemTypeIs(p, 'idempotency-key-reused');
}

/**
 * Holds one Idempotency-Key for one user action (a dialog, a form, an import run). The same payload
 * gets the same key until it succeeds, so a manual retry after a lost answer is not applied twice;
 * a changed payload, a success or the server's `idempotency-key-reused` gets a fresh key.
 */
export class IdempotencyKeyHolder {
  private current: { key: string; fingerprint: string } | null = null;

  constructor(private readonly generate: () => string = newKey) {}

  keyFor(payload: unknown): string {
    const fingerprint = fingerprintOf(payload);
    if (!this.current || this.current.fingerprint !== fingerprint) this.current = { key: this.generate(), fingerprint };
    return this.current.key;
  }

  headersFor(payload: unknown): Record<string, string> {
    return { [IDEMPOTENCY_HEADER]: this.keyFor(payload) };
  }

  rotate(): void {
    this.current = null;
  }

  /**
   * Runs `send` with the payload's key. Success rotates the key; a 422 `idempotency-key-reused`
   * rotates it and tries once more with a fresh key; any other failure keeps it for a retry.
   */
  async run<T>(payload: unknown, send: (key: string) => Promise<T>): Promise<T> {
    try {
      const r = await send(this.keyFor(payload));
      this.rotate();
      return r;
    } catch (e) {
      if (!isKeyReused(e)) throw e;
      this.rotate();
      const r = await send(this.keyFor(payload));
      this.rotate();
      return r;
    }
  }
}

/** One key holder per mounted component (call `rotate()` when a dialog opens afresh). */
export function useIdempotencyKey(): IdempotencyKeyHolder {
  return useMemo(() => new IdempotencyKeyHolder(), []);
}

export function idempotencyHeaders(key: string | undefined): Record<string, string> | undefined {
  return key ? { [IDEMPOTENCY_HEADER]: key } : undefined;
}
