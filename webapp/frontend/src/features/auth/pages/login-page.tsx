/* eslint-disable jsx-a11y/no-autofocus -- a sign-in step is the page's one task: its field takes the focus, as a full page load would put it there (see RouteFocus in app/router.tsx). */
import { lazy, Suspense, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { TextField } from '@/components/molecules/field';
import { Button } from '@/components/atoms/button';
import { Alert } from '@/components/atoms/alert';
import { useSession } from '@/stores/session';
import { describeError, fieldErrorsOf, statusOf } from '@/api/problem';
import { retryAfterSeconds } from '@/api/client';
import { usePageTitle } from '@/lib/use-page-title';
import type { LoginResponse, MfaAnswer, MfaChallenge } from '@/api/types';
import { isMfaChallenge, login, verifyMfa } from '@/features/auth/api';
import { AuthCard, authLinkClasses } from '@/features/auth/organisms/auth-card';

// The second step is a chunk of its own, fetched only when the server asks for it: it (and zod, which its
// forms use) stays off the sign-in page's first load. See PasswordStep for the same reason.
const MfaChallengeForm = lazy(() => import('@/features/auth/organisms/mfa-challenge-form').then((m) => ({ default: m.MfaChallengeForm })));

type Values = { username: string; password: string };

/** The server's limits of a sign-in challenge: after these the user starts again from the password. */
export const MFA_MAX_ATTEMPTS = 5;
const MFA_LIFETIME_MS = 5 * 60_000;
const MFA_INVALID = 'Invalid or expired code; sign in again if this keeps happening';

/** The second step in progress: the challenge and when (by this browser's clock) it runs out. */
interface MfaStep {
  challenge: string;
  deadline: number;
  attempts: number;
  dead: boolean;
}

/** The local deadline of a challenge: its expiresAt when plausible (clocks differ), else 5 minutes. */
export function challengeDeadline(c: MfaChallenge, now = Date.now()): number {
  const left = Date.parse(c.expiresAt) - now;
  return now + (Number.isFinite(left) && left > 0 && left <= 2 * MFA_LIFETIME_MS ? left : MFA_LIFETIME_MS);
}

/** Where a fresh session goes first: the gates (password change, second-factor enrolment), else `next`. */
export function landingPath(r: Pick<LoginResponse, 'mustChangePassword' | 'mfaEnrolmentRequired'>, next: string): string {
  if (r.mustChangePassword) return '/settings/password?required=1';
  if (r.mfaEnrolmentRequired) return '/settings/mfa?required=1';
  return next;
}

/** The form's message for a failed sign-in. */
export function signInErrorMessage(error: unknown): string {
  const status = statusOf(error);
  if (status === 401) return 'Invalid username or password.';
  if (status === 429) {
    const s = retryAfterSeconds(error);
    return s === undefined ? 'Too many sign-in attempts. Try again later.' : `Too many sign-in attempts. Try again in ${s} s.`;
  }
  return describeError(error, 'Sign-in failed. Please try again.');
}

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
  const [mfa, setMfa] = useState<MfaStep | null>(null);
  const [username, setUsername] = useState('');
  const notice = (location.state as { notice?: string } | null)?.notice;
  // Arriving here with a session (e.g. a reload of /login resumed it): go on where the user was headed.
  const [resumed] = useState(() => {
    const s = useSession.getState();
    return s.token && s.user ? landingPath(s, safeNext(params.get('next'))) : null;
  });

  function finish(r: LoginResponse) {
    queryClient.clear();
    signIn(r);
    navigate(landingPath(r, safeNext(params.get('next'))), { replace: true });
  }

  async function onPassword(values: Values) {
    setError(null);
    try {
      const r = await login(values);
      if (isMfaChallenge(r)) {
        setUsername(values.username);
        setMfa({ challenge: r.challenge, deadline: challengeDeadline(r), attempts: 0, dead: false });
        return;
      }
      finish(r);
    } catch (e) {
      setError(signInErrorMessage(e));
    }
  }

  async function onSecondFactor(answer: MfaAnswer): Promise<string | void> {
    if (!mfa) return;
    setError(null);
    try {
      finish(await verifyMfa(mfa.challenge, answer));
    } catch (e) {
      const status = statusOf(e);
      const field = fieldErrorsOf(e).find((f) => f.field === 'code' || f.field === 'recoveryCode');
      if (status === 400 && field) return field.message;
      if (status === 401) {
        const attempts = mfa.attempts + 1;
        setMfa({ ...mfa, attempts, dead: attempts >= MFA_MAX_ATTEMPTS || Date.now() >= mfa.deadline });
        setError(describeError(e, MFA_INVALID));
        return;
      }
      setError(signInErrorMessage(e));
    }
  }

  function startAgain() {
    setMfa(null);
    setError(null);
  }

  if (resumed) return <Navigate to={resumed} replace />;

  return (
    <AuthCard heading="Sign in to continue">
      {notice && (
        <Alert tone="success" className="mt-4">
          {notice}
        </Alert>
      )}
      {mfa ? (
        <Suspense fallback={<p className="mt-4 text-sm text-slate-700">Loading the second step…</p>}>
          <MfaChallengeForm onSubmit={onSecondFactor} error={error} dead={mfa.dead} onStartAgain={startAgain} />
        </Suspense>
      ) : (
        <PasswordStep username={username} error={error} onSubmit={onPassword} />
      )}
    </AuthCard>
  );
}

type Field = keyof Values;
const FIELDS: Field[] = ['username', 'password'];

/** The sign-in form's own checks; the server checks the same bounds again. */
function problemsOf(v: Values): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  const name = v.username.trim();
  if (!name) found.username = 'Enter your username';
  else if (name.length > 254) found.username = 'A username is at most 254 characters';
  if (!v.password) found.password = 'Enter your password';
  else if (v.password.length > 1024) found.password = 'A password is at most 1024 characters';
  return found;
}

/**
 * The first screen most people see, and the one form without react-hook-form and zod: their chunks
 * (14 KB and 35 KB gzip) on this page's critical path put Lighthouse's simulated LCP of the sign-in page
 * above 2 s (issue 13's target). Two fields need no form library: errors show on submit, the first wrong
 * field takes the focus, and a shown error is checked again as the user types.
 */
function PasswordStep({ username, error, onSubmit }: { username: string; error: string | null; onSubmit: (v: Values) => Promise<void> }) {
  const [values, setValues] = useState<Values>({ username, password: '' });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);

  function change(field: Field, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    if (problems[field]) setProblems({ ...problems, [field]: problemsOf(next)[field] });
  }

  /** A field's name, value, change and error, the same for both fields. */
  function bound(field: Field) {
    return {
      name: field,
      value: values[field],
      onChange: (e: ChangeEvent<HTMLInputElement>) => change(field, e.target.value),
      error: problems[field],
    };
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const found = problemsOf(values);
    setProblems(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      // The field of that name in this form (bound() names each input after its field).
      (e.currentTarget.elements.namedItem(first) as HTMLInputElement | null)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit({ username: values.username.trim(), password: values.password });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {error && (
        <Alert className="mt-4">
          <span data-testid="login-error">{error}</span>
        </Alert>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="mt-4 space-y-4">
        {/* Back from the second step: the username stays, the password is typed again. */}
        <TextField label="Username" autoComplete="username" autoFocus={!username} required {...bound('username')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus={!!username}
          required
          {...bound('password')}
        />
        <Button type="submit" className="w-full" busy={busy}>
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-center">
        <Link to="/forgot-password" className={authLinkClasses}>
          Forgot your password?
        </Link>
      </p>
    </>
  );
}
