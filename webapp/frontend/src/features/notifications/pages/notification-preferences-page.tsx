import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { qk } from '@/api/query-keys';
import { describeError, fieldErrorsOf } from '@/api/problem';
import type { CategoryView } from '@/api/types';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { usePageTitle } from '@/lib/use-page-title';
import { toast } from '@/stores/ui';
import { useSession } from '@/stores/session';
import { saveNotificationPreferences, useCategoryTree, useNotificationPreferences } from '@/features/notifications/api';

function flatten(tree: CategoryView[], depth = 0): { id: string; name: string; depth: number }[] {
  return tree.flatMap((c) => [{ id: c.id!, name: c.name!, depth }, ...flatten(c.children ?? [], depth + 1)]);
}

/** Who hears of low stock is each person's choice: channels, and optionally only some categories. */
export default function NotificationPreferencesPage() {
  usePageTitle('Alert settings');
  const role = useSession((s) => s.user?.role);
  const prefs = useNotificationPreferences();
  const categories = useCategoryTree();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(false);
  const [inApp, setInApp] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!prefs.data) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the form is seeded from the saved preferences when they arrive; the user then edits the copy
    setEmail(prefs.data.email);
    setInApp(prefs.data.inApp);
    setChosen(prefs.data.categoryIds);
    setNarrow(prefs.data.categoryIds.length > 0);
  }, [prefs.data]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (narrow && chosen.length === 0) {
      setError('Pick at least one category, or choose every category.');
      return;
    }
    setSaving(true);
    try {
      const saved = await saveNotificationPreferences({ email, inApp, categoryIds: narrow ? chosen : [] });
      queryClient.setQueryData(qk.notificationPreferences, saved);
      toast('Alert settings saved', 'success');
    } catch (err) {
      const fe = fieldErrorsOf(err)[0];
      setError(fe ? fe.message : describeError(err, 'The alert settings could not be saved.'));
    } finally {
      setSaving(false);
    }
  }

  if (prefs.isPending) return <LoadingBlock lines={4} />;
  if (prefs.isError) return <Alert>{describeError(prefs.error, 'The alert settings could not be loaded.')}</Alert>;
  const options = flatten(categories.data ?? []);
  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-6">
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="channels-heading">
        <h2 id="channels-heading" className="text-base font-semibold text-slate-900">
          Low-stock alerts
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          {prefs.data.custom
            ? 'Your own choice is in force.'
            : role === 'Manager' || role === 'Admin'
              ? 'Managers and Admins get alerts by default.'
              : 'Alerts are off for your role until you turn them on.'}{' '}
          Reminders about items that stay low also go to every Admin.
        </p>
        <fieldset className="mt-4 space-y-2">
          <legend className="text-sm font-medium text-slate-800">Tell me</legend>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="checkbox" checked={inApp} onChange={(e) => setInApp(e.target.checked)} className="h-4 w-4 focus-ring" />
            In the app (the bell)
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} className="h-4 w-4 focus-ring" />
            By e-mail, and in the daily digest
          </label>
        </fieldset>
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-6" aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="text-base font-semibold text-slate-900">
          Which items
        </h2>
        <fieldset className="mt-3 space-y-2">
          <legend className="sr-only">Which items</legend>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="radio" name="scope" checked={!narrow} onChange={() => setNarrow(false)} className="h-4 w-4 focus-ring" />
            Every category
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-900">
            <input type="radio" name="scope" checked={narrow} onChange={() => setNarrow(true)} className="h-4 w-4 focus-ring" />
            Only these categories
          </label>
        </fieldset>
        {narrow && (
          <fieldset className="mt-3 max-h-64 space-y-1 overflow-y-auto rounded border border-slate-200 p-3" aria-label="Categories">
            <legend className="sr-only">Categories</legend>
            {options.length === 0 && <p className="text-sm text-slate-600">No categories yet.</p>}
            {options.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm text-slate-900" style={{ paddingLeft: `${c.depth * 1.25}rem` }}>
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={(e) => setChosen((now) => (e.target.checked ? [...now, c.id] : now.filter((x) => x !== c.id)))}
                  className="h-4 w-4 focus-ring"
                />
                {c.name}
              </label>
            ))}
          </fieldset>
        )}
      </section>
      {error && <Alert>{error}</Alert>}
      <Button type="submit" busy={saving}>
        Save alert settings
      </Button>
    </form>
  );
}
