import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A list page's filters live in the URL (shareable, kept on reload). `update` sets or clears
 * (null/empty) several at once, replacing the history entry, and by default goes back to page 1;
 * `clear` drops every filter.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>, resetPage = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (!v) next.delete(k);
            else next.set(k, v);
          }
          if (resetPage) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return [params, update, clear] as const;
}
