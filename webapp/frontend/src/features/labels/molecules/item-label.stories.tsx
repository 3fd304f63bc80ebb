import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import type { ItemView } from '@/api/types';
import { ItemLabel } from './item-label';
import { anItem } from '@/test/items';

/*
 * The server renders the real QR / Code 128 PNGs (barcodeUrls). Stories have no backend, so these
 * are inline SVG look-alikes (data: URIs, not scannable) built from a seed.
 */
function prng(seed: string) {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

const svgUri = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function fakeQr(seed: string): string {
  const n = 21;
  const rand = prng(seed);
  const finder = (x: number, y: number) =>
    `<rect x="${x}" y="${y}" width="7" height="7"/><rect x="${x + 1}" y="${y + 1}" width="5" height="5" fill="#fff"/><rect x="${x + 2}" y="${y + 2}" width="3" height="3"/>`;
  const inFinder = (x: number, y: number) => (x < 8 && y < 8) || (x >= n - 8 && y < 8) || (x < 8 && y >= n - 8);
  let cells = '';
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (!inFinder(x, y) && rand() < 0.5) cells += `<rect x="${x}" y="${y}" width="1" height="1"/>`;
  return svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${n + 4} ${n + 4}" shape-rendering="crispEdges"><rect x="-2" y="-2" width="${n + 4}" height="${n + 4}" fill="#fff"/><g fill="#000">${finder(0, 0)}${finder(n - 7, 0)}${finder(0, n - 7)}${cells}</g></svg>`,
  );
}

function fakeCode128(seed: string): string {
  const rand = prng(seed);
  let x = 10;
  let bars = '';
  while (x < 190) {
    const w = 1 + Math.floor(rand() * 3);
    bars += `<rect x="${x}" y="0" width="${w}" height="40"/>`;
    x += w + 1 + Math.floor(rand() * 3);
  }
  return svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" shape-rendering="crispEdges"><rect width="200" height="40" fill="#fff"/><g fill="#000">${bars}</g></svg>`,
  );
}

function fakeItem(overrides: Partial<ItemView> = {}): ItemView {
  const sku = overrides.sku ?? 'DRL-18V-001';
  return anItem({
    id: `itm-${sku}`,
    name: 'Cordless drill 18V',
    sku,
    location: 'Warehouse A',
    shelf: 'B-03',
    currentStock: 12,
    minThreshold: 5,
    status: 'In Stock',
    barcodeUrls: { 'qr-png': fakeQr(sku), 'code128-png': fakeCode128(sku) },
    ...overrides,
  });
}

const meta = {
  title: 'Features/Labels/ItemLabel',
  component: ItemLabel,
  args: { item: fakeItem() },
} satisfies Meta<typeof ItemLabel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One label at about the width of a sheet column. */
const single: Decorator = (Story) => (
  <div style={{ maxWidth: 360 }}>
    <Story />
  </div>
);

export const Default: Story = {
  decorators: [single],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('article', { name: 'Label for Cordless drill 18V' })).toBeInTheDocument();
    await expect(canvas.getByRole('img', { name: 'QR code for Cordless drill 18V' })).toBeInTheDocument();
    await expect(canvas.getByRole('img', { name: 'Code 128 barcode for Cordless drill 18V' })).toBeInTheDocument();
  },
};

export const LongName: Story = {
  args: {
    item: fakeItem({
      name: 'Stainless steel hex socket cap screw M6 × 40 mm, box of 200',
      sku: 'SCR-M6-40-A2',
      location: 'Warehouse B',
      shelf: 'F-12',
    }),
  },
  decorators: [single],
};

/** No barcode images (e.g. not generated yet): text only. */
export const WithoutBarcodes: Story = { args: { item: fakeItem({ barcodeUrls: undefined, shelf: undefined }) }, decorators: [single] };

/** The labels page's sheet (3 columns on wide screens; 3 × 8 stickers of 70 × 37 mm when printed). */
export const Sheet: Story = {
  render: () => (
    <div className="label-sheet grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {['DRL-18V-001', 'SCR-M6-40-A2', 'GLV-NIT-L', 'TAP-PVC-19', 'BAT-18V-5AH', 'SAW-CIRC-190'].map((sku, i) => (
        <ItemLabel
          key={sku}
          item={fakeItem({
            sku,
            name: [
              'Cordless drill 18V',
              'Hex screws M6 × 40',
              'Nitrile gloves L',
              'PVC tape 19 mm',
              'Battery 18V 5 Ah',
              'Circular saw 190 mm',
            ][i],
          })}
        />
      ))}
    </div>
  ),
};
