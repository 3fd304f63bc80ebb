import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import { useSession } from '@/stores/session';
import { routedFetch, type Reply } from '@/test/fake-http';
import ReportsPage from './reports-page';

const categories = {
  rows: [
    { categoryId: 'c1', categoryName: 'Tools', parentId: null, parentName: null, items: 3, units: 12, lowStock: 1, outOfStock: 1 },
    { categoryId: 'c2', categoryName: 'Hand tools', parentId: 'c1', parentName: 'Tools', items: 2, units: 6, lowStock: 0, outOfStock: 1 },
    { categoryId: null, categoryName: 'Uncategorised', parentId: null, parentName: null, items: 1, units: 0, lowStock: 0, outOfStock: 1 },
  ],
  total: 3,
  page: 1,
  pages: 1,
};
const movements = {
  rows: [
    { key: 'ADDITION', label: 'Addition', movements: 4, unitsIn: 21, unitsOut: 0 },
    { key: 'DEDUCTION', label: 'Deduction', movements: 3, unitsIn: 0, unitsOut: 13 },
  ],
  total: 2,
  page: 1,
  pages: 1,
};

function Probe() {
  const { search } = useLocation();
  return <output data-testid="search">{search}</output>;
}

function renderPage(entry: string, extra: { url: string | RegExp; reply: Reply[] | ((c: never) => Reply) }[] = []) {
  const http = routedFetch([
    ...extra,
    { url: '/api/reports/stock-by-category', reply: [{ status: 200, data: categories }] },
    { url: '/api/reports/movements', reply: [{ status: 200, data: movements }] },
    {
      url: '/api/categories',
      reply: [
        { status: 200, data: { categories: [{ id: 'c1', name: 'Tools', children: [{ id: 'c2', name: 'Hand tools', children: [] }] }] } },
      ],
    },
  ] as never);
  vi.stubGlobal('fetch', http.fetch);
  useSession
    .getState()
    .signIn({ token: 't', expiresAt: 'x', mustChangePassword: false, user: { id: 'u1', username: 'aud', email: 'a@x', role: 'Auditor' } });
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter initialEntries={[entry]}>
        <ReportsPage />
        <Probe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return http;
}

describe('ReportsPage', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
  });

  afterEach(() => {
    act(() => useSession.getState().signOut());
  });

  it('shows stock by category first, sub-categories under their parent', async () => {
    const http = renderPage('/reports');
    expect(screen.getByRole('tab', { name: 'Stock by category' })).toHaveAttribute('aria-selected', 'true');
    const table = await screen.findByRole('table', { name: 'Stock by category' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['Tools', 'Tools › Hand tools', 'Uncategorised']);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Tools', '3', '12', '1', '1']);
    expect(http.to('GET', '/api/reports/stock-by-category')[0].params).toEqual({});
  });

  it('switches reports by tab and keeps the filters in the URL', async () => {
    const user = userEvent.setup();
    const http = renderPage('/reports?category=c1');
    await screen.findByRole('table', { name: 'Stock by category' });
    expect(http.to('GET', '/api/reports/stock-by-category')[0].params).toEqual({ category: 'c1' });

    await user.click(screen.getByRole('tab', { name: 'Movements' }));
    expect(screen.getByTestId('search').textContent).toBe('?report=movements');
    await user.selectOptions(screen.getByLabelText('Group by'), 'type');
    await user.selectOptions(screen.getByLabelText('Type'), 'DEDUCTION');
    expect(screen.getByTestId('search').textContent).toBe('?report=movements&groupBy=type&type=DEDUCTION');
    const table = await screen.findByRole('table', { name: 'Movements' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await waitFor(() => expect(http.to('GET', '/api/reports/movements').at(-1)?.params).toEqual({ groupBy: 'type', type: 'DEDUCTION' }));
  });

  it('downloads the report with its filters as CSV, without the page', async () => {
    const user = userEvent.setup();
    const http = renderPage('/reports?report=movements&groupBy=type&page=2', [
      {
        url: '/api/reports/movements',
        reply: (c: never) =>
          (c as { params?: Record<string, string> }).params?.format === 'csv'
            ? { status: 200, data: new Blob(['key,label\r\n']), headers: { 'content-disposition': 'attachment; filename="movements.csv"' } }
            : { status: 200, data: movements },
      },
    ]);
    await screen.findByRole('table', { name: 'Movements' });
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(URL.createObjectURL).toHaveBeenCalled());
    const csv = http.to('GET', '/api/reports/movements').find((c) => (c.params as Record<string, string>).format === 'csv');
    expect(csv?.params).toEqual({ groupBy: 'type', format: 'csv' });
    // Saved as the bytes the server sent, not parsed.
    const saved = vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob;
    expect(await saved.text()).toBe('key,label\r\n');
  });

  it('shows the server’s field error next to the filter', async () => {
    renderPage('/reports?report=dead-stock&days=0', [
      {
        url: '/api/reports/dead-stock',
        reply: [
          {
            status: 400,
            data: { status: 400, detail: 'Invalid', errors: [{ field: 'days', message: 'days must be a whole number from 1 to 3650' }] },
          },
        ],
      },
    ]);
    expect(await screen.findByText('days must be a whole number from 1 to 3650')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Dead stock' })).toHaveAttribute('aria-selected', 'true');
  });
});
