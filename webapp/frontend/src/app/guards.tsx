import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../stores/session';
import { hasRole, type RoleSet } from './roles';

/** Signed in (else /login?next=…); a forced password change goes first; optional role set. */
export function RequireAuth({ children, roles = 'any', allowPasswordChange = false }: { children: ReactNode; roles?: RoleSet; allowPasswordChange?: boolean }) {
  const token = useSession((s) => s.token);
  const user = useSession((s) => s.user);
  const mustChange = useSession((s) => s.mustChangePassword);
  const location = useLocation();
  if (!token || !user) {
    const here = location.pathname + location.search;
    // The forced password page is a step, not a destination to come back to.
    const next = here && here !== '/' && !location.pathname.startsWith('/settings/password')
      ? `?next=${encodeURIComponent(here)}` : '';
    return <Navigate to={`/login${next}`} replace />;
  }
  if (mustChange && !allowPasswordChange) {
    return <Navigate to="/settings/password?required=1" replace />;
  }
  if (!hasRole(user.role, roles)) {
    return <Navigate to="/unauthorized" replace state={{ from: location.pathname }} />;
  }
  return <>{children}</>;
}
