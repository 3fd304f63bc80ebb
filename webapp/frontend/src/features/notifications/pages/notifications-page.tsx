import { Link } from 'react-router-dom';
import { describeError } from '@/api/problem';
import { Alert } from '@/components/atoms/alert';
import { Button, buttonClasses } from '@/components/atoms/button';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { EmptyState } from '@/components/molecules/empty-state';
import { Pagination } from '@/components/molecules/pagination';
import { useFilterParams } from '@/lib/use-filter-params';
import { usePageTitle } from '@/lib/use-page-title';
import { useMarkRead, useNotifications } from '@/features/notifications/api';
import { NotificationList } from '@/features/notifications/organisms/notification-list';

/** Every low-stock alert the signed-in person was told of in the app, newest first. */
export default function NotificationsPage() {
  usePageTitle('Notifications');
  const [params, update] = useFilterParams();
  const unreadOnly = params.get('unread') === 'true';
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useNotifications({ unread: unreadOnly, page, limit: 20 });
  const markRead = useMarkRead();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <fieldset className="flex gap-2" aria-label="Show">
          <legend className="sr-only">Show</legend>
          {[
            ['All', false],
            ['Unread', true],
          ].map(([label, value]) => (
            <button
              key={String(label)}
              type="button"
              aria-pressed={unreadOnly === value}
              onClick={() => update({ unread: value ? 'true' : null })}
              className={buttonClasses(unreadOnly === value ? 'primary' : 'secondary', 'sm')}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => markRead.mutate(undefined)}
          disabled={!list.data?.unread}
          busy={markRead.isPending && markRead.variables === undefined}
        >
          Mark all read
        </Button>
        <Link to="/settings/notifications" className="ml-auto text-sm text-slate-800 underline focus-ring">
          Alert settings
        </Link>
      </div>
      {markRead.isError && <Alert>{describeError(markRead.error, 'That could not be marked read.')}</Alert>}
      {list.isPending ? (
        <LoadingBlock lines={5} />
      ) : list.isError ? (
        <Alert>{describeError(list.error, 'Notifications could not be loaded.')}</Alert>
      ) : list.data.items.length === 0 ? (
        <EmptyState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>
          When an item you follow runs low, the alert shows up here and on the bell.
        </EmptyState>
      ) : (
        <section className="rounded-lg bg-white shadow-sm">
          <p className="px-4 pt-3 text-sm text-slate-700" aria-live="polite">
            {list.data.unread} unread of {list.data.total}
          </p>
          <NotificationList
            items={list.data.items}
            busyId={markRead.isPending ? markRead.variables : undefined}
            onMarkRead={(n) => markRead.mutate(n.id)}
            onOpen={(n) => {
              if (!n.readAt) markRead.mutate(n.id);
            }}
          />
          <div className="px-4 pb-3">
            <Pagination
              page={list.data.page}
              pages={list.data.pages}
              total={list.data.total}
              onPageChange={(p) => update({ page: String(p) }, false)}
              label="Notification pages"
            />
          </div>
        </section>
      )}
    </div>
  );
}
