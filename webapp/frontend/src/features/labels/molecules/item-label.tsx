import type { ItemView } from '@/api/types';

/** The label's image URLs (QR code, Code 128), the ones the sheet waits for before printing. */
export function labelImageUrls(item: ItemView): string[] {
  const urls = item.barcodeUrls ?? {};
  return [urls['qr-png'], urls['code128-png']].filter((u): u is string => !!u);
}

export function ItemLabel({ item, onImageSettled }: { item: ItemView; onImageSettled?: (url: string) => void }) {
  const urls = item.barcodeUrls ?? {};
  const settle = (url: string) => () => onImageSettled?.(url);
  // An image already complete (from the cache) may have loaded before the handler saw it.
  const check = (url: string) => (img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) onImageSettled?.(url);
  };
  const qr = urls['qr-png'];
  const code128 = urls['code128-png'];
  return (
    <article className="label flex gap-2 rounded border border-slate-300 bg-white p-2" aria-label={`Label for ${item.name}`}>
      {qr && (
        <img
          ref={check(qr)}
          src={qr}
          onLoad={settle(qr)}
          onError={settle(qr)}
          alt={`QR code for ${item.name}`}
          className="h-24 w-24 shrink-0 print:h-[26mm] print:w-[26mm]"
        />
      )}
      <div className="min-w-0 flex-1 text-xs leading-tight">
        <p className="truncate text-sm font-bold text-black">{item.name}</p>
        <p className="font-mono">SKU {item.sku}</p>
        <p>{[item.location, item.shelf].filter(Boolean).join(' / ')}</p>
        {code128 && (
          <img
            ref={check(code128)}
            src={code128}
            onLoad={settle(code128)}
            onError={settle(code128)}
            alt={`Code 128 barcode for ${item.name}`}
            className="mt-1 h-10 w-full object-contain print:h-[10mm]"
          />
        )}
      </div>
    </article>
  );
}
