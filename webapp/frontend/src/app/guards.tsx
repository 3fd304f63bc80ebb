import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '@/stores/session';
import { hasRole, type RoleSet } from '@/lib/roles';

export interface RequireAuthProps {
  children: ReactNode;
  roles?: RoleSet;
  /** The forced password change page itself. */
  allowPasswordChange?: boolean;
  /** The second-factor enrolment page itself (open to a token gated by mfaEnrolmentRequired). */
  allowMfaEnrolment?: boolean;
}

/**
 * Signed in (else /login?next=…); a forced password change goes first, then a required
 * second-factor enrolment; optional role set.
 */
export function RequireAuth({ children, roles = 'any', allowPasswordChange = false, allowMfaEnrolment = false }: RequireAuthProps) {
  const token = useSession((s) => s.token);
  const user = useSession((s) => s.user);
  const mustChange = useSession((s) => s.mustChangePassword);
  const mustEnrol = useSession((s) => s.mfaEnrolmentRequired);
  const location = useLocation();
  if (!token || !user) {
    const here = location.pathname + location.search;
    // The forced password and enrolment pages are steps, not destinations to come back to.
    const step =
      location.pathname.startsWith('/settings/password') ||
      (location.pathname.startsWith('/settings/mfa') && location.search.includes('required'));
    const next = here && here !== '/' && !step ? `?next=${encodeURIComponent(here)}` : '';
    return <Navigate to={`/login${next}`} replace />;
  }
  if (mustChange && !allowPasswordChange) {
    return <Navigate to="/settings/password?required=1" replace />;
  }
  if (mustEnrol && !mustChange && !allowMfaEnrolment) {
    return <Navigate to="/settings/mfa?required=1" replace />;
  }
  if (!hasRole(user.role, roles)) {
    return <Navigate to="/unauthorized" replace state={{ from: location.pathname }} />;
  }
  return <>{children}</>;
}
