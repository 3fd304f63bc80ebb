import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { cx } from '@/lib/cx';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the header a sort button. */
  sortable?: boolean;
  className?: string;
}

export interface SortState {
  key: string;
  order: 'asc' | 'desc';
}

export interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
  selectable?: boolean;
  selected?: Set<string>;
  onSelectedChange?: (selected: Set<string>) => void;
  rowLabel?: (row: T) => string;
  /** Virtualise rows above this count (default 50). */
  virtualizeAbove?: number;
}

const ROW_HEIGHT = 49;

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  sort,
  onSortChange,
  selectable = false,
  selected = new Set<string>(),
  onSelectedChange,
  rowLabel,
  virtualizeAbove = 50,
}: DataTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length > virtualizeAbove;
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(rowKey(r)));
  function toggleAll() {
    const next = new Set(selected);
    rows.forEach((r) => (allSelected ? next.delete(rowKey(r)) : next.add(rowKey(r))));
    onSelectedChange?.(next);
  }
  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange?.(next);
  }

  function renderRow(row: T, index: number) {
    const id = rowKey(row);
    return (
      <tr key={id} data-index={index} className="border-t border-slate-200 hover:bg-slate-50">
        {selectable && (
          <td className="w-10 px-3 py-2">
            <input
              type="checkbox"
              className="h-4 w-4 focus-ring"
              checked={selected.has(id)}
              onChange={() => toggle(id)}
              aria-label={`Select ${rowLabel ? rowLabel(row) : id}`}
            />
          </td>
        )}
        {columns.map((c) => (
          <td key={c.key} className={cx('px-3 py-2 align-middle text-sm text-slate-900', c.className)}>
            {c.cell(row)}
          </td>
        ))}
      </tr>
    );
  }

  const items = virtual ? virtualizer.getVirtualItems() : [];
  const padTop = virtual && items.length ? items[0].start : 0;
  const padBottom = virtual && items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const colSpan = columns.length + (selectable ? 1 : 0);

  return (
    <div
      ref={scroller}
      className={cx('overflow-x-auto rounded-lg border border-slate-300 bg-white', virtual && 'max-h-[70vh] overflow-y-auto')}
    >
      <table className="min-w-full border-collapse">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-slate-100">
          <tr>
            {selectable && (
              <th scope="col" className="w-10 px-3 py-2 text-left">
                <input
                  type="checkbox"
                  className="h-4 w-4 focus-ring"
                  checked={allSelected}
                  onChange={toggleAll}
                  aria-label="Select all rows on this page"
                />
              </th>
            )}
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = c.sortable ? (active ? (sort?.order === 'asc' ? 'ascending' : 'descending') : 'none') : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={ariaSort}
                  className={cx('px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-700', c.className)}
                >
                  {c.sortable && onSortChange ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 rounded uppercase focus-ring"
                      onClick={() => onSortChange({ key: c.key, order: active && sort?.order === 'asc' ? 'desc' : 'asc' })}
                    >
                      {c.header}
                      <span aria-hidden="true">{active ? (sort?.order === 'asc' ? '▲' : '▼') : '↕'}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {virtual ? (
            <>
              {padTop > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={colSpan} style={{ height: padTop }} />
                </tr>
              )}
              {items.map((v) => renderRow(rows[v.index], v.index))}
              {padBottom > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={colSpan} style={{ height: padBottom }} />
                </tr>
              )}
            </>
          ) : (
            rows.map((r, i) => renderRow(r, i))
          )}
        </tbody>
      </table>
    </div>
  );
}
