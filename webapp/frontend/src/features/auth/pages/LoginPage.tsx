import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { TextField } from '../../../components/molecules/Field';
import { Button } from '../../../components/atoms/Button';
import { Alert } from '../../../components/atoms/Alert';
import { useSession } from '../../../stores/session';
import { describeError, statusOf } from '../../../api/problem';
import { usePageTitle } from '../../../lib/usePageTitle';
import { login } from '../api';

const schema = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});
type Values = z.infer<typeof schema>;

/**
 * Where to go after signing in: only a path on this origin. Resolved with the URL parser (as the
 * browser would), so `//evil.com`, `/\\evil.com`, `/%5Cevil.com` and absolute URLs fall back to "/".
 */
export function safeNext(next: string | null, origin: string = window.location.origin): string {
  if (!next || !next.startsWith('/')) return '/';
  // Backslashes (browsers read them as slashes) and control characters, also percent-encoded.
  let decoded = next;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    // A stray "%" (e.g. in a search): check the raw text only.
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next) || /[\\\u0000-\u001f\u007f]/.test(decoded) || next.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin) return '/';
  const path = url.pathname + url.search + url.hash;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return '/';
  // A path starting with "//" would be read as another host by a later navigation.
  return path.startsWith('//') ? '/' : path;
}

export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSession((s) => s.signIn);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { username: '', password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    try {
      const r = await login(values);
      queryClient.clear();
      signIn(r);
      if (r.mustChangePassword) {
        navigate('/settings/password?required=1', { replace: true });
      } else {
        navigate(safeNext(params.get('next')), { replace: true });
      }
    } catch (e) {
      setError(statusOf(e) === 401 ? 'Invalid username or password.' : describeError(e, 'Sign-in failed. Please try again.'));
    }
  });

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow">
        <p className="text-center text-2xl font-bold text-slate-900">Stockade</p>
        <h1 className="mt-1 text-center text-base text-slate-700">Sign in to continue</h1>
        {notice && (
          <Alert tone="success" className="mt-4">
            {notice}
          </Alert>
        )}
        {error && (
          <Alert className="mt-4">
            <span data-testid="login-error">{error}</span>
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
          <TextField label="Username" autoComplete="username" autoFocus required error={formState.errors.username?.message} {...register('username')} />
          <TextField label="Password" type="password" autoComplete="current-password" required error={formState.errors.password?.message} {...register('password')} />
          <Button type="submit" className="w-full" busy={formState.isSubmitting}>
            Sign in
          </Button>
        </form>
      </div>
    </main>
  );
}
