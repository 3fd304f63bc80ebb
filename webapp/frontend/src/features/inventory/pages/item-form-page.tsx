import { useRef, useState } from 'react';
import { useIdempotencyKey } from '@/lib/idempotency';
import { useNavigate, useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { usePageTitle } from '@/lib/use-page-title';
import { LoadingBlock } from '@/components/atoms/skeleton';
import { Alert } from '@/components/atoms/alert';
import { Button } from '@/components/atoms/button';
import { statusOf, describeError } from '@/api/problem';
import { qk } from '@/api/query-keys';
import { toast } from '@/stores/ui';
import { ItemForm } from '@/features/inventory/organisms/item-form';
import { createItem, updateItem, uploadImage, useCategories, useItem } from '@/features/inventory/api';
import { toCreateBody, toUpdateBody, valuesFromItem, type ItemFormValues } from '@/features/inventory/item-schema';

export default function ItemFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const item = useItem(mode === 'edit' ? id : undefined);
  const [conflict, setConflict] = useState(false);
  // The version the server gave our own PUT: an image upload failing after it must not make the next Save a false 412.
  const savedVersion = useRef<number | undefined>(undefined);
  const createKey = useIdempotencyKey();
  const updateKey = useIdempotencyKey();
  const imageKey = useIdempotencyKey();
  usePageTitle(mode === 'create' ? 'New item' : item.data ? `Edit ${item.data.name}` : 'Edit item');

  function invalidate(itemId?: string) {
    void queryClient.invalidateQueries({ queryKey: qk.items() });
    void queryClient.invalidateQueries({ queryKey: qk.dashboard });
    void queryClient.invalidateQueries({ queryKey: qk.lowStock });
    if (itemId) void queryClient.invalidateQueries({ queryKey: qk.item(itemId) });
  }

  async function onCreate(values: ItemFormValues, image: File | null) {
    const body = toCreateBody(values);
    const created = await createKey.run({ body, image }, (key) => createItem(body, image, key));
    invalidate();
    queryClient.setQueryData(qk.item(created.id!), created);
    toast(`Created ${created.name}`, 'success');
    navigate(`/inventory/${created.id}`);
  }

  async function onUpdate(values: ItemFormValues, image: File | null) {
    if (!id || !item.data) return;
    try {
      const version = savedVersion.current ?? item.data.version;
      const body = toUpdateBody(values);
      let updated = await updateKey.run({ id, version, body }, (key) => updateItem(id, version, body, key));
      if (updated.version !== undefined) savedVersion.current = updated.version;
      if (image) {
        updated = await imageKey.run({ id, image }, (key) => uploadImage(id, image, key));
        if (updated.version !== undefined) savedVersion.current = updated.version;
      }
      queryClient.setQueryData(qk.item(id), updated);
      invalidate(id);
      toast(`Saved ${updated.name}`, 'success');
      navigate(`/inventory/${id}`);
    } catch (e) {
      if (statusOf(e) === 412) {
        setConflict(true);
        return;
      }
      throw e;
    }
  }

  if (categories.isPending || (mode === 'edit' && item.isPending)) return <LoadingBlock lines={8} />;
  if (mode === 'edit' && item.isError) return <Alert>{describeError(item.error, 'The item could not be loaded.')}</Alert>;

  return (
    <section className="mx-auto max-w-3xl rounded-lg bg-white p-4 shadow-sm sm:p-6">
      {conflict && (
        <Alert tone="warning" className="mb-4">
          <p>
            Someone else changed this item while you were editing it. Reload to see their changes (your edits will be lost), then try again.
          </p>
          <Button
            variant="secondary"
            size="sm"
            className="mt-2"
            onClick={async () => {
              savedVersion.current = undefined;
              await item.refetch();
              setConflict(false);
            }}
          >
            Reload item
          </Button>
        </Alert>
      )}
      {categories.isError && (
        <Alert tone="warning" className="mb-4">
          Categories could not be loaded; you can still save without one.
        </Alert>
      )}
      <ItemForm
        key={mode === 'edit' ? `${id}-${item.data?.version}` : 'new'}
        mode={mode}
        categories={categories.data ?? []}
        initialValues={mode === 'edit' && item.data ? valuesFromItem(item.data) : undefined}
        currentImageUrl={mode === 'edit' ? (item.data?.imageUrl ?? undefined) : undefined}
        onSubmit={mode === 'create' ? onCreate : onUpdate}
        onCancel={() => navigate(mode === 'edit' && id ? `/inventory/${id}` : '/inventory')}
      />
    </section>
  );
}
