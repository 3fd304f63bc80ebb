import { create } from 'zustand';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

interface UiState {
  toasts: Toast[];
  sidebarOpen: boolean;
  pageTitle: string;
  pushToast: (message: string, kind?: ToastKind) => number;
  dismissToast: (id: number) => void;
  setSidebarOpen: (open: boolean) => void;
  setPageTitle: (title: string) => void;
}

let nextToastId = 1;

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  sidebarOpen: false,
  pageTitle: '',
  pushToast: (message, kind = 'info') => {
    // The same message twice in a row (e.g. parallel requests failing together) shows once.
    const existing = get().toasts.find((t) => t.message === message && t.kind === kind);
    if (existing) return existing.id;
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, message }] }));
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setSidebarOpen: (open) => set({ sidebarOpen: open }),
  setPageTitle: (title) => set({ pageTitle: title }),
}));

export function toast(message: string, kind: ToastKind = 'info'): number {
  return useUi.getState().pushToast(message, kind);
}
