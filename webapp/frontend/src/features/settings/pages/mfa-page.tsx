import { useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { qk } from '@/api/query-keys';
import { describeError, fieldErrorsOf, problemOf, problemTypeIs } from '@/api/problem';
import { usePageTitle } from '@/lib/use-page-title';
import { useSession } from '@/stores/session';
import { toast } from '@/stores/ui';
import { refreshSession } from '@/lib/auth/session';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { TextField } from '@/components/molecules/field';
import { Modal } from '@/components/organisms/modal';
import { MfaEnrolmentPanel } from '@/features/settings/organisms/mfa-enrolment-panel';
import { RecoveryCodeList } from '@/features/settings/organisms/recovery-code-list';
import { confirmMfaEnrolment, disableMfa, startMfaEnrolment, useMfaStatus } from '@/features/settings/api';
import type { MfaEnrolment, MfaStatus } from '@/api/types';

type Stage = { kind: 'status' } | { kind: 'enrolling'; enrolment: MfaEnrolment } | { kind: 'codes'; codes: string[] };

export const MFA_ON_MESSAGE = 'Two-step sign-in is on';
export const MFA_OFF_MESSAGE = 'Two-step sign-in is off';
/** Few enough recovery codes left to suggest new ones. */
const FEW_CODES = 3;

/** Settings → Two-step sign-in: status, set-up (QR code, key, first code, recovery codes) and turning it off. */
export default function MfaPage() {
  usePageTitle('Two-step sign-in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const gated = useSession((s) => s.mfaEnrolmentRequired);
  const username = useSession((s) => s.user?.username);
  const signOut = useSession((s) => s.signOut);
  const status = useMfaStatus();
  const [stage, setStage] = useState<Stage>({ kind: 'status' });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const [turningOff, setTurningOff] = useState(false);
  const mustEnrol = gated || params.get('required') !== null;

  const refetch = () => queryClient.invalidateQueries({ queryKey: qk.mfa });

  async function start() {
    setStartError(null);
    setConfirmError(null);
    setStarting(true);
    try {
      setStage({ kind: 'enrolling', enrolment: await startMfaEnrolment() });
    } catch (e) {
      if (problemTypeIs(problemOf(e), 'mfa-already-enrolled')) void refetch();
      setStartError(describeError(e, 'Two-step sign-in could not be set up. Please try again.'));
    } finally {
      setStarting(false);
    }
  }

  async function confirm(code: string): Promise<string | void> {
    setConfirmError(null);
    try {
      const codes = await confirmMfaEnrolment(code);
      setStage({ kind: 'codes', codes });
      void refetch();
    } catch (e) {
      const fe = fieldErrorsOf(e).find((f) => f.field === 'code');
      if (fe) return fe.message;
      setConfirmError(describeError(e, 'The code could not be checked. Please try again.'));
    }
  }

  async function done() {
    if (!mustEnrol) {
      toast(MFA_ON_MESSAGE, 'success');
      setStage({ kind: 'status' });
      return;
    }
    // The current access token still carries the enrolment gate: get one without it.
    setFinishing(true);
    const token = await refreshSession();
    setFinishing(false);
    if (!token) {
      // Leave the guarded page before signing out (else /login?next=… would lead back here).
      navigate('/login', {
        replace: true,
        state: { notice: 'Two-step sign-in is on. Sign in again with your password and a code from the app.' },
      });
      signOut();
      queryClient.clear();
      return;
    }
    toast(MFA_ON_MESSAGE, 'success');
    navigate('/', { replace: true });
  }

  return (
    <div className="max-w-2xl space-y-4">
      {mustEnrol && stage.kind !== 'codes' && !status.data?.enrolled && (
        <Alert tone="warning">Your organisation requires two-step sign-in for your role. Set it up before you can continue.</Alert>
      )}
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6">
        {stage.kind === 'enrolling' ? (
          <MfaEnrolmentPanel
            enrolment={stage.enrolment}
            onConfirm={confirm}
            onCancel={() => setStage({ kind: 'status' })}
            error={confirmError}
          />
        ) : stage.kind === 'codes' ? (
          <RecoveryCodeList codes={stage.codes} username={username} onDone={() => void done()} busy={finishing} />
        ) : status.isPending ? (
          <LoadingBlock lines={4} label="Loading two-step sign-in…" />
        ) : status.isError ? (
          <Alert>{describeError(status.error, 'The two-step sign-in status could not be loaded.')}</Alert>
        ) : (
          <>
            <StatusPanel
              status={status.data}
              onStart={() => void start()}
              starting={starting}
              startError={startError}
              onTurnOff={() => setTurningOff(true)}
            />
            {mustEnrol && status.data.enrolled && (
              // Set up meanwhile (e.g. in another tab): a fresh token without the gate is all that is missing.
              <Button className="mt-4" busy={finishing} onClick={() => void done()}>
                Continue
              </Button>
            )}
          </>
        )}
      </section>
      <Modal open={turningOff} title="Turn off two-step sign-in?" onClose={() => setTurningOff(false)}>
        <TurnOffForm
          onCancel={() => setTurningOff(false)}
          onDone={() => {
            setTurningOff(false);
            toast(MFA_OFF_MESSAGE, 'success');
            void refetch();
          }}
          onRequired={() => void refetch()}
        />
      </Modal>
    </div>
  );
}

function StatusPanel({
  status,
  onStart,
  starting,
  startError,
  onTurnOff,
}: {
  status: MfaStatus;
  onStart: () => void;
  starting: boolean;
  startError: string | null;
  onTurnOff: () => void;
}) {
  const headingId = useId();
  const lockedId = useId();
  return (
    <div className="space-y-4" aria-labelledby={headingId} role="group">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        Two-step sign-in
      </h2>
      <p className="text-sm text-slate-700">
        With two-step sign-in, signing in takes your password and a code from an authenticator app on your phone, so a stolen password alone
        is not enough.
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-600">Status</dt>
        <dd>{status.enrolled ? <Badge tone="green">On</Badge> : <Badge tone="slate">Off</Badge>}</dd>
        {status.enrolled && (
          <>
            <dt className="text-slate-600">Recovery codes left</dt>
            <dd data-testid="recovery-codes-left">{status.recoveryCodesLeft}</dd>
          </>
        )}
        <dt className="text-slate-600">Required by your organisation</dt>
        <dd>{status.required ? 'Yes, for your role' : 'No'}</dd>
      </dl>
      {status.enrolled && status.recoveryCodesLeft <= FEW_CODES && (
        <Alert tone="warning">
          {status.recoveryCodesLeft === 0 ? 'You have no recovery codes left.' : `Only ${status.recoveryCodesLeft} recovery codes left.`}
          {status.required
            ? ' Ask an administrator if you lose your phone.'
            : ' To get new ones, turn two-step sign-in off and set it up again.'}
        </Alert>
      )}
      {startError && <Alert>{startError}</Alert>}
      {!status.enrolled ? (
        <Button onClick={onStart} busy={starting}>
          Set up two-step sign-in
        </Button>
      ) : status.required ? (
        <p id={lockedId} className="text-sm text-slate-700">
          Your organisation requires two-step sign-in for your role, so it cannot be turned off.
        </p>
      ) : (
        <Button variant="danger" onClick={onTurnOff}>
          Turn off
        </Button>
      )}
    </div>
  );
}

const turnOffSchema = z.object({
  password: z.string().min(1, 'Enter your password').max(1024),
  code: z.string(),
});
type TurnOffValues = z.infer<typeof turnOffSchema>;

/** Turning the second factor off: the password and a current code (or a recovery code). */
function TurnOffForm({ onCancel, onDone, onRequired }: { onCancel: () => void; onDone: () => void; onRequired: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, clearErrors, setValue, formState } = useForm<TurnOffValues>({
    resolver: zodResolver(turnOffSchema),
    defaultValues: { password: '', code: '' },
  });

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const code = useRecovery ? v.code.trim() : v.code.replace(/[\s-]/g, '');
    if (!useRecovery && !/^\d{6}$/.test(code)) {
      setError('code', { type: 'validate', message: 'Enter the 6-digit code from your authenticator app' });
      return;
    }
    if (useRecovery && (code.length === 0 || code.length > 40)) {
      setError('code', { type: 'validate', message: 'Enter one of your recovery codes' });
      return;
    }
    try {
      await disableMfa(v.password, useRecovery ? { recoveryCode: code } : { code });
      onDone();
    } catch (e) {
      if (problemTypeIs(problemOf(e), 'mfa-required')) {
        setFormError(describeError(e, 'Your organisation requires a second factor for your role.'));
        onRequired();
        return;
      }
      const errs = fieldErrorsOf(e);
      let matched = false;
      for (const fe of errs) {
        if (fe.field === 'password') {
          setError('password', { type: 'server', message: fe.message });
          matched = true;
        } else if (fe.field === 'code' || fe.field === 'recoveryCode') {
          setError('code', { type: 'server', message: fe.message });
          matched = true;
        }
      }
      if (!matched) setFormError(describeError(e, 'Two-step sign-in could not be turned off.'));
    }
  });

  function toggle() {
    setUseRecovery((r) => !r);
    setValue('code', '');
    clearErrors('code');
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Turn off two-step sign-in">
      <p className="text-sm text-slate-800">Signing in will then take your password only. Your recovery codes stop working.</p>
      {formError && <Alert>{formError}</Alert>}
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={formState.errors.password?.message}
        {...register('password')}
      />
      {useRecovery ? (
        <TextField
          key="recovery"
          label="Recovery code"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          className="font-mono"
          error={formState.errors.code?.message}
          {...register('code')}
        />
      ) : (
        <TextField
          key="code"
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          required
          error={formState.errors.code?.message}
          {...register('code')}
        />
      )}
      <Button variant="ghost" size="sm" onClick={toggle}>
        {useRecovery ? 'Use the code from your app instead' : 'Use a recovery code instead'}
      </Button>
      <div className="flex justify-end gap-3">
        <Button variant="secondary" onClick={onCancel} disabled={formState.isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" busy={formState.isSubmitting}>
          Turn off
        </Button>
      </div>
    </form>
  );
}
