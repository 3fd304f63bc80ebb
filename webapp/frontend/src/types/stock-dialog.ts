import type { ComponentType } from 'react';
import type { ItemView } from '@/api/types';

/**
 * The stock movement dialog as the pages that show an item see it. The stock feature provides it and
 * src/app/routes hands it in, so the inventory and scanner features never import the stock feature.
 */
export interface StockDialogProps {
  item: ItemView;
  open: boolean;
  onClose: () => void;
  onDone?: (updated: ItemView) => void;
}

export type StockDialogComponent = ComponentType<StockDialogProps>;
