import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { useDebounced } from '@/lib/use-debounced';
import { useRole } from '@/stores/session';
import { can } from '@/lib/roles';
import { DataTable, type Column, type SortState } from '@/components/organisms/data-table';
import { Pagination } from '@/components/molecules/pagination';
import { SelectField, TextField } from '@/components/molecules/field';
import { EmptyState } from '@/components/molecules/empty-state';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { Button, buttonClasses } from '@/components/atoms/button';
import { describeError } from '@/api/problem';
import type { ItemView, StockStatus } from '@/api/types';
import { StatusBadge } from '@/components/atoms/status-badge';
import { useCategories, useItems } from '@/features/inventory/api';
import type { ListParams } from '@/api/items';
import { useFilterParams } from '@/lib/use-filter-params';

const STATUSES: StockStatus[] = ['In Stock', 'Low Stock', 'Out of Stock'];

export default function InventoryListPage() {
  usePageTitle('Inventory');
  const role = useRole();
  const navigate = useNavigate();
  const [params, update] = useFilterParams();
  const [searchText, setSearchText] = useState(params.get('search') ?? '');
  const debounced = useDebounced(searchText, 300);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const categories = useCategories();

  useEffect(() => {
    // The user may have clicked away while the next page's code loads (this page stays mounted
    // meanwhile): writing the search into the URL now would pull them back here.
    if (window.location.pathname !== '/inventory') return;
    if ((params.get('search') ?? '') !== debounced.trim()) update({ search: debounced.trim() || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const listParams: ListParams = useMemo(
    () => ({
      search: params.get('search') ?? undefined,
      category: params.get('category') ?? undefined,
      status: params.get('status') ?? undefined,
      sort: params.get('sort') ?? 'name',
      order: params.get('order') ?? 'asc',
      page: params.get('page') ?? '1',
      limit: params.get('limit') ?? '20',
    }),
    [params],
  );
  const items = useItems(listParams);
  const sort: SortState = { key: listParams.sort ?? 'name', order: listParams.order === 'desc' ? 'desc' : 'asc' };
  const rows = items.data?.items ?? [];

  const columns: Column<ItemView>[] = [
    {
      key: 'name',
      header: 'Name',
      sortable: true,
      cell: (i) => (
        <Link to={`/inventory/${i.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline focus-ring">
          {i.name}
        </Link>
      ),
    },
    { key: 'sku', header: 'SKU', sortable: true, cell: (i) => <span className="font-mono text-xs">{i.sku}</span> },
    {
      key: 'category',
      header: 'Category',
      sortable: true,
      cell: (i) => [i.category, i.subCategory].filter(Boolean).join(' › ') || '—',
      className: 'hidden md:table-cell',
    },
    {
      key: 'location',
      header: 'Location',
      sortable: true,
      cell: (i) => [i.location, i.shelf].filter(Boolean).join(' / '),
      className: 'hidden sm:table-cell',
    },
    { key: 'currentStock', header: 'Stock', sortable: true, cell: (i) => <span className="tabular-nums">{i.currentStock}</span> },
    {
      key: 'minThreshold',
      header: 'Min',
      sortable: true,
      cell: (i) => <span className="tabular-nums">{i.minThreshold}</span>,
      className: 'hidden lg:table-cell',
    },
    { key: 'status', header: 'Status', sortable: true, cell: (i) => <StatusBadge status={i.status} /> },
  ];

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-[12rem] flex-1">
          <TextField
            label="Search"
            type="search"
            placeholder="Name, SKU or barcode"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            maxLength={100}
          />
        </div>
        <div className="w-full sm:w-48">
          <SelectField label="Category" value={params.get('category') ?? ''} onChange={(e) => update({ category: e.target.value })}>
            <option value="">All categories</option>
            {(categories.data ?? [])
              .filter((c) => !c.parentId)
              .flatMap((c) => [c, ...(c.children ?? [])])
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.parentId ? `— ${c.name}` : c.name}
                </option>
              ))}
          </SelectField>
        </div>
        <div className="w-full sm:w-44">
          <SelectField label="Status" value={params.get('status') ?? ''} onChange={(e) => update({ status: e.target.value })}>
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="w-full sm:w-32">
          <SelectField label="Rows per page" value={listParams.limit} onChange={(e) => update({ limit: e.target.value })}>
            {['20', '50', '100'].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {can.createItem(role) && (
          <Link to="/inventory/new" className={buttonClasses('primary')}>
            New item
          </Link>
        )}
        <Button variant="secondary" disabled={selected.size === 0} onClick={() => navigate(`/labels?ids=${[...selected].join(',')}`)}>
          Print labels{selected.size > 0 ? ` (${selected.size})` : ''}
        </Button>
        {items.isFetching && !items.isPending && (
          <span className="text-sm text-slate-600" role="status">
            Updating…
          </span>
        )}
      </div>
      {items.isPending ? (
        <LoadingBlock lines={8} label="Loading inventory…" />
      ) : items.isError ? (
        <Alert>{describeError(items.error, 'The inventory could not be loaded.')}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState title="No items found">
          {params.get('search') || params.get('category') || params.get('status')
            ? 'Try other filters or clear the search.'
            : 'There are no items yet.'}
        </EmptyState>
      ) : (
        <>
          <DataTable
            caption="Inventory items"
            columns={columns}
            rows={rows}
            rowKey={(i) => i.id!}
            rowLabel={(i) => i.name ?? i.id ?? ''}
            sort={sort}
            onSortChange={(s) => update({ sort: s.key, order: s.order })}
            selectable
            selected={selected}
            onSelectedChange={setSelected}
          />
          <Pagination
            page={items.data?.page ?? 1}
            pages={items.data?.pages ?? 1}
            total={items.data?.total}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label="Inventory pages"
          />
        </>
      )}
    </section>
  );
}
