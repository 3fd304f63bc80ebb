import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { api } from '@/api/http';
import { qk } from '@/api/query-keys';
import type { ProfileAnswer, UpdateProfile, UserAnswerManagedUser } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button, buttonClasses } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { TextField } from '@/components/molecules/field';

const schema = z.object({ email: z.string().trim().min(1, 'Email is required').max(254).email('Enter a valid email address') });
type Values = z.infer<typeof schema>;

export default function SettingsPage() {
  usePageTitle('Settings');
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: qk.profile, queryFn: async () => (await api.get<ProfileAnswer>('/api/profile')).data.user });
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '' },
  });

  useEffect(() => {
    if (profile.data) reset({ email: profile.data.email ?? '' });
  }, [profile.data, reset]);

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const body: UpdateProfile = { email: v.email.trim() };
      const r = await api.put<UserAnswerManagedUser>('/api/profile', body);
      queryClient.setQueryData(qk.profile, r.data.user);
      toast('Profile saved', 'success');
    } catch (e) {
      const fe = fieldErrorsOf(e).find((x) => x.field === 'email');
      if (fe) setError('email', { type: 'server', message: fe.message });
      else setFormError(describeError(e, 'The profile could not be saved.'));
    }
  });

  if (profile.isPending) return <LoadingBlock lines={4} />;
  if (profile.isError) return <Alert>{describeError(profile.error, 'The profile could not be loaded.')}</Alert>;
  const u = profile.data;
  return (
    <div className="max-w-xl space-y-6">
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="text-base font-semibold text-slate-900">
          Profile
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-600">Username</dt>
          <dd>{u.username}</dd>
          <dt className="text-slate-600">Role</dt>
          <dd>{u.role}</dd>
        </dl>
        <form onSubmit={submit} noValidate className="mt-4 space-y-4">
          {formError && <Alert>{formError}</Alert>}
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            required
            error={formState.errors.email?.message}
            {...register('email')}
          />
          <Button type="submit" busy={formState.isSubmitting}>
            Save profile
          </Button>
        </form>
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="security-heading">
        <h2 id="security-heading" className="text-base font-semibold text-slate-900">
          Security
        </h2>
        <div className="mt-3 flex flex-wrap gap-3">
          <Link to="/settings/password" className={buttonClasses('secondary')}>
            Change password
          </Link>
          <Link to="/settings/sessions" className={buttonClasses('secondary')}>
            Sessions
          </Link>
          <Link to="/settings/mfa" className={buttonClasses('secondary')}>
            Two-step sign-in
          </Link>
          <Link to="/settings/notifications" className={buttonClasses('secondary')}>
            Alert settings
          </Link>
        </div>
      </section>
    </div>
  );
}
