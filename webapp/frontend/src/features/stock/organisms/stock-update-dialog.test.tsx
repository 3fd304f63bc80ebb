import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClientProvider } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';
import type { ItemView } from '@/api/types';
import { scriptedFetch } from '@/test/fake-http';
import { StockUpdateDialog } from './stock-update-dialog';
import { anItem } from '@/test/items';

const item: ItemView = anItem({ id: 'i1', name: 'Widget', currentStock: 5, minThreshold: 2, version: 3 });

describe('StockUpdateDialog idempotency', () => {
  afterEach(() => {});

  it('resends the same Idempotency-Key for an unchanged retry and a new one for a changed payload', async () => {
    const conflict = { status: 409, data: { status: 409, title: 'Conflict', detail: 'Try again later' } };
    const { fetch, calls } = scriptedFetch([conflict, conflict, conflict]);
    vi.stubGlobal('fetch', fetch);
    // The item's own refetches are GETs; keep only the stock POSTs.
    const posts = () => calls.filter((c) => c.method === 'post');
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <StockUpdateDialog item={item} open onClose={() => {}} />
      </QueryClientProvider>,
    );
    const quantity = screen.getByLabelText(/^Quantity/);
    expect(quantity).toHaveFocus();
    await user.type(quantity, '2');
    await user.type(screen.getByLabelText(/^Reason/), 'Delivery');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await screen.findByText('Try again later');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(posts()).toHaveLength(2));
    await user.clear(screen.getByLabelText(/^Quantity/));
    await user.type(screen.getByLabelText(/^Quantity/), '3');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(posts()).toHaveLength(3));

    const keys = posts().map((c) => String(c.headers.get('Idempotency-Key')));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    // The error shows once, in the dialog (the request is silent: no toast).
    expect(screen.getAllByText('Try again later')).toHaveLength(1);
  });
});
