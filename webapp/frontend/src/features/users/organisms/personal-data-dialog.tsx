import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserView } from '@/api/types';
import { describeError } from '@/api/problem';
import { qk } from '@/api/query-keys';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextAreaField, TextField } from '@/components/molecules/field';
import { Modal } from '@/components/organisms/modal';
import { downloadPersonalData, eraseUser, liftRetentionHold, placeRetentionHold } from '@/features/users/api';

/** The server's bound on a reason (PersonalDataReason.reason). */
export const REASON_MAX = 500;

function reasonError(reason: string): string | undefined {
  if (!reason.trim()) return 'Give a reason: it is recorded with the action';
  if (reason.length > REASON_MAX) return `At most ${REASON_MAX} characters`;
  return undefined;
}

/**
 * An Admin's GDPR actions on one person (issue 14 §5): download everything Stockade holds about them, put their
 * records under a retention hold or lift it, and erase them. Erasure destroys the person's key, so it cannot be
 * undone: it asks for a reason and the username typed again, and it is refused while a hold stands.
 */
export function PersonalDataDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [holdReason, setHoldReason] = useState('');
  const [eraseReason, setEraseReason] = useState('');
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState<'hold' | 'erase' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // What this dialog did to the hold, until the user list (a projection) shows it too.
  const [heldNow, setHeldNow] = useState<boolean | null>(null);

  const done = (message: string) => {
    toast(message, 'success');
    setFailure(null);
    void queryClient.invalidateQueries({ queryKey: qk.users });
  };
  const failed = (fallback: string) => (e: unknown) => setFailure(describeError(e, fallback));

  const download = useMutation({
    mutationFn: (u: UserView) => downloadPersonalData(u.id, u.username),
    onSuccess: () => setFailure(null),
    onError: failed('Their data could not be downloaded.'),
  });
  const hold = useMutation({
    mutationFn: (u: UserView) => placeRetentionHold(u.id, holdReason.trim()),
    onSuccess: (_r, u) => {
      setHoldReason('');
      setTried(null);
      setHeldNow(true);
      done(`${u.username}'s records are under a retention hold`);
    },
    onError: failed('The retention hold could not be placed.'),
  });
  const lift = useMutation({
    mutationFn: (u: UserView) => liftRetentionHold(u.id),
    onSuccess: (_r, u) => {
      setHeldNow(false);
      done(`Lifted the retention hold on ${u.username}'s records`);
    },
    onError: failed('The retention hold could not be lifted.'),
  });
  const erase = useMutation({
    mutationFn: (u: UserView) => eraseUser(u.id, eraseReason.trim()),
    onSuccess: (_r, u) => {
      done(`Erased ${u.username}'s personal data`);
      close();
    },
    onError: failed('The personal data could not be erased.'),
  });
  const busy = download.isPending || hold.isPending || lift.isPending || erase.isPending;

  function close() {
    setHoldReason('');
    setEraseReason('');
    setTyped('');
    setTried(null);
    setFailure(null);
    setHeldNow(null);
    onClose();
  }

  const u = user;
  const held = heldNow ?? u?.retentionHold ?? false;
  const holdError = tried === 'hold' ? reasonError(holdReason) : undefined;
  const eraseReasonError = tried === 'erase' ? reasonError(eraseReason) : undefined;
  const typedError = tried === 'erase' && u && typed !== u.username ? `Type ${u.username} exactly` : undefined;

  return (
    <Modal open={u !== null} title={`Personal data of ${u?.username ?? ''}`} onClose={() => !busy && close()} size="lg">
      {u && (
        <div className="space-y-5 text-sm text-slate-800">
          {failure && <Alert>{failure}</Alert>}
          <section aria-labelledby="pd-download" className="space-y-2">
            <h3 id="pd-download" className="font-semibold text-slate-900">
              Their data
            </h3>
            <p>Everything Stockade holds about this person, as one JSON file (GDPR articles 15 and 20).</p>
            <Button variant="secondary" size="sm" busy={download.isPending} disabled={busy} onClick={() => download.mutate(u)}>
              Download as JSON
            </Button>
          </section>

          <section aria-labelledby="pd-hold" className="space-y-2">
            <h3 id="pd-hold" className="font-semibold text-slate-900">
              Retention hold
            </h3>
            {u.erased ? (
              <p>This person was erased; there is nothing left to hold.</p>
            ) : held ? (
              <>
                <p>Their records are kept for a legal obligation (GDPR article 17(3)(b)): erasure is refused until the hold is lifted.</p>
                <Button variant="secondary" size="sm" busy={lift.isPending} disabled={busy} onClick={() => lift.mutate(u)}>
                  Lift the hold
                </Button>
              </>
            ) : (
              <form
                noValidate
                className="space-y-2"
                aria-label="Place a retention hold"
                onSubmit={(e) => {
                  e.preventDefault();
                  setTried('hold');
                  if (!reasonError(holdReason)) hold.mutate(u);
                }}
              >
                <TextAreaField
                  label="Why the records must be kept"
                  required
                  rows={2}
                  maxLength={REASON_MAX}
                  value={holdReason}
                  error={holdError}
                  onChange={(e) => setHoldReason(e.target.value)}
                />
                <Button type="submit" variant="secondary" size="sm" busy={hold.isPending} disabled={busy}>
                  Place a hold
                </Button>
              </form>
            )}
          </section>

          <section aria-labelledby="pd-erase" className="space-y-2">
            <h3 id="pd-erase" className="font-semibold text-slate-900">
              Erase
            </h3>
            {u.erased ? (
              <p>Erased: their name, address and what they typed read as erased everywhere.</p>
            ) : held ? (
              <p>Erasure is refused while the retention hold stands.</p>
            ) : (
              <form
                noValidate
                className="space-y-2"
                aria-label="Erase personal data"
                onSubmit={(e) => {
                  e.preventDefault();
                  setTried('erase');
                  if (!reasonError(eraseReason) && typed === u.username) erase.mutate(u);
                }}
              >
                <p>
                  Destroys the person&apos;s key: their name, e-mail address and the reasons they typed read as erased in every view, export
                  and replay. The events stay, and the erasure is recorded as one. This cannot be undone, and their sessions end.
                </p>
                <TextAreaField
                  label="Reason for the erasure"
                  required
                  rows={2}
                  maxLength={REASON_MAX}
                  value={eraseReason}
                  error={eraseReasonError}
                  onChange={(e) => setEraseReason(e.target.value)}
                />
                <TextField
                  label={`Type ${u.username} to confirm`}
                  required
                  autoComplete="off"
                  value={typed}
                  error={typedError}
                  onChange={(e) => setTyped(e.target.value)}
                />
                <Button type="submit" variant="danger" size="sm" busy={erase.isPending} disabled={busy}>
                  Erase personal data
                </Button>
              </form>
            )}
          </section>
          <div className="flex justify-end">
            <Button variant="secondary" disabled={busy} onClick={close}>
              Close
            </Button>
          </div>
        </div>
      )}
    </Modal>
  );
}
