import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';

function UserMenu() {
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    function onDoc(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') setOpen(false);
    }
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) return null;
  function doSignOut() {
    setOpen(false);
    signOut();
    queryClient.clear();
    navigate('/login', { replace: true });
  }
  return (
    <div ref={wrap} className="relative">
      <button
        type="button"
        data-testid="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="user-menu"
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus-ring"
      >
        <span className="font-medium text-slate-900">{user.username}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{user.role}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id="user-menu" role="menu" aria-label="User menu" className="absolute right-0 z-30 mt-2 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <button
            ref={firstItem}
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              navigate('/settings');
            }}
            className="block w-full px-4 py-2 text-left text-sm text-slate-900 hover:bg-slate-100 focus-ring"
          >
            Settings
          </button>
          <button type="button" role="menuitem" onClick={doSignOut} className="block w-full px-4 py-2 text-left text-sm text-slate-900 hover:bg-slate-100 focus-ring">
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}

export function Header() {
  const title = useUi((s) => s.pageTitle);
  const sidebarOpen = useUi((s) => s.sidebarOpen);
  const setSidebarOpen = useUi((s) => s.setSidebarOpen);
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-3 print:hidden">
      <button
        type="button"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium md:hidden focus-ring"
        aria-expanded={sidebarOpen}
        aria-controls="mobile-nav"
        onClick={() => setSidebarOpen(!sidebarOpen)}
      >
        Menu
      </button>
      <h1 className="flex-1 truncate text-lg font-semibold text-slate-900 sm:text-xl">{title}</h1>
      <UserMenu />
    </header>
  );
}
