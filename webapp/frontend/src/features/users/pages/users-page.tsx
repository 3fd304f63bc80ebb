import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { useSession } from '@/stores/session';
import { toast } from '@/stores/ui';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { qk } from '@/api/query-keys';
import type { Role, UserView } from '@/api/types';
import { Alert } from '@/components/atoms/alert';
import { Badge } from '@/components/atoms/badge';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { SelectField, TextField } from '@/components/molecules/field';
import { DataTable } from '@/components/organisms/data-table';
import { formatDateTime } from '@/lib/format';
import { endUserSessions, registerUser, updateUser, useUsers } from '@/features/users/api';
import { Modal } from '@/components/organisms/modal';
import { useIdempotencyKey } from '@/lib/idempotency';
import { PersonalDataDialog } from '@/features/users/organisms/personal-data-dialog';

const ROLES: Role[] = ['Admin', 'Manager', 'Staff', 'Auditor'];

const schema = z.object({
  username: z
    .string()
    .trim()
    .min(3, 'Username must be 3 to 50 characters')
    .max(50, 'Username must be 3 to 50 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits and . _ - only'),
  email: z.string().trim().min(1, 'Email is required').max(254).email('Enter a valid email address'),
  password: z.string().min(1, 'Password is required').max(1024),
  role: z.enum(['Admin', 'Manager', 'Staff', 'Auditor']),
});
type Values = z.infer<typeof schema>;

function CreateUserForm() {
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { username: '', email: '', password: '', role: 'Staff' },
  });
  const submit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      const u = await idem.run(v, (key) => registerUser(v, key));
      toast(`Created user ${u.username}`, 'success');
      reset();
      void queryClient.invalidateQueries({ queryKey: qk.users });
    } catch (e) {
      const errs = fieldErrorsOf(e);
      errs.forEach((fe) => {
        if (fe.field in v) setError(fe.field as keyof Values, { type: 'server', message: fe.message });
      });
      if (!errs.length || errs.some((fe) => !(fe.field in v))) setFormError(describeError(e, 'The user could not be created.'));
    }
  });
  const errors = formState.errors;
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="New user">
      {formError && <Alert>{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Username" required autoComplete="off" error={errors.username?.message} {...register('username')} />
        <TextField label="Email" type="email" required autoComplete="off" error={errors.email?.message} {...register('email')} />
        <TextField
          label="Password"
          type="password"
          required
          autoComplete="new-password"
          error={errors.password?.message}
          {...register('password')}
        />
        <SelectField label="Role" error={errors.role?.message} {...register('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
      </div>
      <Button type="submit" busy={formState.isSubmitting}>
        Create user
      </Button>
    </form>
  );
}

type UserChange = { id: string; body: { role?: Role; isActive?: boolean } };

/** The role select only proposes a change; "Save" applies it (Cancel puts the current role back). */
function RoleCell({ user, disabled, busy, onSave }: { user: UserView; disabled: boolean; busy: boolean; onSave: (role: Role) => void }) {
  const [draft, setDraft] = useState<Role | undefined>(undefined);
  const current = user.role as Role;
  const value = draft ?? current;
  const changed = draft !== undefined && draft !== current;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label>
        <span className="sr-only">Role for {user.username}</span>
        <select
          className="rounded-md border border-slate-400 bg-white px-2 py-1 text-sm focus-ring"
          value={value}
          disabled={disabled || busy}
          onChange={(e) => setDraft(e.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {changed && (
        <>
          <Button size="sm" busy={busy} aria-label={`Save role ${value} for ${user.username}`} onClick={() => onSave(value)}>
            Save role
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={busy}
            aria-label={`Cancel role change for ${user.username}`}
            onClick={() => setDraft(undefined)}
          >
            Cancel
          </Button>
        </>
      )}
    </div>
  );
}

export default function UsersPage() {
  usePageTitle('Users');
  const me = useSession((s) => s.user);
  const users = useUsers();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const [confirming, setConfirming] = useState<UserView | null>(null);
  const change = useMutation({
    mutationFn: (c: UserChange) => idem.run(c, (key) => updateUser(c.id, c.body, key, true)),
    onSuccess: (u) => {
      toast(`Updated ${u.username}`, 'success');
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: qk.users });
    },
    onError: (e) => toast(describeError(e, 'The user could not be updated.'), 'error'),
  });
  // Only the row being changed is disabled.
  const busyId = change.isPending ? change.variables?.id : undefined;
  const [ending, setEnding] = useState<UserView | null>(null);
  const [personal, setPersonal] = useState<UserView | null>(null);
  const endSessions = useMutation({
    mutationFn: (u: UserView) => endUserSessions(u.id!),
    onSuccess: (_r, u) => {
      toast(`Ended all sessions of ${u.username}`, 'success');
      setEnding(null);
    },
    onError: (e) => toast(describeError(e, 'The sessions could not be ended.'), 'error'),
  });

  return (
    <div className="space-y-6">
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="new-user">
        <h2 id="new-user" className="mb-3 text-base font-semibold text-slate-900">
          New user
        </h2>
        <CreateUserForm />
      </section>
      <section aria-labelledby="all-users" className="space-y-3">
        <h2 id="all-users" className="text-base font-semibold text-slate-900">
          All users
        </h2>
        {users.isPending ? (
          <LoadingBlock lines={5} label="Loading users…" />
        ) : users.isError ? (
          <Alert>{describeError(users.error, 'Users could not be loaded.')}</Alert>
        ) : (
          <DataTable<UserView>
            caption="Users"
            rows={users.data}
            rowKey={(u) => u.id!}
            columns={[
              { key: 'username', header: 'Username', cell: (u) => <span className="font-medium">{u.username}</span> },
              { key: 'email', header: 'Email', cell: (u) => u.email, className: 'hidden md:table-cell' },
              {
                key: 'role',
                header: 'Role',
                cell: (u) => (
                  <RoleCell
                    key={`${u.id}-${u.role}`}
                    user={u}
                    disabled={u.id === me?.id}
                    busy={busyId === u.id}
                    onSave={(role) => change.mutate({ id: u.id!, body: { role } })}
                  />
                ),
              },
              {
                key: 'status',
                header: 'Status',
                cell: (u) => (
                  <div className="flex flex-wrap gap-1">
                    {u.erased ? (
                      <Badge tone="slate">Erased</Badge>
                    ) : u.isActive ? (
                      <Badge tone="green">Active</Badge>
                    ) : (
                      <Badge tone="slate">Inactive</Badge>
                    )}
                    {u.retentionHold && <Badge tone="amber">Retention hold</Badge>}
                  </div>
                ),
              },
              { key: 'created', header: 'Created', cell: (u) => formatDateTime(u.createdAt), className: 'hidden lg:table-cell' },
              {
                key: 'actions',
                header: 'Actions',
                cell: (u) =>
                  u.id === me?.id ? (
                    <span className="text-xs text-slate-600">You</span>
                  ) : u.erased ? (
                    <Button size="sm" variant="secondary" aria-label={`Personal data of ${u.username}`} onClick={() => setPersonal(u)}>
                      Personal data
                    </Button>
                  ) : (
                    <div className="flex flex-wrap gap-2">
                      <Button
                        size="sm"
                        variant={u.isActive ? 'danger' : 'secondary'}
                        disabled={busyId === u.id}
                        busy={busyId === u.id && change.variables?.body.isActive !== undefined}
                        aria-label={`${u.isActive ? 'Deactivate' : 'Activate'} ${u.username}`}
                        onClick={() => (u.isActive ? setConfirming(u) : change.mutate({ id: u.id!, body: { isActive: true } }))}
                      >
                        {u.isActive ? 'Deactivate' : 'Activate'}
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        busy={endSessions.isPending && endSessions.variables?.id === u.id}
                        aria-label={`End sessions of ${u.username}`}
                        onClick={() => setEnding(u)}
                      >
                        End sessions
                      </Button>
                      <Button size="sm" variant="secondary" aria-label={`Personal data of ${u.username}`} onClick={() => setPersonal(u)}>
                        Personal data
                      </Button>
                    </div>
                  ),
              },
            ]}
          />
        )}
      </section>
      <Modal
        open={confirming !== null}
        title={`Deactivate ${confirming?.username ?? ''}?`}
        onClose={() => !change.isPending && setConfirming(null)}
      >
        <p className="text-sm text-slate-800">
          {confirming?.username} will no longer be able to sign in. You can activate the account again later.
        </p>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary" disabled={change.isPending} onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={change.isPending}
            onClick={() => confirming && change.mutate({ id: confirming.id!, body: { isActive: false } })}
          >
            Deactivate
          </Button>
        </div>
      </Modal>
      <PersonalDataDialog
        // The row's latest state (a hold placed or lifted in the dialog shows at once).
        user={personal && (users.data?.find((u) => u.id === personal.id) ?? personal)}
        onClose={() => setPersonal(null)}
      />
      <Modal
        open={ending !== null}
        title={`End all sessions of ${ending?.username ?? ''}?`}
        onClose={() => !endSessions.isPending && setEnding(null)}
      >
        <p className="text-sm text-slate-800">
          {ending?.username} will be signed out on every device and has to sign in again. The account stays active.
        </p>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary" disabled={endSessions.isPending} onClick={() => setEnding(null)}>
            Cancel
          </Button>
          <Button variant="danger" busy={endSessions.isPending} onClick={() => ending && endSessions.mutate(ending)}>
            End all sessions
          </Button>
        </div>
      </Modal>
    </div>
  );
}
