import { Badge, type BadgeTone } from '@/components/atoms/badge';
import type { StockStatus } from '@/api/types';

const tone: Record<StockStatus, BadgeTone> = { 'In Stock': 'green', 'Low Stock': 'amber', 'Out of Stock': 'red' };
const icon: Record<StockStatus, string> = { 'In Stock': '●', 'Low Stock': '▲', 'Out of Stock': '✕' };

/** Status with its text and a shape, never colour alone. */
export function StatusBadge({ status }: { status: StockStatus | undefined }) {
  if (!status) return null;
  return (
    <Badge tone={tone[status]}>
      <span aria-hidden="true">{icon[status]}</span>
      {status}
    </Badge>
  );
}
