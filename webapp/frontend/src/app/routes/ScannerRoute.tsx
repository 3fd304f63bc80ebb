import ScannerPage from '@/features/scanner/pages/ScannerPage';
import { StockUpdateDialog } from '@/features/stock/organisms/StockUpdateDialog';

/** The scanner with the stock feature's dialog: the two features meet here, not in each other. */
export default function ScannerRoute() {
  return <ScannerPage StockDialog={StockUpdateDialog} />;
}
