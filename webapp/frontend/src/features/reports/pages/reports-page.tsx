import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { usePageTitle } from '@/lib/use-page-title';
import { useFilterParams } from '@/lib/use-filter-params';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { Pagination } from '@/components/molecules/pagination';
import { SelectField, TextField } from '@/components/molecules/field';
import { EmptyState } from '@/components/molecules/empty-state';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { formatDateTime, formatNumber } from '@/lib/format';
import { toast } from '@/stores/ui';
import type { CategoryStockRow, DeadStockRow, LocationStockRow, MovementRow, StockoutRow } from '@/api/types';
import { exportReportCsv, isReport, REPORTS, reportParams, useReport, useReportCategories, type ReportName } from '@/features/reports/api';
import { MovementChart, StockChart } from '@/features/reports/organisms/report-charts';

const TITLES: Record<ReportName, string> = {
  'stock-by-category': 'Stock by category',
  'stock-by-location': 'Stock by location',
  movements: 'Movements',
  'dead-stock': 'Dead stock',
  stockouts: 'Stockouts',
};

const num = (n: number | undefined) => <span className="tabular-nums">{formatNumber(n ?? 0)}</span>;

function duration(seconds: number | undefined): string {
  const s = seconds ?? 0;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

const itemLink = (id: string | undefined, name: string | null | undefined) => (
  <Link to={`/inventory/${id}`} className="text-blue-800 hover:underline focus-ring">
    {name ?? id}
  </Link>
);

const stockColumns = <T extends { items?: number; units?: number; lowStock?: number; outOfStock?: number }>(): Column<T>[] => [
  { key: 'items', header: 'Items', cell: (r) => num(r.items) },
  { key: 'units', header: 'Units', cell: (r) => num(r.units) },
  { key: 'low', header: 'Low', cell: (r) => num(r.lowStock) },
  { key: 'out', header: 'Out of stock', cell: (r) => num(r.outOfStock) },
];

export default function ReportsPage() {
  usePageTitle('Reports');
  const [params, update] = useFilterParams();
  const report: ReportName = isReport(params.get('report')) ? (params.get('report') as ReportName) : 'stock-by-category';
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function choose(next: ReportName) {
    // Each report has its own filters: start the next one clean.
    const changes: Record<string, string | null> = { report: next };
    params.forEach((_, key) => {
      if (key !== 'report') changes[key] = null;
    });
    update(changes);
  }

  function onTabKey(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + REPORTS.length) % REPORTS.length;
    choose(REPORTS[next]);
    tabs.current[next]?.focus();
  }

  return (
    <section className="space-y-4">
      <div role="tablist" aria-label="Reports" className="flex flex-wrap gap-1 border-b border-slate-300">
        {REPORTS.map((r, i) => (
          <button
            key={r}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            id={`report-tab-${r}`}
            type="button"
            role="tab"
            aria-selected={r === report}
            aria-controls="report-panel"
            tabIndex={r === report ? 0 : -1}
            onClick={() => choose(r)}
            onKeyDown={(e) => onTabKey(e, i)}
            className={`-mb-px rounded-t border px-3 py-2 text-sm font-medium focus-ring ${
              r === report
                ? 'border-slate-300 border-b-white bg-white text-slate-900'
                : 'border-transparent text-slate-700 hover:text-slate-900'
            }`}
          >
            {TITLES[r]}
          </button>
        ))}
      </div>
      <div id="report-panel" role="tabpanel" aria-labelledby={`report-tab-${report}`} className="space-y-4">
        <Report key={report} report={report} params={params} update={update} />
      </div>
    </section>
  );
}

interface ReportProps {
  report: ReportName;
  params: URLSearchParams;
  update: (changes: Record<string, string | null>, resetPage?: boolean) => void;
}

function Report({ report, params, update }: ReportProps) {
  const query = reportParams(report, params);
  const result = useReport(report, query);
  const [exporting, setExporting] = useState(false);
  const errors = Object.fromEntries(fieldErrorsOf(result.error).map((e) => [e.field, e.message])) as Record<string, string | undefined>;
  const value = (key: string) => params.get(key) ?? '';
  const set = (key: string) => (e: { target: { value: string } }) => update({ [key]: e.target.value });

  async function onExport() {
    setExporting(true);
    try {
      await exportReportCsv(report, query);
    } catch (e) {
      toast(describeError(e, 'The export failed.'), 'error');
    } finally {
      setExporting(false);
    }
  }

  const filters: Record<ReportName, ReactNode> = {
    'stock-by-category': <CategoryFilter value={value('category')} onChange={set('category')} error={errors.category} />,
    'stock-by-location': (
      <TextField
        label="Location contains"
        type="search"
        value={value('search')}
        onChange={set('search')}
        error={errors.search}
        maxLength={100}
      />
    ),
    movements: (
      <>
        <TextField label="From (UTC)" type="date" value={value('from')} onChange={set('from')} error={errors.from} />
        <TextField label="To (UTC)" type="date" value={value('to')} onChange={set('to')} error={errors.to} />
        <SelectField label="Group by" value={value('groupBy') || 'day'} onChange={set('groupBy')} error={errors.groupBy}>
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
          <option value="user">User</option>
          <option value="reason">Reason</option>
          <option value="type">Type</option>
        </SelectField>
        <SelectField label="Type" value={value('type')} onChange={set('type')} error={errors.type}>
          <option value="">Additions and deductions</option>
          <option value="ADDITION">Additions</option>
          <option value="DEDUCTION">Deductions</option>
        </SelectField>
      </>
    ),
    'dead-stock': (
      <>
        <TextField
          label="Not moved for (days)"
          type="number"
          min={1}
          max={3650}
          value={value('days') || '90'}
          onChange={set('days')}
          error={errors.days}
        />
        <CategoryFilter value={value('category')} onChange={set('category')} error={errors.category} />
      </>
    ),
    stockouts: (
      <>
        <TextField label="From (UTC)" type="date" value={value('from')} onChange={set('from')} error={errors.from} />
        <TextField label="To (UTC)" type="date" value={value('to')} onChange={set('to')} error={errors.to} />
      </>
    ),
  };

  const data = result.data;
  const rows = (data?.rows ?? []) as unknown[];
  return (
    <>
      <h2 className="text-lg font-semibold text-slate-900">{TITLES[report]}</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{filters[report]}</div>
      <div className="flex flex-wrap gap-3">
        <Button variant="secondary" onClick={() => void onExport()} busy={exporting}>
          Download CSV
        </Button>
      </div>
      {result.isPending ? (
        <LoadingBlock lines={6} label="Loading the report…" />
      ) : result.isError ? (
        <Alert>{describeError(result.error, 'The report could not be loaded.')}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing to report">Change the filters to see more.</EmptyState>
      ) : (
        <>
          <ReportView report={report} rows={rows} />
          <Pagination
            page={data?.page ?? 1}
            pages={data?.pages ?? 1}
            total={data?.total}
            onPageChange={(p) => update({ page: String(p) }, false)}
            label={`${TITLES[report]} pages`}
          />
        </>
      )}
    </>
  );
}

function CategoryFilter({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  error?: string;
}) {
  const categories = useReportCategories();
  return (
    <SelectField label="Category" value={value} onChange={onChange} error={error}>
      <option value="">All categories</option>
      {(categories.data ?? []).map((c) => [
        <option key={c.id} value={c.id}>
          {c.name}
        </option>,
        ...(c.children ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {`${c.name} › ${s.name}`}
          </option>
        )),
      ])}
    </SelectField>
  );
}

function ReportView({ report, rows }: { report: ReportName; rows: unknown[] }) {
  switch (report) {
    case 'stock-by-category': {
      const r = rows as CategoryStockRow[];
      const name = (c: CategoryStockRow) => (c.parentName ? `${c.parentName} › ${c.categoryName}` : (c.categoryName ?? 'Uncategorised'));
      return (
        <>
          <StockChart
            caption="Items per category"
            rows={r.map((c) => ({ name: name(c), items: c.items ?? 0, lowStock: c.lowStock ?? 0, outOfStock: c.outOfStock ?? 0 }))}
          />
          <DataTable<CategoryStockRow>
            caption="Stock by category"
            rows={r}
            rowKey={(c) => c.categoryId ?? 'none'}
            columns={[{ key: 'name', header: 'Category', cell: name }, ...stockColumns<CategoryStockRow>()]}
          />
        </>
      );
    }
    case 'stock-by-location': {
      const r = rows as LocationStockRow[];
      return (
        <>
          <StockChart
            caption="Items per location"
            rows={r.map((l) => ({ name: l.location ?? '', items: l.items ?? 0, lowStock: l.lowStock ?? 0, outOfStock: l.outOfStock ?? 0 }))}
          />
          <DataTable<LocationStockRow>
            caption="Stock by location"
            rows={r}
            rowKey={(l) => l.location ?? ''}
            columns={[{ key: 'location', header: 'Location', cell: (l) => l.location }, ...stockColumns<LocationStockRow>()]}
          />
        </>
      );
    }
    case 'movements': {
      const r = rows as MovementRow[];
      return (
        <>
          <MovementChart rows={r.map((m) => ({ label: m.label ?? m.key ?? '', unitsIn: m.unitsIn ?? 0, unitsOut: m.unitsOut ?? 0 }))} />
          <DataTable<MovementRow>
            caption="Movements"
            rows={r}
            rowKey={(m) => m.key ?? ''}
            columns={[
              { key: 'label', header: 'Group', cell: (m) => m.label },
              { key: 'movements', header: 'Movements', cell: (m) => num(m.movements) },
              { key: 'in', header: 'Units in', cell: (m) => num(m.unitsIn) },
              { key: 'out', header: 'Units out', cell: (m) => num(m.unitsOut) },
            ]}
          />
        </>
      );
    }
    case 'dead-stock':
      return (
        <DataTable<DeadStockRow>
          caption="Dead stock"
          rows={rows as DeadStockRow[]}
          rowKey={(d) => d.itemId ?? ''}
          columns={[
            { key: 'name', header: 'Item', cell: (d) => itemLink(d.itemId, d.name) },
            { key: 'sku', header: 'SKU', cell: (d) => d.sku, className: 'hidden sm:table-cell' },
            { key: 'location', header: 'Location', cell: (d) => d.location, className: 'hidden md:table-cell' },
            { key: 'stock', header: 'Stock', cell: (d) => num(d.currentStock) },
            { key: 'last', header: 'Last movement', cell: (d) => (d.lastMovementAt ? formatDateTime(d.lastMovementAt) : 'Never') },
          ]}
        />
      );
    case 'stockouts':
      return (
        <DataTable<StockoutRow>
          caption="Stockouts"
          rows={rows as StockoutRow[]}
          rowKey={(s) => `${s.itemId}-${s.outAt}`}
          columns={[
            { key: 'name', header: 'Item', cell: (s) => itemLink(s.itemId, s.name) },
            { key: 'sku', header: 'SKU', cell: (s) => s.sku, className: 'hidden sm:table-cell' },
            { key: 'out', header: 'Out since', cell: (s) => formatDateTime(s.outAt) },
            { key: 'back', header: 'Recovered', cell: (s) => (s.recoveredAt ? formatDateTime(s.recoveredAt) : 'Still out') },
            { key: 'duration', header: 'Duration', cell: (s) => duration(s.durationSeconds) },
          ]}
        />
      );
  }
}
