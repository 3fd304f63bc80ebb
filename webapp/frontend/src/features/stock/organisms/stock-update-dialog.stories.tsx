import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import type { FakeRoute } from '@/../.storybook/decorators';
import type { AdjustStock, ItemView } from '@/api/types';
import { qk } from '@/api/query-keys';
import { Button } from '@/components/atoms/button';
import { StatusBadge } from '@/components/atoms/status-badge';
import { statusFor } from '@/lib/stock-status';
import { StockUpdateDialog } from './stock-update-dialog';
import { anItem } from '@/test/items';

const item: ItemView = anItem({
  id: 'itm-1',
  name: 'Cordless drill 18V',
  sku: 'DRL-18V-001',
  location: 'Warehouse A',
  shelf: 'B-03',
  currentStock: 12,
  minThreshold: 5,
  status: 'In Stock',
  version: 3,
});

/**
 * A fake of the two endpoints the dialog uses (POST …/stock, then the GET refetch after
 * invalidation), answered in the browser through a fake fetch (see
 * .storybook/decorators.tsx). State is fresh on every story load.
 */
function fakeStockApi({ refuse }: { refuse?: { status: number; detail: string } } = {}): () => FakeRoute[] {
  return () => {
    let current: ItemView = { ...item };
    return [
      { method: 'GET', url: `/api/inventory/${item.id}`, reply: () => ({ status: 200, data: { item: current } }) },
      {
        method: 'POST',
        url: `/api/inventory/${item.id}/stock`,
        delayMs: 700,
        reply: (config) => {
          if (refuse)
            return {
              status: refuse.status,
              data: { status: refuse.status, title: 'Stock not updated', detail: refuse.detail, errors: [] },
            };
          const body = JSON.parse(String(config.data)) as AdjustStock;
          const stock = (current.currentStock ?? 0) + (body.type === 'addition' ? body.quantity : -body.quantity);
          current = {
            ...current,
            currentStock: stock,
            status: statusFor(stock, current.minThreshold ?? 0),
            version: (current.version ?? 0) + 1,
          };
          const transaction = {
            id: 'tx-1',
            productId: item.id,
            productName: item.name,
            quantity: body.quantity,
            transactionType: body.type,
            reason: body.reason,
            stockAfter: stock,
          };
          return { status: 200, data: { item: current, transaction } };
        },
      },
    ];
  };
}

/** What the item page shows: the cached item (seeded by the decorator) and the trigger. */
function ItemPanel({ onDone }: { onDone?: (updated: ItemView) => void }) {
  const [open, setOpen] = useState(true);
  const cached = useQuery({ queryKey: qk.item(item.id!), queryFn: () => item, enabled: false, initialData: item });
  const shown = cached.data;
  return (
    <div className="space-y-3 p-4">
      <p className="text-sm text-slate-800" data-testid="panel-stock">
        {shown.name}: <strong>{shown.currentStock}</strong> in stock <StatusBadge status={shown.status} />
      </p>
      <Button onClick={() => setOpen(true)}>Update stock</Button>
      <StockUpdateDialog item={shown} open={open} onClose={() => setOpen(false)} onDone={onDone} />
    </div>
  );
}

const meta = {
  title: 'Features/Stock/StockUpdateDialog',
  component: ItemPanel,
  args: { onDone: fn() },
  parameters: {
    layout: 'fullscreen',
    toaster: true,
    queryData: [[qk.item(item.id!), item]],
    api: fakeStockApi(),
  },
} satisfies Meta<typeof ItemPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Succeeds after 700 ms: the stock moves at once (optimistic), then a toast confirms. */
export const Succeeds: Story = {};

/** The server refuses: the optimistic change is rolled back and the problem's detail is shown. */
export const ServerRefuses: Story = {
  parameters: { api: fakeStockApi({ refuse: { status: 409, detail: 'The stock was changed by someone else. Reload and try again.' } }) },
};

export const SubmitSucceeds: Story = {
  play: async ({ args, canvas, userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await page.findByRole('dialog', { name: 'Update stock' });
    await userEvent.type(page.getByLabelText(/^Quantity/), '3');
    await userEvent.type(page.getByLabelText(/^Reason/), 'Delivery 4711');
    await userEvent.click(page.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(canvas.getByTestId('panel-stock')).toHaveTextContent(/: 15 in stock/));
    await waitFor(() => expect(args.onDone).toHaveBeenCalled(), { timeout: 3000 });
    await expect(await page.findByText('Added 3 · Cordless drill 18V now has 15')).toBeInTheDocument();
  },
};

export const SubmitRolledBack: Story = {
  parameters: ServerRefuses.parameters,
  play: async ({ args, canvas, userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await page.findByRole('dialog', { name: 'Update stock' });
    await userEvent.click(page.getByRole('radio', { name: 'Deduct' }));
    await userEvent.type(page.getByLabelText(/^Quantity/), '10');
    await userEvent.type(page.getByLabelText(/^Reason/), 'Picked for order 42');
    await userEvent.click(page.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(canvas.getByTestId('panel-stock')).toHaveTextContent(/: 2 in stock/));
    await expect(
      await page.findByText('The stock was changed by someone else. Reload and try again.', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    await expect(canvas.getByTestId('panel-stock')).toHaveTextContent(/: 12 in stock/);
    await expect(args.onDone).not.toHaveBeenCalled();
  },
};
