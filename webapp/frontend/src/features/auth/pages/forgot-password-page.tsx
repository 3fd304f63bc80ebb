/* eslint-disable jsx-a11y/no-autofocus -- a sign-in step is the page's one task: its field takes the focus, as a full page load would put it there (see RouteFocus in app/router.tsx). */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { describeError, fieldErrorsOf, statusOf } from '@/api/problem';
import { retryAfterSeconds } from '@/api/client';
import { usePageTitle } from '@/lib/use-page-title';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import { requestPasswordReset } from '@/features/auth/api';
import { AuthCard, authLinkClasses } from '@/features/auth/organisms/auth-card';

const schema = z.object({ email: z.string().trim().min(1, 'Enter your e-mail address').max(254).email('Enter a valid e-mail address') });
type Values = z.infer<typeof schema>;

/** The form's message for a refused reset request. */
export function resetRequestErrorMessage(error: unknown): string {
  if (statusOf(error) === 429) {
    const s = retryAfterSeconds(error);
    return s === undefined ? 'Too many reset requests. Try again later.' : `Too many reset requests. Try again in ${s} s.`;
  }
  return describeError(error, 'The reset link could not be requested. Please try again.');
}

/** Public: asks for a reset link by e-mail. The answer is the same whether or not the address is known. */
export default function ForgotPasswordPage() {
  usePageTitle('Forgot your password?');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState,
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '' } });

  const submit = handleSubmit(async (v) => {
    setError(null);
    try {
      setSent(await requestPasswordReset(v.email.trim()));
    } catch (e) {
      const fe = fieldErrorsOf(e).find((f) => f.field === 'email');
      if (fe) setFieldError('email', { type: 'server', message: fe.message });
      else setError(resetRequestErrorMessage(e));
    }
  });

  return (
    <AuthCard heading="Reset your password">
      {sent ? (
        <div className="mt-4 space-y-4">
          <Alert tone="success">
            <span data-testid="reset-requested">{sent}</span>
          </Alert>
          <p className="text-sm text-slate-700">No e-mail after a few minutes? Check the spam folder, or ask your administrator.</p>
        </div>
      ) : (
        <>
          <p className="mt-4 text-sm text-slate-700">
            Enter the e-mail address of your account and we will send you a link to choose a new password.
          </p>
          {error && (
            <Alert className="mt-4">
              <span data-testid="reset-error">{error}</span>
            </Alert>
          )}
          <form onSubmit={submit} noValidate className="mt-4 space-y-4" aria-label="Request a reset link">
            <TextField
              label="E-mail address"
              type="email"
              autoComplete="email"
              autoFocus
              required
              error={formState.errors.email?.message}
              {...register('email')}
            />
            <Button type="submit" className="w-full" busy={formState.isSubmitting}>
              Send reset link
            </Button>
          </form>
        </>
      )}
      <p className="mt-4 text-center">
        <Link to="/login" className={authLinkClasses}>
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
