import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { api } from '@/api/http';
import type { ChangePassword } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { usePageTitle } from '@/lib/use-page-title';
import { useSession } from '@/stores/session';
import { toast } from '@/stores/ui';
import { refreshSession } from '@/lib/auth/session';
import { NEW_PASSWORD_HINT, PASSWORDS_DIFFER, confirmPasswordField, newPasswordField } from '@/lib/password-rules';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { TextField } from '@/components/molecules/field';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword: newPasswordField,
    confirmPassword: confirmPasswordField,
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: PASSWORDS_DIFFER })
  .refine((v) => v.newPassword !== v.currentPassword || v.newPassword === '', {
    path: ['newPassword'],
    message: 'The new password must differ from the current one',
  });
type Values = z.infer<typeof schema>;

export default function PasswordPage() {
  usePageTitle('Change password');
  const [params] = useSearchParams();
  const mustChange = useSession((s) => s.mustChangePassword);
  const signOut = useSession((s) => s.signOut);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const body: ChangePassword = { currentPassword: v.currentPassword, newPassword: v.newPassword };
      const wasRequired = mustChange || params.get('required') !== null;
      // 204: the other sessions were ended, this one goes on.
      await api.post('/api/profile/password', body);
      // The current access token may still carry the "must change password" gate: get a fresh one
      // (with the updated user and flag) from the refresh cookie.
      const token = await refreshSession();
      if (!token) {
        // The session could not be resumed: sign in again with the new password.
        // Leave the guarded page first: signing out while on it would send the user to
        // /login?next=/settings/password and back here after signing in again.
        navigate('/login', { replace: true, state: { notice: 'Password changed; sign in again with the new password.' } });
        signOut();
        queryClient.clear();
        return;
      }
      toast('Password changed. Your other sessions were signed out.', 'success');
      navigate(wasRequired ? '/' : '/settings', { replace: true });
    } catch (e) {
      const errs = fieldErrorsOf(e);
      let matched = false;
      for (const fe of errs) {
        if (fe.field === 'currentPassword' || fe.field === 'newPassword') {
          setError(fe.field, { type: 'server', message: fe.message });
          matched = true;
        } else if (fe.field === 'password') {
          setError('newPassword', { type: 'server', message: fe.message });
          matched = true;
        }
      }
      if (!matched) setFormError(describeError(e, 'The password could not be changed.'));
    }
  });

  return (
    <section className="max-w-md rounded-lg bg-white p-4 shadow-sm sm:p-6">
      {(mustChange || params.get('required')) && (
        <Alert tone="warning" className="mb-4">
          You must change your password before you can continue.
        </Alert>
      )}
      <form onSubmit={submit} noValidate className="space-y-4" aria-label="Change password">
        {formError && <Alert>{formError}</Alert>}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={formState.errors.currentPassword?.message}
          {...register('currentPassword')}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
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
        <Button type="submit" busy={formState.isSubmitting}>
          Change password
        </Button>
      </form>
    </section>
  );
}
