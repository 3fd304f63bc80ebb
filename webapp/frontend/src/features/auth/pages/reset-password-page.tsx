/* eslint-disable jsx-a11y/no-autofocus -- a sign-in step is the page's one task: its field takes the focus, as a full page load would put it there (see RouteFocus in app/router.tsx). */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { describeError, fieldErrorsOf, statusOf } from '@/api/problem';
import { retryAfterSeconds } from '@/api/client';
import { usePageTitle } from '@/lib/use-page-title';
import { useSession } from '@/stores/session';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';
import { confirmPasswordReset, resetTokenFromHash } from '@/features/auth/api';
import { AuthCard, authLinkClasses } from '@/features/auth/organisms/auth-card';
import { NEW_PASSWORD_HINT, PASSWORDS_DIFFER, confirmPasswordField, isNewPasswordField, newPasswordField } from '@/lib/password-rules';

const schema = z
  .object({ newPassword: newPasswordField, confirmPassword: confirmPasswordField })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: PASSWORDS_DIFFER });
type Values = z.infer<typeof schema>;

export const RESET_DONE_MESSAGE = 'Password changed — sign in with the new one';
const MISSING_TOKEN = 'This reset link is incomplete. Open the link from the e-mail again, or ask for a new one.';

/**
 * Takes the reset token out of the address bar (`#token=…`): the same entry is replaced, so the
 * token is kept neither in the history nor in a bookmark; from here on it lives in this page's state.
 */
function stripTokenFromAddress(): void {
  if (!window.location.hash) return;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

/** Public: the page of the e-mailed link `/reset-password#token=…`: choose a new password. */
export default function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Read once, on the first render; the effect below then removes it from the address bar.
  const [token] = useState(() => resetTokenFromHash(window.location.hash));
  const [tokenError, setTokenError] = useState<string | null>(token ? null : MISSING_TOKEN);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { newPassword: '', confirmPassword: '' },
  });

  useEffect(() => {
    stripTokenFromAddress();
  }, []);

  const submit = handleSubmit(async (v) => {
    if (!token) return;
    setFormError(null);
    try {
      await confirmPasswordReset(token, v.newPassword);
      // Every session of the account has ended: nothing of one may linger in this tab.
      if (useSession.getState().token) {
        useSession.getState().signOut();
        queryClient.clear();
      }
      toast(RESET_DONE_MESSAGE, 'success');
      navigate('/login', { replace: true });
    } catch (e) {
      const errs = fieldErrorsOf(e);
      const onToken = errs.find((f) => f.field === 'token');
      if (onToken) {
        setTokenError(onToken.message);
        return;
      }
      let matched = false;
      for (const fe of errs) {
        if (isNewPasswordField(fe.field)) {
          setError('newPassword', { type: 'server', message: fe.message });
          matched = true;
        }
      }
      if (matched) return;
      if (statusOf(e) === 429) {
        const s = retryAfterSeconds(e);
        setFormError(s === undefined ? 'Too many attempts. Try again later.' : `Too many attempts. Try again in ${s} s.`);
      } else {
        setFormError(describeError(e, 'The password could not be changed. Please try again.'));
      }
    }
  });

  return (
    <AuthCard heading="Choose a new password">
      {tokenError ? (
        <div className="mt-4 space-y-4">
          <Alert>
            <span data-testid="reset-token-error">{tokenError}</span>
          </Alert>
          <p className="text-center">
            <Link to="/forgot-password" className={authLinkClasses}>
              Ask for a new reset link
            </Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="mt-4 space-y-4" aria-label="Choose a new password">
          {formError && <Alert>{formError}</Alert>}
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            autoFocus
            required
            hint={NEW_PASSWORD_HINT}
            error={formState.errors.newPassword?.message}
            {...register('newPassword')}
          />
          <TextField
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            required
            error={formState.errors.confirmPassword?.message}
            {...register('confirmPassword')}
          />
          <Button type="submit" className="w-full" busy={formState.isSubmitting}>
            Change password
          </Button>
        </form>
      )}
      <p className="mt-4 text-center">
        <Link to="/login" className={authLinkClasses}>
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
