import { NavLink } from 'react-router-dom';
import { cx } from '@/lib/cx';

const SECTIONS = [
  { to: '/audit', label: 'Events', end: true },
  { to: '/audit/inventory', label: 'Inventory as of' },
  { to: '/audit/anomalies', label: 'Anomalies' },
  { to: '/audit/verify', label: 'Verify' },
  { to: '/audit/checkpoints', label: 'Checkpoints' },
  { to: '/audit/access-log', label: 'Access log' },
];

/** The Audit section's own navigation, above each of its screens. */
export function AuditNav() {
  return (
    <nav aria-label="Audit sections" className="border-b border-slate-300 print:hidden">
      <ul className="-mb-px flex flex-wrap gap-1">
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink
              to={s.to}
              end={s.end}
              className={({ isActive }) =>
                cx(
                  'inline-block rounded-t-md border-b-2 px-3 py-2 text-sm font-medium focus-ring',
                  isActive
                    ? 'border-blue-700 text-blue-900'
                    : 'border-transparent text-slate-700 hover:border-slate-400 hover:text-slate-900',
                )
              }
            >
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
