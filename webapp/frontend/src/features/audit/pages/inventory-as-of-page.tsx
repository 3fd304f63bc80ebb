import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { InventoryAsOfLine } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { TextField } from '@/components/molecules/field';
import { Pagination } from '@/components/molecules/pagination';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatNumber } from '@/lib/format';
import { useFilterParams } from '@/lib/use-filter-params';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import { downloadInventoryAsOfCsv, useInventoryAsOf } from '@/features/audit/api';
import { localNow, localToIso } from '@/features/audit/local-time';
import { AuditNav } from '@/features/audit/organisms/audit-nav';

const columns: Column<InventoryAsOfLine>[] = [
  { key: 'name', header: 'Item', cell: (l) => <Link to={`/audit/items/${l.itemId}`}>{l.name}</Link> },
  { key: 'sku', header: 'SKU', cell: (l) => l.sku },
  { key: 'location', header: 'Location', cell: (l) => l.location },
  { key: 'minThreshold', header: 'Minimum', cell: (l) => l.minThreshold, className: 'tabular-nums' },
  { key: 'archived', header: 'Archived', cell: (l) => (l.archived ? 'Yes' : 'No') },
  {
    key: 'stock',
    header: 'Stock',
    cell: (l) => <span className={l.stock < 0 ? 'font-semibold text-red-800' : ''}>{l.stock}</span>,
    className: 'tabular-nums',
  },
];

export default function InventoryAsOfPage() {
  usePageTitle('Inventory as of');
  const [params, update] = useFilterParams();
  // Untouched, the page asks for the moment it opened, to the millisecond: the field shows only the minute, and
  // that minute's start would leave out what was created since.
  const [openedAt] = useState(() => new Date());
  const chosenAt = params.get('at');
  const atLocal = chosenAt ?? localNow(openedAt);
  const knownLocal = params.get('knownAt') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const at = chosenAt === null ? openedAt.toISOString() : localToIso(chosenAt);
  const knownAt = localToIso(knownLocal);
  const inventory = useInventoryAsOf(at, knownAt, page);
  const [downloading, setDownloading] = useState(false);
  const fieldErrors: Record<string, string | undefined> = Object.fromEntries(
    fieldErrorsOf(inventory.error).map((e) => [e.field, e.message]),
  );

  async function download() {
    if (!at) return;
    setDownloading(true);
    try {
      await downloadInventoryAsOfCsv(at, knownAt);
    } catch (e) {
      toast(describeError(e, 'The CSV could not be downloaded.'), 'error');
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="space-y-4" aria-label="Inventory as of">
      <AuditNav />
      <p className="max-w-3xl text-sm text-slate-700">
        Every item&apos;s stock at an effective time, counting back-dated movements where they took effect. Set “As known at” to see what
        the records showed at that moment, before later corrections.
      </p>
      <div className="grid max-w-3xl gap-3 sm:grid-cols-3">
        <TextField
          label="Effective time"
          type="datetime-local"
          required
          value={atLocal}
          onChange={(e) => update({ at: e.target.value })}
          error={fieldErrors.at ?? (at ? undefined : 'Choose a date and time')}
        />
        <TextField
          label="As known at"
          type="datetime-local"
          hint="Empty: as known now"
          value={knownLocal}
          onChange={(e) => update({ knownAt: e.target.value })}
          error={fieldErrors.knownAt}
        />
        <div className="self-end">
          <Button variant="secondary" onClick={() => void download()} busy={downloading} disabled={!at}>
            Download CSV
          </Button>
        </div>
      </div>
      {!at ? null : inventory.isPending ? (
        <LoadingBlock lines={8} label="Loading the inventory…" />
      ) : inventory.isError ? (
        <Alert>{describeError(inventory.error, 'The inventory could not be loaded.')}</Alert>
      ) : inventory.data.items.length === 0 ? (
        <EmptyState title="No items existed then" />
      ) : (
        <>
          <p role="status" aria-live="polite" className="text-sm font-medium text-slate-900" data-testid="as-of-totals">
            {formatNumber(inventory.data.totals.items)} items, {formatNumber(inventory.data.totals.stock)} units in stock
          </p>
          <DataTable
            caption="Inventory as of the chosen time"
            columns={columns}
            rows={inventory.data.items}
            rowKey={(l) => l.itemId}
            virtualizeAbove={500}
          />
          <Pagination
            page={inventory.data.page}
            pages={inventory.data.totalPages}
            total={inventory.data.totals.items}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label="Inventory pages"
          />
        </>
      )}
    </section>
  );
}
