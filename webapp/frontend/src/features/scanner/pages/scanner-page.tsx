import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { useRole } from '@/stores/session';
import { can } from '@/lib/roles';
import type { ItemView } from '@/api/types';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import { StatusBadge } from '@/components/atoms/status-badge';
import { findByCode } from '@/api/items';
import type { StockDialogComponent } from '@/types/stock-dialog';
import { CameraScanner } from '@/features/scanner/organisms/camera-scanner';

type Lookup =
  | { state: 'idle' }
  | { state: 'loading'; code: string }
  | { state: 'found'; item: ItemView; code: string }
  | { state: 'missing'; code: string }
  | { state: 'error'; message: string };

export default function ScannerPage({ StockDialog }: { StockDialog: StockDialogComponent }) {
  usePageTitle('Scanner');
  const role = useRole();
  const [manual, setManual] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const [modalOpen, setModalOpen] = useState(false);
  // Only the latest lookup may show its answer (a slow older one must not overwrite it).
  const seq = useRef(0);

  async function look(code: string) {
    const trimmed = code.trim();
    if (!trimmed) return;
    const mine = ++seq.current;
    setLookup({ state: 'loading', code: trimmed });
    try {
      const item = await findByCode(trimmed);
      if (mine !== seq.current) return;
      if (item) {
        setLookup({ state: 'found', item, code: trimmed });
        if (can.adjustStock(role)) setModalOpen(true);
      } else {
        setLookup({ state: 'missing', code: trimmed });
      }
    } catch (e) {
      if (mine !== seq.current) return;
      setLookup({ state: 'error', message: describeError(e, 'The lookup failed.') });
    }
  }

  function onManual(e: FormEvent) {
    e.preventDefault();
    void look(manual);
  }

  // The camera gets the wider column: 1D codes decode at the size the video is shown (>= 2 px per bar).
  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
      <section aria-labelledby="camera-heading" className="rounded-lg bg-white p-4 shadow-sm">
        <h2 id="camera-heading" className="mb-3 text-base font-semibold text-slate-900">
          Camera
        </h2>
        <CameraScanner onDecoded={(c) => void look(c)} paused={modalOpen || lookup.state === 'loading'} />
      </section>
      <section aria-labelledby="manual-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
        <h2 id="manual-heading" className="text-base font-semibold text-slate-900">
          Type a code
        </h2>
        <form onSubmit={onManual} className="flex flex-wrap items-end gap-3">
          <div className="min-w-[12rem] flex-1">
            <TextField
              label="Barcode or SKU"
              value={manual}
              onChange={(e) => setManual(e.target.value)}
              autoComplete="off"
              maxLength={100}
            />
          </div>
          <Button type="submit" busy={lookup.state === 'loading'}>
            Look up
          </Button>
        </form>
        <div aria-live="polite" data-testid="scan-result">
          {lookup.state === 'loading' && <p className="text-sm text-slate-700">Looking up {lookup.code}…</p>}
          {lookup.state === 'missing' && <Alert tone="warning">No item matches “{lookup.code}”.</Alert>}
          {lookup.state === 'error' && <Alert>{lookup.message}</Alert>}
          {lookup.state === 'found' && (
            <div className="rounded-md border border-slate-300 p-3">
              <p className="text-sm text-slate-700">Found ({lookup.code}):</p>
              <p className="text-lg font-semibold text-slate-900" data-testid="scanned-item-name">
                <Link to={`/inventory/${lookup.item.id}`} className="text-blue-800 hover:underline focus-ring">
                  {lookup.item.name}
                </Link>
              </p>
              <div className="mt-1 flex items-center gap-3 text-sm">
                <StatusBadge status={lookup.item.status} />
                <span>Stock: {lookup.item.currentStock}</span>
              </div>
              {can.adjustStock(role) && (
                <Button className="mt-3" variant="secondary" onClick={() => setModalOpen(true)}>
                  Adjust stock
                </Button>
              )}
            </div>
          )}
        </div>
      </section>
      {lookup.state === 'found' && (
        <StockDialog
          item={lookup.item}
          open={modalOpen}
          onClose={() => setModalOpen(false)}
          onDone={(updated) => setLookup({ state: 'found', item: updated, code: lookup.code })}
        />
      )}
    </div>
  );
}
