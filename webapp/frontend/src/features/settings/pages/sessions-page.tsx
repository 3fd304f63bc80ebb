import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { qk } from '@/api/query-keys';
import { describeError } from '@/api/problem';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { Modal } from '@/components/organisms/modal';
import { SessionList } from '@/features/settings/organisms/session-list';
import { deviceName, revokeSession, useSessions } from '@/features/settings/api';
import type { AuthSession } from '@/api/types';

type Confirming = { kind: 'one'; session: AuthSession } | { kind: 'others' } | null;

/** Ends the given sessions one by one; the count of those that could not be ended, and the first error. */
async function revokeAll(sessions: AuthSession[]): Promise<{ failed: number; error?: unknown }> {
  let failed = 0;
  let error: unknown;
  for (const s of sessions) {
    try {
      await revokeSession(s.id);
    } catch (e) {
      failed += 1;
      error ??= e;
    }
  }
  return { failed, error };
}

export default function SessionsPage() {
  usePageTitle('Sessions');
  const sessions = useSessions();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const others = (sessions.data ?? []).filter((s) => !s.current);

  const refetch = () => queryClient.invalidateQueries({ queryKey: qk.sessions });

  const revokeOne = useMutation({
    mutationFn: (s: AuthSession) => revokeSession(s.id),
    onSuccess: (_r, s) => {
      toast(`Signed out ${deviceName(s)}`, 'success');
      setConfirming(null);
    },
    onError: (e) => toast(describeError(e, 'The session could not be ended.'), 'error'),
    onSettled: () => refetch(),
  });

  const revokeOthers = useMutation({
    mutationFn: (list: AuthSession[]) => revokeAll(list),
    onSuccess: ({ failed, error }, list) => {
      setConfirming(null);
      if (failed === 0) {
        toast(list.length === 1 ? 'Signed out 1 other session' : `Signed out ${list.length} other sessions`, 'success');
      } else {
        toast(`${failed} of ${list.length} sessions could not be ended: ${describeError(error, 'the request failed.')}`, 'error');
      }
    },
    onSettled: () => refetch(),
  });

  const busy = revokeOne.isPending || revokeOthers.isPending;

  return (
    <div className="max-w-4xl space-y-4">
      <p className="text-sm text-slate-700">
        These browsers and devices are signed in to your account. Sign out any you don't recognise, then{' '}
        <Link to="/settings/password" className="text-blue-800 underline focus-ring">
          change your password
        </Link>
        .
      </p>
      {sessions.isPending ? (
        <LoadingBlock lines={4} label="Loading sessions…" />
      ) : sessions.isError ? (
        <Alert>{describeError(sessions.error, 'Your sessions could not be loaded.')}</Alert>
      ) : sessions.data.length === 0 ? (
        <EmptyState title="No active sessions">Sessions appear here when you sign in.</EmptyState>
      ) : (
        <>
          <SessionList
            sessions={sessions.data}
            onRevoke={(s) => setConfirming({ kind: 'one', session: s })}
            busyId={revokeOne.isPending ? (revokeOne.variables?.id ?? null) : null}
            disabled={revokeOthers.isPending}
          />
          {others.length > 0 ? (
            <Button variant="danger" busy={revokeOthers.isPending} disabled={busy} onClick={() => setConfirming({ kind: 'others' })}>
              Sign out everywhere else
            </Button>
          ) : (
            <p className="text-sm text-slate-700">You are signed in on this device only.</p>
          )}
        </>
      )}
      <Modal
        open={confirming?.kind === 'one'}
        title={confirming?.kind === 'one' ? `Sign out ${deviceName(confirming.session)}?` : ''}
        onClose={() => !busy && setConfirming(null)}
      >
        <p className="text-sm text-slate-800">That device will have to sign in again to use Stockade.</p>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary" disabled={busy} onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={revokeOne.isPending}
            onClick={() => confirming?.kind === 'one' && revokeOne.mutate(confirming.session)}
          >
            Sign out
          </Button>
        </div>
      </Modal>
      <Modal open={confirming?.kind === 'others'} title="Sign out everywhere else?" onClose={() => !busy && setConfirming(null)}>
        <p className="text-sm text-slate-800">
          {others.length === 1 ? '1 other session' : `${others.length} other sessions`} will be ended. This device stays signed in.
        </p>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary" disabled={busy} onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button variant="danger" busy={revokeOthers.isPending} onClick={() => revokeOthers.mutate(others)}>
            Sign out all others
          </Button>
        </div>
      </Modal>
    </div>
  );
}
