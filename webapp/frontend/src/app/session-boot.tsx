import { useEffect, useState, type ReactNode } from 'react';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { useSession } from '@/stores/session';
import { canResumeSession, refreshSession } from '@/lib/auth/session';

/**
 * On start (a reload, a new tab) the access token, held in memory only, is gone; the refresh
 * cookie may still resume the session. Until that one refresh has answered, the routes (and their
 * guards, which would send the user to /login) wait behind a loading skeleton.
 */
export function SessionBoot({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(() => useSession.getState().token !== null || !canResumeSession());

  useEffect(() => {
    if (ready) return;
    let live = true;
    // StrictMode runs this twice: both runs share the one in-flight refresh.
    void refreshSession()
      .catch(() => null)
      .finally(() => {
        if (live) setReady(true);
      });
    return () => {
      live = false;
    };
  }, [ready]);

  if (!ready) {
    return (
      <div className="flex min-h-screen items-start justify-center bg-slate-50 px-4 pt-24">
        <div className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm">
          <LoadingBlock lines={4} label="Restoring your session…" />
        </div>
      </div>
    );
  }
  return <>{children}</>;
}
