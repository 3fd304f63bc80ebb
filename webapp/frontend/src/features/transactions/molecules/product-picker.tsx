import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDebounced } from '@/lib/use-debounced';
import { Combobox } from '@/components/molecules/combobox';
import { PickedFilter } from '@/components/molecules/picked-filter';
import type { ItemView } from '@/api/types';
import { fetchItems } from '@/api/items';

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
    return <PickedFilter label="Product" name={value.name} testId="product-filter-value" onClear={() => onChange(null)} />;
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
