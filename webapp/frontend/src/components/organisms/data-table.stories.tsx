import { useMemo, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { DataTable, type Column, type SortState } from './data-table';

interface Row {
  id: string;
  name: string;
  sku: string;
  stock: number;
}

const rows: Row[] = Array.from({ length: 8 }, (_, i) => ({
  id: `itm-${i + 1}`,
  name: `Item ${i + 1}`,
  sku: `SKU-${String(i + 1).padStart(3, '0')}`,
  stock: (i * 7) % 23,
}));
const manyRows: Row[] = Array.from({ length: 500 }, (_, i) => ({
  id: `itm-${i + 1}`,
  name: `Item ${i + 1}`,
  sku: `SKU-${String(i + 1).padStart(4, '0')}`,
  stock: (i * 7) % 23,
}));

const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', cell: (r) => r.name, sortable: true },
  { key: 'sku', header: 'SKU', cell: (r) => <span className="font-mono">{r.sku}</span>, sortable: true },
  { key: 'stock', header: 'Stock', cell: (r) => r.stock, sortable: true, className: 'tabular-nums' },
];

function StatefulTable({ data, selectable }: { data: Row[]; selectable?: boolean }) {
  const [sort, setSort] = useState<SortState>({ key: 'name', order: 'asc' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const sorted = useMemo(() => {
    const dir = sort.order === 'asc' ? 1 : -1;
    const k = sort.key as keyof Row;
    return [...data].sort((a, b) => (a[k] < b[k] ? -dir : a[k] > b[k] ? dir : 0));
  }, [data, sort]);
  return (
    <DataTable
      caption="Items"
      columns={columns}
      rows={sorted}
      rowKey={(r) => r.id}
      rowLabel={(r) => r.name}
      sort={sort}
      onSortChange={setSort}
      selectable={selectable}
      selected={selected}
      onSelectedChange={setSelected}
    />
  );
}

const meta = {
  title: 'Organisms/DataTable',
  component: StatefulTable,
  args: { data: rows, selectable: false },
  argTypes: { data: { control: false } },
} satisfies Meta<typeof StatefulTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Sortable: Story = {};
export const Selectable: Story = { args: { selectable: true } };
/** Above 50 rows the body is virtualised. */
export const Virtualised: Story = { args: { data: manyRows, selectable: true } };
