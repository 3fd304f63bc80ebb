import { useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { navItemsFor } from '@/lib/roles';
import { useRole } from '@/stores/session';
import { useUi } from '@/stores/ui';
import { cx } from '@/lib/cx';
import { useLatest } from '@/lib/use-latest';

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const role = useRole();
  return (
    <ul className="space-y-1">
      {navItemsFor(role).map((item) => (
        <li key={item.to}>
          <NavLink
            to={item.to}
            end={item.to === '/'}
            onClick={onNavigate}
            className={({ isActive }) =>
              cx(
                'block rounded-md px-3 py-2 text-sm font-medium focus-ring-dark',
                isActive ? 'bg-white text-slate-900' : 'text-slate-100 hover:bg-slate-700',
              )
            }
          >
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export const MENU_BUTTON_ID = 'mobile-nav-button';

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The phone drawer: modal (focus moves in and stays in, the rest is inert), Escape closes it, navigation too. */
function MobileDrawer({ onClose }: { onClose: (restoreFocus: boolean) => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useLatest(onClose);

  useEffect(() => {
    const node = panel.current;
    node?.querySelector<HTMLElement>('nav a[href]')?.focus();
    // Everything else on the page is inert while the drawer is open.
    const inerted: HTMLElement[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-app-shell]'))) {
      if (!el.hasAttribute('inert')) {
        el.setAttribute('inert', '');
        inerted.push(el);
      }
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCloseRef.current(true);
        return;
      }
      if (e.key !== 'Tab' || !node) return;
      const items = Array.from(node.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && (document.activeElement === first || !node.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !node.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      inerted.forEach((el) => el.removeAttribute('inert'));
    };
  }, [onCloseRef]);

  return (
    <div ref={panel} className="fixed inset-0 z-40 md:hidden print:hidden" role="dialog" aria-modal="true" aria-label="Main menu">
      <div aria-hidden="true" className="absolute inset-0 bg-slate-900/60" onClick={() => onClose(true)} />
      <nav id="mobile-nav" aria-label="Main" className="relative h-full w-64 overflow-y-auto bg-slate-900 px-3 py-4">
        <div className="mb-6 flex items-center justify-between px-3">
          <p className="text-lg font-bold text-white">Stockade</p>
          <button
            type="button"
            onClick={() => onClose(true)}
            className="rounded px-2 py-1 text-sm text-slate-100 focus-ring-dark"
            aria-label="Close menu"
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
        <NavList onNavigate={() => onClose(false)} />
      </nav>
    </div>
  );
}

export function Sidebar() {
  const open = useUi((s) => s.sidebarOpen);
  const setOpen = useUi((s) => s.setSidebarOpen);
  const { pathname } = useLocation();

  // Any navigation (a link, the back button) closes the drawer.
  useEffect(() => {
    setOpen(false);
  }, [pathname, setOpen]);

  function close(restoreFocus: boolean) {
    setOpen(false);
    if (restoreFocus) document.getElementById(MENU_BUTTON_ID)?.focus();
  }

  return (
    <>
      {/* Desktop */}
      <nav aria-label="Main" data-app-shell="" className="hidden w-56 shrink-0 bg-slate-900 px-3 py-4 md:block print:hidden">
        <p className="mb-6 px-3 text-lg font-bold tracking-tight text-white">Stockade</p>
        <NavList />
      </nav>
      {/* Phones: a drawer opened by the header's menu button */}
      {open && <MobileDrawer onClose={close} />}
    </>
  );
}
