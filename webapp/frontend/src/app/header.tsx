import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { MENU_BUTTON_ID } from './sidebar';
import { logout } from '@/lib/auth/session-api';
import { NotificationBell } from '@/features/notifications/organisms/notification-bell';

/** The user menu: the ARIA menu button pattern (arrows, Home/End, Escape back to the button, Tab closes). */
function UserMenu() {
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Which item gets the focus when the menu opens (null: closed).
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const [signingOut, setSigningOut] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (open === 'last' ? list[list.length - 1] : list[0])?.focus();
    function onDoc(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(null);
    }
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, [open]);

  function close(focusButton: boolean) {
    setOpen(null);
    if (focusButton) button.current?.focus();
  }

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    let target: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = list[(i + 1) % list.length];
        break;
      case 'ArrowUp':
        target = list[i <= 0 ? list.length - 1 : i - 1];
        break;
      case 'Home':
        target = list[0];
        break;
      case 'End':
        target = list[list.length - 1];
        break;
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        close(true);
        return;
      case 'Tab':
        // Let the focus move on; the menu closes.
        setOpen(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    target?.focus();
  }

  function onButtonKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowUp' ? 'last' : 'first');
    }
  }

  if (!user) return null;
  async function doSignOut() {
    setOpen(null);
    setSigningOut(true);
    // Ends the server session and clears its cookies; a failure is ignored (signed out here anyway).
    await logout();
    signOut();
    queryClient.clear();
    navigate('/login', { replace: true });
  }
  return (
    <div ref={wrap} className="relative">
      <button
        ref={button}
        type="button"
        data-testid="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? 'user-menu' : undefined}
        aria-busy={signingOut || undefined}
        disabled={signingOut}
        onClick={() => setOpen((o) => (o ? null : 'first'))}
        onKeyDown={onButtonKey}
        className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus-ring"
      >
        <span className="font-medium text-slate-900">{user.username}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{user.role}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={menu}
          id="user-menu"
          role="menu"
          aria-label="User menu"
          tabIndex={-1}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-30 mt-2 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              setOpen(null);
              navigate('/settings');
            }}
            className="block w-full px-4 py-2 text-left text-sm text-slate-900 hover:bg-slate-100 focus:bg-slate-100 focus-ring"
          >
            Settings
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => void doSignOut()}
            className="block w-full px-4 py-2 text-left text-sm text-slate-900 hover:bg-slate-100 focus:bg-slate-100 focus-ring"
          >
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
        id={MENU_BUTTON_ID}
        type="button"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium md:hidden focus-ring"
        aria-expanded={sidebarOpen}
        aria-controls={sidebarOpen ? 'mobile-nav' : undefined}
        onClick={() => setSidebarOpen(!sidebarOpen)}
      >
        Menu
      </button>
      <h1 id="page-title" tabIndex={-1} className="flex-1 truncate text-lg font-semibold text-slate-900 focus:outline-none sm:text-xl">
        {title}
      </h1>
      <NotificationBell />
      <UserMenu />
    </header>
  );
}
