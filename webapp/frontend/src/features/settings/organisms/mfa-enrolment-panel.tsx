import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { CopyButton } from '@/components/molecules/copy-button';
import { TextField } from '@/components/molecules/field';
import { groupSecret } from '@/features/settings/api';
import type { MfaEnrolment } from '@/api/types';

const schema = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => /^\d{6}$/.test(v), 'Enter the 6-digit code your app shows'),
});

export interface MfaEnrolmentPanelProps {
  enrolment: MfaEnrolment;
  /** Confirms with the first code; resolves with a message for the code field (400), or nothing. */
  onConfirm: (code: string) => Promise<string | void>;
  onCancel: () => void;
  /** A failure other than a wrong code. */
  error?: string | null;
}

/** Setting up an authenticator app: scan the QR code (or type the secret), then confirm with a code. */
export function MfaEnrolmentPanel({ enrolment, onConfirm, onCancel, error }: MfaEnrolmentPanelProps) {
  const headingId = useId();
  const secretId = useId();
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }, unknown, { code: string }>({
    resolver: zodResolver(schema),
    defaultValues: { code: '' },
  });
  const submit = handleSubmit(async (v) => {
    const fieldError = await onConfirm(v.code);
    if (fieldError) setError('code', { type: 'server', message: fieldError });
  });
  // Only an inline image from the server, never a URL to fetch from elsewhere.
  const qr = enrolment.qrCode.startsWith('data:image/') ? enrolment.qrCode : null;
  const openable = enrolment.otpauthUri.startsWith('otpauth://');

  return (
    <section aria-labelledby={headingId} className="space-y-5">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        Set up two-step sign-in
      </h2>
      <ol className="list-decimal space-y-5 pl-5 text-sm text-slate-800">
        <li className="space-y-3">
          <p>
            Scan this QR code with an authenticator app (for example Aegis, Google Authenticator, Microsoft Authenticator or 1Password).
          </p>
          {qr ? (
            <img
              src={qr}
              alt="QR code to scan with your authenticator app"
              width={192}
              height={192}
              className="h-48 w-48 rounded border border-slate-300 bg-white p-2"
            />
          ) : (
            <p className="text-slate-700">The QR code is not available: type the key below into the app instead.</p>
          )}
          {openable && (
            <p>
              On this phone?{' '}
              <a href={enrolment.otpauthUri} className="text-blue-800 underline focus-ring">
                Open it in your authenticator app
              </a>
              .
            </p>
          )}
        </li>
        <li className="space-y-2">
          <p id={secretId}>Can't scan it? Type this key into the app (time-based, 6 digits):</p>
          <div className="flex flex-wrap items-center gap-3">
            <code
              data-testid="mfa-secret"
              className="select-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-base tracking-wider text-slate-900 break-all"
            >
              {groupSecret(enrolment.secret)}
            </code>
            <CopyButton text={enrolment.secret} label="Copy key" copiedLabel="Key copied" />
          </div>
        </li>
        <li>
          <form onSubmit={submit} noValidate className="space-y-3" aria-label="Confirm two-step sign-in">
            <p>Enter the code the app now shows for Stockade.</p>
            {error && <Alert>{error}</Alert>}
            <div className="max-w-xs">
              <TextField
                label="Code from the app"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                required
                error={formState.errors.code?.message}
                {...register('code')}
              />
            </div>
            <div className="flex flex-wrap gap-3">
              <Button type="submit" busy={formState.isSubmitting}>
                Confirm
              </Button>
              <Button variant="secondary" onClick={onCancel} disabled={formState.isSubmitting}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </section>
  );
}
