import { useEffect } from 'react';
import { useUi } from '@/stores/ui';

export function usePageTitle(title: string): void {
  const set = useUi((s) => s.setPageTitle);
  useEffect(() => {
    set(title);
    document.title = title ? `${title} · Stockade` : 'Stockade';
  }, [title, set]);
}
