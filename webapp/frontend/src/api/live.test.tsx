import { describe, expect, it, vi, afterEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useLiveQuery } from './live';
import { useSession } from '@/stores/session';
import { LiveIndicator } from '@/components/atoms/live-indicator';

function pushed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  let i = 0;
  return {
    status: 200,
    ok: true,
    headers: { get: () => null },
    body: {
      getReader: () => ({
        read: () => (i < chunks.length ? Promise.resolve({ done: false, value: encoder.encode(chunks[i++]) }) : new Promise(() => {})),
      }),
    },
  } as unknown as Response;
}

function Kpi({ fetchFn }: { fetchFn: typeof fetch }) {
  const metrics = useQuery({ queryKey: ['dashboard'], queryFn: async () => ({ lowStockCount: 0 }), staleTime: Infinity });
  const status = useLiveQuery<{ lowStockCount: number }>('/api/stream/dashboard', 'dashboard', ['dashboard'], (v) => v, { fetchFn });
  return (
    <>
      <LiveIndicator status={status} />
      <p data-testid="kpi">{metrics.data?.lowStockCount}</p>
    </>
  );
}

describe('useLiveQuery', () => {
  afterEach(() => useSession.getState().signOut());

  it('writes each pushed view into the query cache, so the screen changes without refetching', async () => {
    useSession.getState().setToken('tok');
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const fetchFn = vi
      .fn()
      .mockResolvedValue(
        pushed([
          'id: 1\nevent: dashboard\ndata: {"lowStockCount":3}\n\n',
          ': keep-alive\n\n',
          'event: other\ndata: {"lowStockCount":9}\n\n',
        ]),
      );
    render(
      <QueryClientProvider client={client}>
        <Kpi fetchFn={fetchFn} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('kpi')).toHaveTextContent('3'));
    expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
    expect(client.getQueryData(['dashboard'])).toEqual({ lowStockCount: 3 });
    expect(fetchFn.mock.calls[0][1].headers.Authorization).toBe('Bearer tok');
  });

  it('opens no stream while signed out', () => {
    const client = new QueryClient();
    const fetchFn = vi.fn();
    render(
      <QueryClientProvider client={client}>
        <Kpi fetchFn={fetchFn} />
      </QueryClientProvider>,
    );
    expect(fetchFn).not.toHaveBeenCalled();
    expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'ended');
  });
});
