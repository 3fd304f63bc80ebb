import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDebounced } from '../../../lib/useDebounced';
import { Button } from '../../../components/atoms/Button';
import { Combobox } from '../../../components/molecules/Combobox';
import type { ItemView } from '../../../api/types';
import { fetchItems } from '../../inventory/api';

export interface PickedProduct {
  id: string;
  name: string;
}

/** Search an item by name/SKU and pick it (an ARIA combobox with a list of matches). */
export function ProductPicker({ value, onChange }: { value: PickedProduct | null; onChange: (p: PickedProduct | null) => void }) {
  const [text, setText] = useState('');
  const debounced = useDebounced(text.trim(), 300);
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
  return (
    <Combobox<ItemView>
      label="Product"
      text={text}
      onTextChange={setText}
      placeholder="Type 2+ letters of a name or SKU"
      options={debounced.length >= 2 ? (matches.data?.items ?? []) : undefined}
      loading={matches.isFetching}
      optionKey={(i) => i.id!}
      renderOption={(i) => (
        <>
          {i.name} <span className="font-mono text-xs text-slate-600">{i.sku}</span>
        </>
      )}
      onSelect={(i) => {
        onChange({ id: i.id!, name: i.name ?? '' });
        setText('');
      }}
      listLabel="Matching products"
      noun="product"
    />
  );
}
