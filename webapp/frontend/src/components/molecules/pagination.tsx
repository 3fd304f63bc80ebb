import { Button } from '@/components/atoms/button';

export interface PaginationProps {
  page: number;
  pages: number;
  total?: number;
  onPageChange: (page: number) => void;
  label?: string;
}

export function Pagination({ page, pages, total, onPageChange, label = 'Pagination' }: PaginationProps) {
  const last = Math.max(1, pages);
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm text-slate-800">
      <p aria-live="polite">
        Page {page} of {last}
        {total !== undefined && <span> · {total} total</span>}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
          Previous page
        </Button>
        <Button variant="secondary" size="sm" onClick={() => onPageChange(page + 1)} disabled={page >= last}>
          Next page
        </Button>
      </div>
    </nav>
  );
}
