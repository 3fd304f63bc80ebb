import ItemDetailPage from '@/features/inventory/pages/item-detail-page';
import { StockUpdateDialog } from '@/features/stock/organisms/stock-update-dialog';

/** The item page with the stock feature's dialog: the two features meet here, not in each other. */
export default function ItemDetailRoute() {
  return <ItemDetailPage StockDialog={StockUpdateDialog} />;
}
