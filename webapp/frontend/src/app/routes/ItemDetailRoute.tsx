import ItemDetailPage from '@/features/inventory/pages/ItemDetailPage';
import { StockUpdateDialog } from '@/features/stock/organisms/StockUpdateDialog';

/** The item page with the stock feature's dialog: the two features meet here, not in each other. */
export default function ItemDetailRoute() {
  return <ItemDetailPage StockDialog={StockUpdateDialog} />;
}
