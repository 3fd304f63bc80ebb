import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { Button } from '@/components/atoms/button';
import { StockModal, type StockAdjustment } from './stock-modal';

/**
 * The presentational stock dialog: all I/O goes through onConfirm / onClose, so the stories pass
 * spies (as StockModal.test.tsx does). The API-wired version is Features/Stock/StockUpdateDialog.
 */
const meta = {
  title: 'Features/Stock/StockModal',
  component: StockModal,
  parameters: { layout: 'fullscreen' },
  args: {
    open: true,
    itemName: 'Cordless drill 18V',
    currentStock: 12,
    defaultType: 'addition',
    busy: false,
    serverError: null,
    onClose: fn(),
    onConfirm: fn(),
  },
  argTypes: { defaultType: { control: 'inline-radio', options: ['addition', 'deduction'] } },
} satisfies Meta<typeof StockModal>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Addition: Story = {};
export const Deduction: Story = { args: { defaultType: 'deduction' } };
export const Busy: Story = { args: { busy: true } };

/** A server refusal after the optimistic update was rolled back. */
export const ServerError: Story = {
  args: { defaultType: 'deduction', serverError: 'Insufficient stock: Cordless drill 18V has 3 left.' },
};

export const OutOfStockItem: Story = { args: { currentStock: 0, defaultType: 'deduction' } };

/** The resulting stock is shown live and a deduction below zero is refused. */
export const RefusesBelowZero: Story = {
  play: async ({ args, userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    const dialog = await page.findByRole('dialog', { name: 'Update stock' });
    await userEvent.click(page.getByRole('radio', { name: 'Deduct' }));
    await userEvent.type(page.getByLabelText(/^Quantity/), '20');
    await userEvent.type(page.getByLabelText(/^Reason/), 'Damaged in transit');
    await expect(dialog).toHaveTextContent('Resulting stock: -8');
    await userEvent.click(page.getByRole('button', { name: 'Confirm' }));
    await expect(page.getByText('You cannot deduct more than the current stock (12)')).toBeInTheDocument();
    await expect(args.onConfirm).not.toHaveBeenCalled();
  },
};

export const ValidationErrors: Story = {
  play: async ({ userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await page.findByRole('dialog', { name: 'Update stock' });
    await userEvent.click(page.getByRole('button', { name: 'Confirm' }));
    await expect(page.getByText('Reason is required')).toBeInTheDocument();
    await expect(page.getByText(/Quantity must be a whole number/)).toBeInTheDocument();
  },
};

export const ConfirmsAMovement: Story = {
  play: async ({ args, userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await page.findByRole('dialog', { name: 'Update stock' });
    await userEvent.type(page.getByLabelText(/^Quantity/), '5');
    await userEvent.type(page.getByLabelText(/^Reason/), 'Delivery 4711');
    await expect(page.getByText('Resulting stock: 17')).toBeInTheDocument();
    await userEvent.click(page.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(args.onConfirm).toHaveBeenCalledWith({ type: 'addition', quantity: 5, reason: 'Delivery 4711' }));
  },
};

/** Stateful, no backend: Confirm "saves" after a short delay and closes. */
export const Interactive: Story = {
  args: { open: false },
  render: function Render(args) {
    const [open, setOpen] = useState(true);
    const [stock, setStock] = useState(args.currentStock);
    const [busy, setBusy] = useState(false);
    async function confirm(adj: StockAdjustment) {
      args.onConfirm(adj);
      setBusy(true);
      await new Promise((resolve) => setTimeout(resolve, 600));
      setStock((s) => (adj.type === 'addition' ? s + adj.quantity : s - adj.quantity));
      setBusy(false);
      setOpen(false);
    }
    return (
      <div className="space-y-3 p-4">
        <p className="text-sm">
          {args.itemName}: <strong>{stock}</strong> in stock
        </p>
        <Button onClick={() => setOpen(true)}>Update stock</Button>
        <StockModal
          {...args}
          open={open}
          currentStock={stock}
          busy={busy}
          onConfirm={confirm}
          onClose={() => {
            setOpen(false);
            args.onClose();
          }}
        />
      </div>
    );
  },
};
