import { NavLink } from 'react-router-dom';
import { navItemsFor } from './roles';
import { useRole } from '../stores/session';
import { useUi } from '../stores/ui';
import { cx } from '../lib/cx';

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

export function Sidebar() {
  const open = useUi((s) => s.sidebarOpen);
  const setOpen = useUi((s) => s.setSidebarOpen);
  return (
    <>
      {/* Desktop */}
      <nav aria-label="Main" className="hidden w-56 shrink-0 bg-slate-900 px-3 py-4 md:block print:hidden">
        <p className="mb-6 px-3 text-lg font-bold tracking-tight text-white">Stockade</p>
        <NavList />
      </nav>
      {/* Phones: a drawer opened by the header's menu button */}
      {open && (
        <div className="fixed inset-0 z-40 md:hidden print:hidden">
          <button type="button" aria-label="Close menu" className="absolute inset-0 bg-slate-900/60" onClick={() => setOpen(false)} />
          <nav id="mobile-nav" aria-label="Main" className="relative h-full w-64 bg-slate-900 px-3 py-4">
            <p className="mb-6 px-3 text-lg font-bold text-white">Stockade</p>
            <NavList onNavigate={() => setOpen(false)} />
          </nav>
        </div>
      )}
    </>
  );
}
