import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQueries } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { qk } from '@/api/query-keys';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { fetchItem } from '@/api/items';
import { ItemLabel, labelImageUrls } from '@/features/labels/molecules/item-label';

export default function LabelsPage() {
  usePageTitle('Labels');
  const [params] = useSearchParams();
  const ids = [
    ...new Set(
      (params.get('ids') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 200);
  // Always fresh: the barcode URLs are short-lived signed links.
  const results = useQueries({ queries: ids.map((id) => ({ queryKey: qk.item(id), queryFn: () => fetchItem(id), staleTime: 0 })) });
  // Images that finished (loaded or failed): printing before they arrive would print empty labels.
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set());
  const onImageSettled = useCallback((url: string) => {
    setSettled((prev) => (prev.has(url) ? prev : new Set(prev).add(url)));
  }, []);

  if (ids.length === 0) return <EmptyState title="No items chosen">Select items in the inventory and choose “Print labels”.</EmptyState>;
  const loading = results.some((r) => r.isPending);
  const failed = results.filter((r) => r.isError);
  const items = results.flatMap((r) => (r.data ? [r.data] : []));
  const images = items.flatMap(labelImageUrls);
  const imagesReady = images.every((u) => settled.has(u));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Button onClick={() => window.print()} disabled={loading || items.length === 0 || !imagesReady}>
          Print
        </Button>
        {!loading && items.length > 0 && !imagesReady && (
          <p className="text-sm text-slate-700" role="status">
            Loading label images ({images.filter((u) => settled.has(u)).length} of {images.length})…
          </p>
        )}
        <p className="text-sm text-slate-700">
          {items.length} label{items.length === 1 ? '' : 's'} · A4 sheet, 3 × 8 labels of 70 × 37 mm
        </p>
      </div>
      {failed.length > 0 && (
        <Alert className="print:hidden">
          {failed.length} item(s) could not be loaded: {describeError(failed[0].error)}
        </Alert>
      )}
      {loading && <LoadingBlock lines={3} label="Loading labels…" />}
      <div className="label-sheet grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((i) => (
          <ItemLabel key={i.id} item={i} onImageSettled={onImageSettled} />
        ))}
      </div>
    </div>
  );
}
