import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDebounced } from '../../../lib/useDebounced';
import { TextField } from '../../../components/molecules/Field';
import { Button } from '../../../components/atoms/Button';
import { fetchItems } from '../../inventory/api';

export interface PickedProduct {
  id: string;
  name: string;
}

/** Search an item by name/SKU and pick it (a text field plus a list of matches). */
export function ProductPicker({ value, onChange }: { value: PickedProduct | null; onChange: (p: PickedProduct | null) => void }) {
  const [text, setText] = useState('');
  const debounced = useDebounced(text.trim(), 300);
  const listId = useId();
  const matches = useQuery({
    queryKey: ['items', 'picker', debounced],
    queryFn: () => fetchItems({ search: debounced, limit: '8' }),
    enabled: debounced.length >= 2 && !value,
  });

  if (value) {
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-800">Product</p>
        <div className="flex items-center gap-2 rounded-md border border-slate-400 bg-slate-50 px-3 py-1.5 text-sm">
          <span className="flex-1 truncate" data-testid="product-filter-value">{value.name}</span>
          <Button variant="ghost" size="sm" onClick={() => onChange(null)} aria-label={`Clear product filter ${value.name}`}>
            Clear
          </Button>
        </div>
      </div>
    );
  }
  const items = matches.data?.items ?? [];
  return (
    <div className="relative">
      <TextField label="Product" type="search" value={text} placeholder="Type 2+ letters of a name or SKU" onChange={(e) => setText(e.target.value)} aria-controls={listId} autoComplete="off" />
      {debounced.length >= 2 && (
        <ul id={listId} aria-label="Matching products" className="absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-300 bg-white shadow-lg">
          {matches.isFetching && items.length === 0 && <li className="px-3 py-2 text-sm text-slate-600">Searching…</li>}
          {!matches.isFetching && items.length === 0 && <li className="px-3 py-2 text-sm text-slate-600">No matching products</li>}
          {items.map((i) => (
            <li key={i.id}>
              <button
                type="button"
                className="block w-full px-3 py-2 text-left text-sm hover:bg-slate-100 focus-ring"
                onClick={() => {
                  onChange({ id: i.id!, name: i.name ?? '' });
                  setText('');
                }}
              >
                {i.name} <span className="font-mono text-xs text-slate-600">{i.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
