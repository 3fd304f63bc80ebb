import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { saveBlob } from '@/lib/download';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import InventoryAsOfPage from './inventory-as-of-page';
import AnomaliesPage from './anomalies-page';

vi.mock('@/lib/download', async (importOriginal) => ({ ...(await importOriginal<typeof import('@/lib/download')>()), saveBlob: vi.fn() }));
const ITEM = '0b5d6a4e-2f1c-4c8e-9a57-3e1f0c2d4b6a';

function renderAt(entry: string, node: React.ReactNode) {
  const http = routedFetch([
    {
      url: '/api/audit/inventory/as-of',
      reply: (c) =>
        (c.params as Record<string, string>).format === 'csv'
          ? { status: 200, data: new Blob(['itemId\n']), headers: { 'content-disposition': 'attachment; filename="inventory-as-of.csv"' } }
          : {
              status: 200,
              data: {
                at: '2026-12-01T00:00:00Z',
                knownAt: '2026-12-07T00:00:00Z',
                items: [{ itemId: ITEM, name: 'Hex bolt', sku: 'HB-1', location: 'Aisle 9', minThreshold: 3, archived: false, stock: -2 }],
                totals: { items: 1, stock: -2 },
                page: 1,
                limit: 50,
                totalPages: 1,
              },
            },
    },
    {
      url: '/api/audit/anomalies',
      reply: [
        {
          status: 200,
          data: {
            knownAt: null,
            anomalies: [
              {
                itemId: ITEM,
                kinds: ['negative-balance'],
                sequence: 3,
                position: 40,
                recordedAt: '2026-12-03T00:00:00Z',
                effectiveAt: '2026-11-30T00:00:00Z',
                quantityChange: -5,
                balanceAfter: -2,
              },
            ],
            page: 1,
            limit: 50,
            more: false,
          },
        },
      ],
    },
  ]);
  vi.stubGlobal('fetch', http.fetch);
  useSession.getState().signIn({
    token: 't',
    expiresAt: 'x',
    mustChangePassword: false,
    user: { id: 'u9', username: 'audrey', email: 'a@x', role: 'Auditor' },
  });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>{node}</MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('InventoryAsOfPage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('opened without a time, asks for the moment it opened, not the start of that minute', async () => {
    const before = Date.now();
    const http = renderAt('/audit/inventory', <InventoryAsOfPage />);
    expect(await screen.findByTestId('as-of-totals')).toBeInTheDocument();
    const asked = Date.parse((http.to('GET', '/api/audit/inventory/as-of')[0].params as Record<string, string>).at);
    // The start of the minute would leave out an item created a few seconds ago (the browser test met it).
    expect(asked).toBeGreaterThanOrEqual(before);
    expect(asked).toBeLessThanOrEqual(Date.now());
  });

  it('asks for the inventory at an effective time as known at another, and downloads it as CSV', async () => {
    const http = renderAt('/audit/inventory?at=2026-12-01T00:00', <InventoryAsOfPage />);
    expect(await screen.findByTestId('as-of-totals')).toHaveTextContent('1 items, -2 units in stock');
    expect(http.to('GET', '/api/audit/inventory/as-of')[0].params).toEqual({
      at: new Date(2026, 11, 1).toISOString(),
      page: '1',
      limit: '50',
    });
    fireEvent.change(screen.getByLabelText('As known at'), { target: { value: '2026-12-02T12:30' } });
    await waitFor(() =>
      expect(http.to('GET', '/api/audit/inventory/as-of').at(-1)?.params).toEqual({
        at: new Date(2026, 11, 1).toISOString(),
        knownAt: new Date(2026, 11, 2, 12, 30).toISOString(),
        page: '1',
        limit: '50',
      }),
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(saveBlob).toHaveBeenCalledTimes(1));
    expect(vi.mocked(saveBlob).mock.calls[0][1]).toBe('inventory-as-of.csv');
    expect(http.to('GET', '/api/audit/inventory/as-of').at(-1)?.params).toEqual({
      at: new Date(2026, 11, 1).toISOString(),
      knownAt: new Date(2026, 11, 2, 12, 30).toISOString(),
      format: 'csv',
    });
  });

  it('lists the anomalies with a link to the item’s timeline', async () => {
    renderAt('/audit/anomalies', <AnomaliesPage />);
    expect(await screen.findByText('Negative balance')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: ITEM.slice(0, 8) })).toHaveAttribute('href', `/audit/items/${ITEM}`);
  });
});
