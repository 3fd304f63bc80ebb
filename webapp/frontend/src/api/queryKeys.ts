export const qk = {
  items: (params?: unknown): readonly unknown[] => (params === undefined ? ['items'] : ['items', params]),
  item: (id: string) => ['item', id] as const,
  history: (id: string, page?: number): readonly unknown[] => (page === undefined ? ['history', id] : ['history', id, page]),
  categories: ['categories'] as const,
  dashboard: ['dashboard'] as const,
  transactions: (params?: unknown): readonly unknown[] => (params === undefined ? ['transactions'] : ['transactions', params]),
  lowStock: ['low-stock'] as const,
  users: ['users'] as const,
  userLookup: ['users', 'lookup'] as const,
  profile: ['profile'] as const,
};
