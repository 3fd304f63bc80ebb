import { describe, expect, it, vi } from 'vitest';
import type { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { qk } from '@/api/query-keys';
import type { ItemView } from '@/api/types';
import { scriptedFetch, type Reply } from '@/test/fake-http';
import { useAdjustStock } from './api';
import { anItem } from '@/test/items';

const item: ItemView = anItem({ id: 'i1', name: 'Widget', currentStock: 5, minThreshold: 2, version: 3 });

function setup(reply: Reply) {
  const { fetch, calls } = scriptedFetch([reply]);
  vi.stubGlobal('fetch', fetch);
  const client = makeQueryClient();
  client.setQueryData(qk.item('i1'), item);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useAdjustStock('i1'), { wrapper });
  return { client, result, calls };
}

describe('useAdjustStock', () => {
  it('moves the cached stock at once and rolls back on error', async () => {
    const { client, result, calls } = setup({ status: 400, data: { status: 400, detail: 'Insufficient stock', errors: [] } });
    // Hold the request until the optimistic value has been observed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const scripted = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      await gate;
      return scripted(input, init);
    });
    let done!: Promise<unknown>;
    act(() => {
      done = result.current.mutateAsync({ type: 'deduction', quantity: 2, reason: 'x' }).catch((e: unknown) => e);
    });
    await waitFor(() => expect(client.getQueryData<ItemView>(qk.item('i1'))?.currentStock).toBe(3));
    expect(client.getQueryData<ItemView>(qk.item('i1'))?.status).toBe('In Stock');
    release();
    await act(async () => {
      await done;
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(client.getQueryData<ItemView>(qk.item('i1'))?.currentStock).toBe(5);
    expect(calls[0].url).toBe('/api/inventory/i1/stock');
    expect(JSON.parse(String(calls[0].data))).toEqual({ type: 'deduction', quantity: 2, reason: 'x' });
  });

  it('keeps the server answer on success', async () => {
    const { client, result } = setup({ status: 200, data: { item: { ...item, currentStock: 9, version: 4 }, transaction: {} } });
    await act(async () => {
      await result.current.mutateAsync({ type: 'addition', quantity: 4, reason: 'Delivery' });
    });
    expect(client.getQueryData<ItemView>(qk.item('i1'))?.currentStock).toBe(9);
  });
});
