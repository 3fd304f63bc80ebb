import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/organisms/modal';
import { Button } from '@/components/atoms/button';
import { Alert } from '@/components/atoms/alert';
import { TextField, TextAreaField } from '@/components/molecules/field';

export type AdjustmentType = 'addition' | 'deduction';

export interface StockAdjustment {
  type: AdjustmentType;
  quantity: number;
  reason: string;
}

export interface StockModalProps {
  open: boolean;
  itemName: string;
  currentStock: number;
  onClose: () => void;
  onConfirm: (adjustment: StockAdjustment) => Promise<unknown> | void;
  /** A server error to show (e.g. the problem's detail after a rollback). */
  serverError?: string | null;
  busy?: boolean;
  defaultType?: AdjustmentType;
}

const MAX_QUANTITY = 1_000_000_000;

export function parseQuantity(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && n <= MAX_QUANTITY ? n : null;
}

export function resultingStock(current: number, type: AdjustmentType, quantity: number | null): number {
  if (quantity === null) return current;
  return type === 'addition' ? current + quantity : current - quantity;
}

/** "Update stock": add or deduct with a reason; shows the resulting stock live; refuses going below zero. */
export function StockModal({
  open,
  itemName,
  currentStock,
  onClose,
  onConfirm,
  serverError,
  busy = false,
  defaultType = 'addition',
}: StockModalProps) {
  const [type, setType] = useState<AdjustmentType>(defaultType);
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ quantity?: string; reason?: string }>({});
  const groupId = useId();
  const quantityRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- every opening of the dialog starts from an empty form
      setType(defaultType);
      setQuantity('');
      setReason('');
      setErrors({});
    }
  }, [open, defaultType]);

  const q = parseQuantity(quantity);
  const result = resultingStock(currentStock, type, q);
  const belowZero = type === 'deduction' && q !== null && result < 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    if (q === null) next.quantity = 'Quantity must be a whole number from 1 to 1,000,000,000';
    else if (belowZero) next.quantity = `You cannot deduct more than the current stock (${currentStock})`;
    if (!reason.trim()) next.reason = 'Reason is required';
    else if (reason.trim().length > 500) next.reason = 'Reason must be at most 500 characters';
    setErrors(next);
    if (Object.keys(next).length > 0 || q === null) return;
    await onConfirm({ type, quantity: q, reason: reason.trim() });
  }

  return (
    <Modal open={open} title="Update stock" onClose={onClose} initialFocus={quantityRef}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <p className="text-sm text-slate-700">
          Item:{' '}
          <strong className="text-slate-900" data-testid="stock-modal-item">
            {itemName}
          </strong>
        </p>
        {serverError && <Alert>{serverError}</Alert>}
        <fieldset>
          <legend id={groupId} className="text-sm font-medium text-slate-800">
            Movement
          </legend>
          <div className="mt-2 flex gap-6">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="type"
                value="addition"
                checked={type === 'addition'}
                onChange={() => setType('addition')}
                className="h-4 w-4 focus-ring"
              />
              Add
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="type"
                value="deduction"
                checked={type === 'deduction'}
                onChange={() => setType('deduction')}
                className="h-4 w-4 focus-ring"
              />
              Deduct
            </label>
          </div>
        </fieldset>
        <TextField
          ref={quantityRef}
          label="Quantity"
          inputMode="numeric"
          required
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={errors.quantity}
          autoComplete="off"
        />
        <TextAreaField label="Reason" required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
        <div className="rounded-md bg-slate-100 px-3 py-2 text-sm" aria-live="polite">
          <p data-testid="stock-current">Current stock: {currentStock}</p>
          <p data-testid="stock-resulting" className={belowZero ? 'font-semibold text-red-800' : 'font-semibold text-slate-900'}>
            Resulting stock: {result}
          </p>
          {belowZero && <p className="text-red-800">Stock cannot go below zero.</p>}
        </div>
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={busy}>
            Confirm
          </Button>
        </div>
      </form>
    </Modal>
  );
}
