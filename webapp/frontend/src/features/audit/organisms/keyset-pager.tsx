import { useState } from 'react';
import { Button } from '@/components/atoms/button';

/**
 * Keyset paging over an opaque `next` cursor: the cursors of the pages seen so far are kept, so
 * Previous goes back without the server having to page backwards. Changing `resetKey` (the filters)
 * starts again at the first page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  if (state.key !== resetKey) setState({ key: resetKey, cursors: [] });
  return {
    after: cursors.at(-1),
    page: cursors.length + 1,
    next: (cursor: string) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
    first: () => setState({ key: resetKey, cursors: [] }),
  };
}

export function KeysetPager({
  pager,
  next,
  shown,
  label,
}: {
  pager: ReturnType<typeof useCursorPages>;
  next: string | null | undefined;
  shown: number;
  label: string;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm text-slate-800">
      <p aria-live="polite">
        Page {pager.page} · {shown} shown{next ? '' : ' · last page'}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={pager.first} disabled={pager.page <= 1}>
          First page
        </Button>
        <Button variant="secondary" size="sm" onClick={pager.previous} disabled={pager.page <= 1}>
          Previous page
        </Button>
        <Button variant="secondary" size="sm" onClick={() => next && pager.next(next)} disabled={!next}>
          Next page
        </Button>
      </div>
    </nav>
  );
}
