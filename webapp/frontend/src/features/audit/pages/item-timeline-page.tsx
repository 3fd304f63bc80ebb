import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ItemAsOf, TimelineLine } from '@/api/types';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { DataTable, type Column } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { useDebounced } from '@/lib/use-debounced';
import { usePageTitle } from '@/lib/use-page-title';
import { useItemAsOf, useItemTimeline } from '@/features/audit/api';
import { AuditNav } from '@/features/audit/organisms/audit-nav';
import { StockTimelineChart } from '@/features/audit/organisms/stock-timeline-chart';
import { effectiveLine, recordedLine, sliderStops } from '@/features/audit/timeline';

const columns: Column<TimelineLine>[] = [
  { key: 'position', header: 'Position', cell: (l) => <span className="font-mono">{l.position}</span> },
  {
    key: 'recordedAt',
    header: 'Recorded',
    cell: (l) => <time dateTime={l.recordedAt}>{formatDateTime(l.recordedAt)}</time>,
    className: 'whitespace-nowrap',
  },
  {
    key: 'effectiveAt',
    header: 'Effective',
    cell: (l) => (l.effectiveAt ? <time dateTime={l.effectiveAt}>{formatDateTime(l.effectiveAt)}</time> : '—'),
    className: 'whitespace-nowrap',
  },
  { key: 'type', header: 'Event', cell: (l) => l.type },
  {
    key: 'stock',
    header: 'Stock',
    cell: (l) => (
      <span className="tabular-nums">
        {l.stockBefore} → {l.stockAfter}
      </span>
    ),
  },
  { key: 'by', header: 'By', cell: (l) => l.metadata.username ?? '—' },
  { key: 'why', header: 'Why', cell: (l) => l.metadata.reason ?? l.movement?.reason ?? '' },
];

function AsOfPanel({ item, at, knownNow }: { item: ItemAsOf; at: string; knownNow: boolean }) {
  return (
    <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm" data-testid="item-as-of">
      {!item.existed && <Alert tone="info">The item had not been created yet at this point.</Alert>}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-slate-700">Stock</dt>
        <dd className="text-lg font-semibold tabular-nums" data-testid="as-of-stock">
          {item.stock}
        </dd>
        {item.details && (
          <>
            <dt className="font-medium text-slate-700">Name</dt>
            <dd>{item.details.name}</dd>
            <dt className="font-medium text-slate-700">SKU</dt>
            <dd>{item.details.sku}</dd>
            <dt className="font-medium text-slate-700">Location</dt>
            <dd>
              {item.details.location}
              {item.details.shelf ? `, shelf ${item.details.shelf}` : ''}
            </dd>
          </>
        )}
        {item.minThreshold !== null && item.minThreshold !== undefined && (
          <>
            <dt className="font-medium text-slate-700">Minimum threshold</dt>
            <dd>{item.minThreshold}</dd>
          </>
        )}
        {item.archived !== null && item.archived !== undefined && (
          <>
            <dt className="font-medium text-slate-700">Archived</dt>
            <dd>{item.archived ? 'Yes' : 'No'}</dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Effective time</dt>
        <dd>
          <time dateTime={at}>{formatDateTime(at)}</time>
        </dd>
        <dt className="font-medium text-slate-700">As known</dt>
        <dd>{knownNow ? 'now' : <time dateTime={item.knownAt}>{formatDateTime(item.knownAt)}</time>}</dd>
      </dl>
      {item.anomalies.length > 0 && (
        <Alert tone="warning">
          {item.anomalies.length} anomal{item.anomalies.length === 1 ? 'y' : 'ies'} by this point:{' '}
          {item.anomalies
            .map((a) => `${a.kinds.join(' and ')} after the movement of ${formatDateTime(a.effectiveAt)} (balance ${a.balanceAfter})`)
            .join('; ')}
        </Alert>
      )}
    </div>
  );
}

export default function ItemTimelinePage() {
  const { id = '' } = useParams();
  usePageTitle('Item timeline');
  const timeline = useItemTimeline(id);
  const lines = useMemo(() => timeline.data?.lines ?? [], [timeline.data]);
  const recorded = useMemo(() => recordedLine(lines), [lines]);
  const effective = useMemo(() => effectiveLine(lines), [lines]);
  const stops = useMemo(() => sliderStops(lines), [lines]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [knownThen, setKnownThen] = useState(false);
  const index = chosen === null ? stops.length - 1 : Math.min(chosen, stops.length - 1);
  const stop = index >= 0 ? stops[index] : undefined;
  // One request once the slider rests, not one per step it passes.
  const at = useDebounced(stop?.at, 250);
  const asOf = useItemAsOf(id, at, knownThen ? at : undefined);
  const name = lines.find((l) => typeof l.payload.name === 'string')?.payload.name as string | undefined;

  if (timeline.isPending) return <LoadingBlock lines={8} label="Loading the item's timeline…" />;
  return (
    <section className="space-y-4" aria-labelledby="timeline-heading">
      <AuditNav />
      <h2 id="timeline-heading" className="text-lg font-semibold text-slate-900">
        {name ? `${name}: its life` : 'The item’s life'} <span className="font-mono text-sm font-normal text-slate-600">{id}</span>
      </h2>
      {timeline.isError ? (
        <Alert>{describeError(timeline.error, 'The timeline could not be loaded.')}</Alert>
      ) : lines.length === 0 || !stop ? (
        <EmptyState title="No events for this item" />
      ) : (
        <>
          {!timeline.data.complete && <Alert tone="warning">Only the first 10,000 events are drawn.</Alert>}
          <StockTimelineChart recorded={recorded} effective={effective} at={stop.t} />
          <fieldset className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
            <legend className="px-1 text-sm font-semibold text-slate-900">The item at a point in time</legend>
            <label htmlFor="timeline-slider" className="block text-sm font-medium text-slate-800">
              Point in time: <time dateTime={stop.at}>{formatDateTime(stop.at)}</time>{' '}
              <span className="text-slate-600">({stop.label})</span>
            </label>
            <input
              id="timeline-slider"
              type="range"
              min={0}
              max={stops.length - 1}
              step={1}
              value={index}
              onChange={(e) => setChosen(Number(e.target.value))}
              aria-valuetext={`${formatDateTime(stop.at)}: ${stop.label}`}
              className="w-full accent-blue-700 focus-ring"
            />
            <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="As known">
              <label className="flex items-center gap-2">
                <input type="radio" name="known" checked={!knownThen} onChange={() => setKnownThen(false)} className="focus-ring" />
                As known now (later back-dated corrections count)
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="known" checked={knownThen} onChange={() => setKnownThen(true)} className="focus-ring" />
                As the records showed then
              </label>
            </div>
            <p className="sr-only" role="status" aria-live="polite">
              {asOf.data && !asOf.isFetching ? `Stock ${asOf.data.stock} at ${formatDateTime(asOf.data.at)}` : ''}
            </p>
            {asOf.isError ? (
              <Alert>{describeError(asOf.error, 'The item at that point could not be loaded.')}</Alert>
            ) : asOf.data ? (
              <AsOfPanel item={asOf.data} at={asOf.data.at} knownNow={!knownThen} />
            ) : (
              <LoadingBlock lines={3} label="Loading the item at that point…" />
            )}
          </fieldset>
          <h3 className="text-base font-semibold text-slate-900">
            Every event <Badge>{lines.length}</Badge>
          </h3>
          <DataTable caption="The item's events" columns={columns} rows={lines} rowKey={(l) => String(l.position)} />
          <p className="text-sm">
            <Link to={`/audit?aggregateType=item&aggregateId=${id}`}>These events in the explorer (payloads, proofs)</Link>
          </p>
        </>
      )}
    </section>
  );
}
