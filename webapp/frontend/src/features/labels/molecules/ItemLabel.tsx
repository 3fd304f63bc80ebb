import type { ItemView } from '../../../api/types';

export function ItemLabel({ item }: { item: ItemView }) {
  const urls = item.barcodeUrls ?? {};
  return (
    <article className="label flex gap-2 rounded border border-slate-300 bg-white p-2" aria-label={`Label for ${item.name}`}>
      {urls['qr-png'] && <img src={urls['qr-png']} alt={`QR code for ${item.name}`} className="h-24 w-24 shrink-0 print:h-[26mm] print:w-[26mm]" />}
      <div className="min-w-0 flex-1 text-xs leading-tight">
        <p className="truncate text-sm font-bold text-black">{item.name}</p>
        <p className="font-mono">SKU {item.sku}</p>
        <p>{[item.location, item.shelf].filter(Boolean).join(' / ')}</p>
        {urls['code128-png'] && <img src={urls['code128-png']} alt={`Code 128 barcode for ${item.name}`} className="mt-1 h-10 w-full object-contain print:h-[10mm]" />}
      </div>
    </article>
  );
}
