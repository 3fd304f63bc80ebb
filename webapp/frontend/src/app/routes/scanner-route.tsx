import ScannerPage from '@/features/scanner/pages/scanner-page';
import { StockUpdateDialog } from '@/features/stock/organisms/stock-update-dialog';

/** The scanner with the stock feature's dialog: the two features meet here, not in each other. */
export default function ScannerRoute() {
  return <ScannerPage StockDialog={StockUpdateDialog} />;
}
