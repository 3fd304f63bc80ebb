/* eslint-disable jsx-a11y/no-autofocus -- a sign-in step is the page's one task: its field takes the focus, as a full page load would put it there (see RouteFocus in app/router.tsx). */
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import type { MfaAnswer } from '@/api/types';

/** A 6-digit code as typed (spaces and dashes a phone app shows between the halves are dropped). */
export function normaliseOtp(value: string): string {
  return value.replace(/[\s-]/g, '');
}

const codeSchema = z.object({
  code: z
    .string()
    .transform(normaliseOtp)
    .refine((v) => /^\d{6}$/.test(v), 'Enter the 6-digit code from your authenticator app'),
});
const recoverySchema = z.object({
  recoveryCode: z.string().trim().min(1, 'Enter one of your recovery codes').max(40, 'A recovery code is at most 40 characters'),
});

export interface MfaChallengeFormProps {
  /**
   * Sends the answer. Resolves with a message to show at the field (a 400 on the code), or
   * nothing; failures in general are shown through `error`.
   */
  onSubmit: (answer: MfaAnswer) => Promise<string | void>;
  /** The last failure (e.g. 401 "Invalid or expired code…"). */
  error?: string | null;
  /** The challenge can no longer be answered (5 wrong codes or 5 minutes): only "Start again" is left. */
  dead?: boolean;
  /** Back to the password step. */
  onStartAgain: () => void;
}

function CodeForm({ onSubmit }: { onSubmit: MfaChallengeFormProps['onSubmit'] }) {
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }, unknown, { code: string }>({
    resolver: zodResolver(codeSchema),
    defaultValues: { code: '' },
  });
  const submit = handleSubmit(async (v) => {
    const fieldError = await onSubmit({ code: v.code });
    if (fieldError) setError('code', { type: 'server', message: fieldError });
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Second step: code from the app">
      <TextField
        label="Authentication code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        autoFocus
        required
        hint="The 6-digit code your authenticator app shows for Stockade."
        error={formState.errors.code?.message}
        {...register('code')}
      />
      <Button type="submit" className="w-full" busy={formState.isSubmitting}>
        Verify
      </Button>
    </form>
  );
}

function RecoveryForm({ onSubmit }: { onSubmit: MfaChallengeFormProps['onSubmit'] }) {
  const { register, handleSubmit, setError, formState } = useForm<{ recoveryCode: string }>({
    resolver: zodResolver(recoverySchema),
    defaultValues: { recoveryCode: '' },
  });
  const submit = handleSubmit(async (v) => {
    const fieldError = await onSubmit({ recoveryCode: v.recoveryCode.trim() });
    if (fieldError) setError('recoveryCode', { type: 'server', message: fieldError });
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Second step: recovery code">
      <TextField
        label="Recovery code"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        required
        className="font-mono"
        hint="One of the codes you saved when you set up two-step sign-in, e.g. abcde-fghij-klmno. Each code works once."
        error={formState.errors.recoveryCode?.message}
        {...register('recoveryCode')}
      />
      <Button type="submit" className="w-full" busy={formState.isSubmitting}>
        Verify
      </Button>
    </form>
  );
}

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
export function MfaChallengeForm({ onSubmit, error, dead = false, onStartAgain }: MfaChallengeFormProps) {
  const [useRecovery, setUseRecovery] = useState(false);

  if (dead) {
    return (
      <div className="mt-4 space-y-4">
        <Alert>
          <span data-testid="mfa-error">{error ?? 'This sign-in attempt has expired.'}</span>
          <span className="mt-1 block">This sign-in attempt has ended: start again with your password.</span>
        </Alert>
        <Button className="w-full" autoFocus onClick={onStartAgain}>
          Start again
        </Button>
      </div>
    );
  }

  return (
    <div className="mt-4 space-y-4">
      <h2 className="text-sm font-semibold text-slate-900">Two-step sign-in</h2>
      <p className="text-sm text-slate-700">
        {useRecovery ? 'Enter one of your recovery codes.' : 'Open your authenticator app and enter the code it shows for Stockade.'}
      </p>
      {error && (
        <Alert>
          <span data-testid="mfa-error">{error}</span>
        </Alert>
      )}
      {useRecovery ? <RecoveryForm onSubmit={onSubmit} /> : <CodeForm onSubmit={onSubmit} />}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button variant="ghost" size="sm" onClick={() => setUseRecovery((v) => !v)}>
          {useRecovery ? 'Use the code from your app instead' : 'Use a recovery code instead'}
        </Button>
        <Button variant="ghost" size="sm" onClick={onStartAgain}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
