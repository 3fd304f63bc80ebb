import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StockModal } from './stock-modal';

function setup(current = 5) {
  const onConfirm = vi.fn(async () => {});
  const onClose = vi.fn();
  const user = userEvent.setup();
  render(<StockModal open itemName="Widget" currentStock={current} onConfirm={onConfirm} onClose={onClose} />);
  const dialog = screen.getByRole('dialog', { name: 'Update stock' });
  return { user, onConfirm, onClose, dialog };
}

describe('StockModal', () => {
  it('is a labelled dialog showing current and resulting stock live', async () => {
    const { user } = setup(5);
    expect(screen.getByText('Current stock: 5')).toBeInTheDocument();
    expect(screen.getByText('Resulting stock: 5')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Quantity/), '3');
    expect(screen.getByText('Resulting stock: 8')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Deduct' }));
    expect(screen.getByText('Resulting stock: 2')).toBeInTheDocument();
  });

  it('refuses a deduction below zero', async () => {
    const { user, onConfirm } = setup(5);
    await user.click(screen.getByRole('radio', { name: 'Deduct' }));
    await user.type(screen.getByLabelText(/^Quantity/), '7');
    await user.type(screen.getByLabelText(/^Reason/), 'Damaged');
    expect(screen.getByText('Resulting stock: -2')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByText('You cannot deduct more than the current stock (5)')).toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('requires a reason and a positive whole quantity', async () => {
    const { user, onConfirm } = setup(5);
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByText('Reason is required')).toBeInTheDocument();
    expect(screen.getByText(/Quantity must be a whole number/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Quantity/), '0');
    await user.type(screen.getByLabelText(/^Reason/), '   ');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByText('Reason is required')).toBeInTheDocument();
    expect(screen.getByText(/Quantity must be a whole number/)).toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('confirms a valid movement', async () => {
    const { user, onConfirm } = setup(5);
    await user.click(screen.getByRole('radio', { name: 'Deduct' }));
    await user.type(screen.getByLabelText(/^Quantity/), '5');
    await user.type(screen.getByLabelText(/^Reason/), ' Picked for order 42 ');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(onConfirm).toHaveBeenCalledWith({ type: 'deduction', quantity: 5, reason: 'Picked for order 42' });
  });

  it('closes on Escape and traps focus', async () => {
    const { user, onClose, dialog } = setup(1);
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});
