import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { RequireAuth } from './guards';
import type { RoleSet } from '@/lib/roles';
import { setNavigator } from '@/lib/navigation';
import { ErrorBoundary } from '@/components/organisms/error-boundary';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { UnauthorizedPage } from '@/features/auth/pages/unauthorized-page';
import { AuthCard } from '@/features/auth/organisms/auth-card';
import { NotFoundPage } from './not-found-page';
import { SessionBoot } from './session-boot';

// The sign-in form (and its form and validation libraries) and the signed-in shell (header, sidebar,
// notifications) are chunks of their own too: the entry holds only what every screen needs, so a
// screen downloads its own code and nothing of the others'.
const loadLogin = () => import('@/features/auth/pages/login-page');
const loadLayout = () => import('./layout');
const loadDashboard = () => import('@/features/dashboard/pages/dashboard-page');
const loadInventoryList = () => import('@/features/inventory/pages/inventory-list-page');
const LoginPage = lazy(() => loadLogin().then((m) => ({ default: m.LoginPage })));
const Layout = lazy(() => loadLayout().then((m) => ({ default: m.Layout })));
const DashboardPage = lazy(loadDashboard);
const InventoryListPage = lazy(loadInventoryList);
const ItemFormPage = lazy(() => import('@/features/inventory/pages/item-form-page'));
const ItemDetailPage = lazy(() => import('@/app/routes/item-detail-route'));
const ScannerPage = lazy(() => import('@/app/routes/scanner-route'));
const LowStockPage = lazy(() => import('@/features/stock/pages/low-stock-page'));
const TransactionsPage = lazy(() => import('@/features/transactions/pages/transactions-page'));
const ReportsPage = lazy(() => import('@/features/reports/pages/reports-page'));
const ImportPage = lazy(() => import('@/features/import/pages/import-page'));
const UsersPage = lazy(() => import('@/features/users/pages/users-page'));
const SettingsPage = lazy(() => import('@/features/settings/pages/settings-page'));
const PasswordPage = lazy(() => import('@/features/settings/pages/password-page'));
const LabelsPage = lazy(() => import('@/features/labels/pages/labels-page'));
const SessionsPage = lazy(() => import('@/features/settings/pages/sessions-page'));
const SecurityEventsPage = lazy(() => import('@/features/security/pages/security-events-page'));
const MfaPage = lazy(() => import('@/features/settings/pages/mfa-page'));
const OutboxPage = lazy(() => import('@/features/admin/pages/outbox-page'));
const DeadLettersPage = lazy(() => import('@/features/admin/pages/dead-letters-page'));
const SecurityPolicyPage = lazy(() => import('@/features/admin/pages/security-policy-page'));
const NotificationsPage = lazy(() => import('@/features/notifications/pages/notifications-page'));
const NotificationPreferencesPage = lazy(() => import('@/features/notifications/pages/notification-preferences-page'));
// The Audit section (Admin and Auditor): its pages are chunks of their own.
const AuditEventsPage = lazy(() => import('@/features/audit/pages/audit-events-page'));
const ItemTimelinePage = lazy(() => import('@/features/audit/pages/item-timeline-page'));
const InventoryAsOfPage = lazy(() => import('@/features/audit/pages/inventory-as-of-page'));
const AnomaliesPage = lazy(() => import('@/features/audit/pages/anomalies-page'));
const VerifyPage = lazy(() => import('@/features/audit/pages/verify-page'));
const CheckpointsPage = lazy(() => import('@/features/audit/pages/checkpoints-page'));
const AccessLogPage = lazy(() => import('@/features/audit/pages/access-log-page'));
const ForgotPasswordPage = lazy(() => import('@/features/auth/pages/forgot-password-page'));
const ResetPasswordPage = lazy(() => import('@/features/auth/pages/reset-password-page'));

/**
 * The first screen's code, fetched as soon as the entry runs (main.tsx), not when React first renders
 * it: otherwise a signed-in screen loads as a chain (entry, then the session refresh, then the shell's
 * chunk, then the page's chunk, then the page's data), each link a round trip. Started here, the shell's
 * and the page's chunks download beside the refresh. A second `import()` of a module is the first one's
 * promise, so the lazy components below fetch nothing twice. Only the screens people land on (sign-in,
 * dashboard, inventory): any other path still gets the shell early.
 */
export function preloadFirstScreen(pathname: string): void {
  const loads: Array<() => Promise<unknown>> = [];
  if (pathname.startsWith('/login')) loads.push(loadLogin);
  else if (!pathname.startsWith('/forgot-password') && !pathname.startsWith('/reset-password')) {
    loads.push(loadLayout);
    if (pathname === '/') loads.push(loadDashboard);
    else if (pathname === '/inventory' || pathname === '/inventory/') loads.push(loadInventoryList);
  }
  // A failed download is not an error yet: the lazy component asks again and its boundary reports it.
  for (const load of loads) load().catch(() => undefined);
}

/** Every page gets its own error boundary and a loading skeleton (or `fallback`) while its code loads. */
function Page({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Suspense fallback={fallback ?? <LoadingBlock label="Loading page…" />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/**
 * A public page (sign-in, forgotten or reset password) while its code and form libraries load: its own
 * card, heading included, with the form's place held by a skeleton. The frame is in the entry chunk, so
 * it paints as soon as the entry runs, one round trip before the form.
 */
function PublicPage({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Page
      fallback={
        <AuthCard heading={heading}>
          <div className="mt-4">
            <LoadingBlock lines={3} label="Loading page…" />
          </div>
        </AuthCard>
      }
    >
      {children}
    </Page>
  );
}

function guarded(node: ReactNode, roles: RoleSet = 'any', allowPasswordChange = false, allowMfaEnrolment = false) {
  return (
    <RequireAuth roles={roles} allowPasswordChange={allowPasswordChange} allowMfaEnrolment={allowMfaEnrolment}>
      <Page>{node}</Page>
    </RequireAuth>
  );
}

function NavigatorBridge() {
  const navigate = useNavigate();
  useEffect(() => {
    setNavigator((to, opts) => navigate(to, opts));
    return () => setNavigator(null);
  }, [navigate]);
  return null;
}

/**
 * After an in-app navigation, move the focus to the new page's content (as a full page load would
 * reset it), so keyboard and screen-reader users start there. Not on the first load, and not on the
 * sign-in page (its Username field takes the focus).
 */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (pathname.startsWith('/login') || pathname.startsWith('/forgot-password') || pathname.startsWith('/reset-password')) return;
    const t = setTimeout(() => {
      const active = document.activeElement;
      // A page that already placed the focus in its content (e.g. an autofocus field) keeps it.
      const main = document.getElementById('main');
      if (!main || (active && active !== document.body && main.contains(active))) return;
      main.focus({ preventScroll: false });
    }, 0);
    return () => clearTimeout(t);
  }, [pathname]);
  return null;
}

export function AppRoutes() {
  return (
    <>
      <NavigatorBridge />
      <RouteFocus />
      <Routes>
        <Route
          path="/login"
          element={
            <PublicPage heading="Sign in to continue">
              <LoginPage />
            </PublicPage>
          }
        />
        <Route
          path="/forgot-password"
          element={
            <PublicPage heading="Reset your password">
              <ForgotPasswordPage />
            </PublicPage>
          }
        />
        <Route
          path="/reset-password"
          element={
            <PublicPage heading="Choose a new password">
              <ResetPasswordPage />
            </PublicPage>
          }
        />
        <Route
          element={
            <Suspense fallback={<LoadingBlock label="Loading page…" />}>
              <Layout />
            </Suspense>
          }
        >
          <Route index element={guarded(<DashboardPage />)} />
          <Route path="inventory" element={guarded(<InventoryListPage />)} />
          <Route path="inventory/new" element={guarded(<ItemFormPage mode="create" />, 'managerOrAdmin')} />
          <Route path="inventory/:id" element={guarded(<ItemDetailPage />)} />
          <Route path="inventory/:id/edit" element={guarded(<ItemFormPage mode="edit" />, 'managerOrAdmin')} />
          <Route path="scanner" element={guarded(<ScannerPage />)} />
          <Route path="low-stock" element={guarded(<LowStockPage />)} />
          <Route path="transactions" element={guarded(<TransactionsPage />, 'readAll')} />
          <Route path="reports" element={guarded(<ReportsPage />, 'readAll')} />
          <Route path="import" element={guarded(<ImportPage />, 'managerOrAdmin')} />
          <Route path="users" element={guarded(<UsersPage />, 'admin')} />
          <Route path="settings" element={guarded(<SettingsPage />)} />
          <Route path="settings/password" element={guarded(<PasswordPage />, 'any', true)} />
          <Route path="settings/sessions" element={guarded(<SessionsPage />)} />
          <Route path="settings/notifications" element={guarded(<NotificationPreferencesPage />)} />
          <Route path="notifications" element={guarded(<NotificationsPage />)} />
          <Route path="settings/mfa" element={guarded(<MfaPage />, 'any', false, true)} />
          <Route path="security/events" element={guarded(<SecurityEventsPage />, 'security')} />
          <Route path="audit" element={guarded(<AuditEventsPage />, 'audit')} />
          <Route path="audit/items/:id" element={guarded(<ItemTimelinePage />, 'audit')} />
          <Route path="audit/inventory" element={guarded(<InventoryAsOfPage />, 'audit')} />
          <Route path="audit/anomalies" element={guarded(<AnomaliesPage />, 'audit')} />
          <Route path="audit/verify" element={guarded(<VerifyPage />, 'audit')} />
          <Route path="audit/checkpoints" element={guarded(<CheckpointsPage />, 'audit')} />
          <Route path="audit/access-log" element={guarded(<AccessLogPage />, 'audit')} />
          <Route path="admin/outbox" element={guarded(<OutboxPage />, 'admin')} />
          <Route path="admin/dead-letters" element={guarded(<DeadLettersPage />, 'admin')} />
          <Route path="admin/security-policy" element={guarded(<SecurityPolicyPage />, 'admin')} />
          <Route path="labels" element={guarded(<LabelsPage />)} />
          <Route
            path="unauthorized"
            element={
              <Page>
                <UnauthorizedPage />
              </Page>
            }
          />
          <Route
            path="*"
            element={
              <Page>
                <NotFoundPage />
              </Page>
            }
          />
        </Route>
      </Routes>
    </>
  );
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <SessionBoot>
        <AppRoutes />
      </SessionBoot>
    </BrowserRouter>
  );
}
