import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { qk } from '@/api/query-keys';
import type { Role, SecurityPolicy } from '@/api/types';
import { toast } from '@/stores/ui';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { PASSWORD_PROFILES, rateLimitText, saveMfaRequiredRoles, useSecurityPolicy } from '@/features/admin/api';

export const POLICY_ROLES: Role[] = ['Admin', 'Manager', 'Staff', 'Auditor'];
export const POLICY_SAVED = 'Security policy saved';

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** The checkboxes of the roles that must use two-step sign-in. */
function MfaRolesForm({ policy, onSaved }: { policy: SecurityPolicy; onSaved: (p: SecurityPolicy) => void }) {
  const [roles, setRoles] = useState<Role[]>(() => POLICY_ROLES.filter((r) => policy.mfaRequiredRoles.includes(r)));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const changed = !sameRoles(
    roles,
    POLICY_ROLES.filter((r) => policy.mfaRequiredRoles.includes(r)),
  );

  function toggle(role: Role, on: boolean) {
    setRoles((prev) => POLICY_ROLES.filter((r) => (r === role ? on : prev.includes(r))));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaving(true);
    try {
      const saved = await saveMfaRequiredRoles(roles);
      onSaved(saved);
      toast(POLICY_SAVED, 'success');
    } catch (err) {
      const fe = fieldErrorsOf(err)[0];
      setError(fe ? fe.message : describeError(err, 'The security policy could not be saved.'));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="space-y-4" aria-label="Two-step sign-in policy">
      {error && <Alert>{error}</Alert>}
      <fieldset aria-describedby={hintId} className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Require two-step sign-in for</legend>
        <p id={hintId} className="text-xs text-slate-600">
          Users of a checked role who have not set up two-step sign-in must do so the next time they sign in, and cannot turn it off.
        </p>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {POLICY_ROLES.map((r) => (
            <label key={r} className="inline-flex items-center gap-2 text-sm text-slate-900">
              <input
                type="checkbox"
                className="h-4 w-4 focus-ring"
                checked={roles.includes(r)}
                onChange={(e) => toggle(r, e.target.checked)}
              />
              {r}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" busy={saving} disabled={!changed}>
        Save
      </Button>
    </form>
  );
}

/** The deployment's settings (environment): shown, not editable. */
function DeploymentSettings({ policy }: { policy: SecurityPolicy }) {
  const l = policy.rateLimits;
  const rows: [string, string][] = [
    ['Password rules', PASSWORD_PROFILES[policy.passwordProfile] ?? policy.passwordProfile],
    ['Minimum password length', `${policy.passwordMinLength} characters`],
    ['Account lockout', `After ${policy.lockout.threshold} failed sign-ins, for ${policy.lockout.durationMinutes} minutes`],
    ['Sign-in attempts per address and username', rateLimitText(l?.signInPerAddressAndUsername)],
    ['Sign-in attempts per address', rateLimitText(l?.signInPerAddress)],
    ['Requests without sign-in, per address', rateLimitText(l?.anonymousPerAddress)],
    ['Requests per signed-in user', rateLimitText(l?.perUser)],
    ['Access token lifetime', `${policy.session.accessTokenMinutes} minutes`],
    ['Session lifetime', `${policy.session.refreshDays} days`],
    ['Sign out after inactivity', `${policy.session.idleHours} hours`],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(0,18rem)_1fr]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600">{k}</dt>
          <dd className="text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Admin: which roles must use two-step sign-in, and the deployment's other security settings. */
export default function SecurityPolicyPage() {
  usePageTitle('Security policy');
  const queryClient = useQueryClient();
  const policy = useSecurityPolicy();

  if (policy.isPending) return <LoadingBlock lines={8} label="Loading the security policy…" />;
  if (policy.isError) return <Alert>{describeError(policy.error, 'The security policy could not be loaded.')}</Alert>;

  return (
    <div className="max-w-3xl space-y-6">
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="mfa-policy-heading">
        <h2 id="mfa-policy-heading" className="text-base font-semibold text-slate-900">
          Two-step sign-in
        </h2>
        <div className="mt-3">
          <MfaRolesForm
            key={policy.data.mfaRequiredRoles.join(',')}
            policy={policy.data}
            onSaved={(p) => queryClient.setQueryData(qk.securityPolicy, p)}
          />
        </div>
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="deployment-heading">
        <h2 id="deployment-heading" className="text-base font-semibold text-slate-900">
          Deployment settings
        </h2>
        <p className="mt-1 text-sm text-slate-700">Set for the whole installation (environment variables); they cannot be changed here.</p>
        <div className="mt-3">
          <DeploymentSettings policy={policy.data} />
        </div>
      </section>
    </div>
  );
}
