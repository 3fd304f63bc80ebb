import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import type { TimelineLine } from '@/api/types';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch } from '@/test/fake-http';
import { effectiveLine, recordedLine, sliderStops } from '@/features/audit/timeline';
import ItemTimelinePage from './item-timeline-page';
const ITEM = '0b5d6a4e-2f1c-4c8e-9a57-3e1f0c2d4b6a';
const metadata = { username: 'ann', role: 'Admin' };

// Created with 10; a count recorded on the 3rd but back-dated to the 2nd took 3; 5 added on the 4th.
const lines: TimelineLine[] = [
  {
    position: 10,
    sequence: 0,
    type: 'ItemCreated',
    recordedAt: '2026-12-01T08:00:00.000001Z',
    stockBefore: 0,
    stockAfter: 10,
    metadata,
    payload: { name: 'Hex bolt' },
  },
  {
    position: 11,
    sequence: 1,
    type: 'StockAdjusted',
    recordedAt: '2026-12-03T08:00:00.123456Z',
    effectiveAt: '2026-12-02T08:00:00Z',
    stockBefore: 10,
    stockAfter: 7,
    metadata: { ...metadata, reason: 'counted' },
    payload: {},
  },
  {
    position: 12,
    sequence: 2,
    type: 'StockAdjusted',
    recordedAt: '2026-12-04T09:00:00.5Z',
    effectiveAt: '2026-12-04T09:00:00.5Z',
    stockBefore: 7,
    stockAfter: 12,
    metadata,
    payload: {},
  },
];

function asOf(params: Record<string, string>) {
  return {
    itemId: ITEM,
    at: params.at,
    knownAt: params.knownAt ?? '2026-12-07T00:00:00Z',
    existed: true,
    createdAt: lines[0].recordedAt,
    stock: params.at.startsWith('2026-12-02') ? (params.knownAt ? 10 : 7) : 12,
    minThreshold: 3,
    archived: false,
    details: { name: 'Hex bolt', sku: 'HB-1', barcode: 'x', location: 'Aisle 9' },
    anomalies: [],
  };
}

function renderPage() {
  const http = routedFetch([
    { url: `/api/audit/items/${ITEM}/timeline`, reply: [{ status: 200, data: { itemId: ITEM, lines, next: null } }] },
    { url: `/api/audit/items/${ITEM}/as-of`, reply: (c) => ({ status: 200, data: asOf(c.params as Record<string, string>) }) },
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
      <MemoryRouter initialEntries={[`/audit/items/${ITEM}`]}>
        <Routes>
          <Route path="/audit/items/:id" element={<ItemTimelinePage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('the stock lines', () => {
  it('count an initial stock from when it was recorded, and no movement later than recorded, as the server does', () => {
    const initial: TimelineLine[] = [
      { ...lines[0], recordedAt: '2026-12-01T08:00:00.010Z', stockAfter: 0 },
      {
        position: 11,
        sequence: 1,
        type: 'StockAdjusted',
        recordedAt: '2026-12-01T08:00:00.020Z',
        effectiveAt: '2026-12-01T08:00:00.005Z',
        stockBefore: 0,
        stockAfter: 10,
        metadata,
        payload: {},
        movement: {
          id: 'm1',
          productId: ITEM,
          quantity: 10,
          quantityChange: 10,
          source: 'initial',
          reason: 'Initial stock',
          stockAfter: 10,
          timestamp: '2026-12-01T08:00:00.020Z',
          effectiveAt: '2026-12-01T08:00:00.005Z',
          transactionType: 'addition',
        },
      },
      { ...lines[2], position: 12, recordedAt: '2026-12-02T08:00:00Z', effectiveAt: '2026-12-03T08:00:00Z' },
    ];
    expect(effectiveLine(initial).map((p) => [p.at, p.stock])).toEqual([
      ['2026-12-01T08:00:00.010Z', 0],
      ['2026-12-01T08:00:00.020Z', 10],
      ['2026-12-02T08:00:00Z', 15],
    ]);
    expect(sliderStops(initial).map((s) => s.label)).toEqual(['ItemCreated recorded', 'StockAdjusted recorded', 'StockAdjusted recorded']);
  });

  it('apply each change at its effective time on one axis and its recorded time on the other', () => {
    expect(recordedLine(lines).map((p) => [p.at, p.stock])).toEqual([
      ['2026-12-01T08:00:00.000001Z', 10],
      ['2026-12-03T08:00:00.123456Z', 7],
      ['2026-12-04T09:00:00.5Z', 12],
    ]);
    expect(effectiveLine(lines).map((p) => [p.at, p.stock])).toEqual([
      ['2026-12-01T08:00:00.000001Z', 10],
      ['2026-12-02T08:00:00Z', 7],
      ['2026-12-04T09:00:00.5Z', 12],
    ]);
    expect(sliderStops(lines).map((s) => s.at)).toEqual([
      '2026-12-01T08:00:00.000001Z',
      '2026-12-02T08:00:00Z',
      '2026-12-03T08:00:00.123456Z',
      '2026-12-04T09:00:00.5Z',
    ]);
  });
});

describe('ItemTimelinePage', () => {
  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('asks for the item as of the slider’s instant, as known now or as known then', async () => {
    const http = renderPage();
    const slider = await screen.findByRole('slider');
    expect(screen.getByRole('table', { name: "The item's events" })).toBeInTheDocument();
    expect(screen.getByTestId('stock-timeline-chart')).toHaveTextContent('on the effective axis at 12');
    // It starts at the item's latest instant, sent exactly as the server wrote it.
    await waitFor(() => expect(http.to('GET', `/api/audit/items/${ITEM}/as-of`).at(-1)?.params).toEqual({ at: '2026-12-04T09:00:00.5Z' }));
    expect(await screen.findByTestId('as-of-stock')).toHaveTextContent('12');

    fireEvent.change(slider, { target: { value: '1' } });
    expect(slider).toHaveAttribute('aria-valuetext', expect.stringContaining('StockAdjusted effective'));
    await waitFor(() => expect(http.to('GET', `/api/audit/items/${ITEM}/as-of`).at(-1)?.params).toEqual({ at: '2026-12-02T08:00:00Z' }));
    await waitFor(() => expect(screen.getByTestId('as-of-stock')).toHaveTextContent('7'));
    expect(screen.getByRole('status')).toHaveTextContent('Stock 7');

    await userEvent.setup().click(screen.getByRole('radio', { name: 'As the records showed then' }));
    await waitFor(() =>
      expect(http.to('GET', `/api/audit/items/${ITEM}/as-of`).at(-1)?.params).toEqual({
        at: '2026-12-02T08:00:00Z',
        knownAt: '2026-12-02T08:00:00Z',
      }),
    );
    // The count recorded on the 3rd was not known yet on the 2nd.
    await waitFor(() => expect(screen.getByTestId('as-of-stock')).toHaveTextContent('10'));

    fireEvent.change(slider, { target: { value: '0' } });
    await waitFor(() =>
      expect(http.to('GET', `/api/audit/items/${ITEM}/as-of`).at(-1)?.params).toEqual({
        at: '2026-12-01T08:00:00.000001Z',
        knownAt: '2026-12-01T08:00:00.000001Z',
      }),
    );
  });
});
