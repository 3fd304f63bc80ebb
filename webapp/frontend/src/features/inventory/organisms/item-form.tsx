import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { TextAreaField, SelectField, TextField } from '@/components/molecules/field';
import { Button } from '@/components/atoms/button';
import { Alert } from '@/components/atoms/alert';
import type { CategoryView } from '@/api/types';
import { describeError, fieldErrorsOf } from '@/api/problem';
import { emptyItemForm, formFieldFor, itemFormSchema, type ItemFormValues } from '@/features/inventory/item-schema';

export interface ItemFormProps {
  mode: 'create' | 'edit';
  initialValues?: ItemFormValues;
  categories: CategoryView[];
  currentImageUrl?: string;
  /** Rejects with the API error to have its field errors shown on the form. */
  onSubmit: (values: ItemFormValues, image: File | null) => Promise<void>;
  onCancel?: () => void;
}

export function ItemForm({ mode, initialValues, categories, currentImageUrl, onSubmit, onCancel }: ItemFormProps) {
  const { register, handleSubmit, watch, setValue, setError, formState } = useForm<ItemFormValues>({
    resolver: zodResolver(itemFormSchema),
    defaultValues: initialValues ?? emptyItemForm,
  });
  const [image, setImage] = useState<File | null>(null);
  const [imageError, setImageError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const errors = formState.errors;

  useEffect(() => {
    if (!image) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(image);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [image]);

  const categoryId = watch('categoryId');
  const tops = useMemo(() => categories.filter((c) => !c.parentId), [categories]);
  const subs = useMemo(() => {
    const parent = categories.find((c) => c.id === categoryId);
    return parent?.children ?? categories.filter((c) => c.parentId === categoryId && categoryId);
  }, [categories, categoryId]);

  // The server keeps the current category when none is sent, so an edit cannot remove one: only offer choices.
  const lockedCategory = mode === 'edit' && !!initialValues?.categoryId;
  const lockedSub = mode === 'edit' && !!initialValues?.subCategoryId;
  const keepsSubChoiceOnly = lockedSub && categoryId === initialValues?.categoryId;

  const submit = handleSubmit(async (values) => {
    setFormError(null);
    if (lockedSub && values.categoryId !== initialValues?.categoryId && !values.subCategoryId && subs.length > 0) {
      setError(
        'subCategoryId',
        { type: 'manual', message: 'Choose a sub-category: a sub-category can be changed but not removed' },
        { shouldFocus: true },
      );
      return;
    }
    setImageError(undefined);
    try {
      await onSubmit(values, image);
    } catch (e) {
      const fieldErrors = fieldErrorsOf(e);
      const unmatched: string[] = [];
      for (const fe of fieldErrors) {
        const f = formFieldFor(fe.field);
        if (f === 'image') setImageError(fe.message);
        else if (f) setError(f, { type: 'server', message: fe.message }, { shouldFocus: true });
        else unmatched.push(fe.message);
      }
      if (fieldErrors.length === 0 || unmatched.length > 0) {
        setFormError(unmatched.length ? unmatched.join(' ') : describeError(e, 'The item could not be saved.'));
      } else {
        setFormError('Please correct the highlighted fields.');
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label={mode === 'create' ? 'New item' : 'Edit item'}>
      {formError && <Alert>{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" required error={errors.name?.message} {...register('name')} />
        {mode === 'create' ? (
          <TextField label="SKU" hint="Optional: leave empty to have one generated" error={errors.sku?.message} {...register('sku')} />
        ) : (
          <TextField label="SKU" disabled readOnly {...register('sku')} />
        )}
        <TextField label="Location" required error={errors.location?.message} {...register('location')} />
        <TextField label="Shelf" error={errors.shelf?.message} {...register('shelf')} />
        <SelectField
          label="Category"
          error={errors.categoryId?.message}
          hint={lockedCategory ? 'A category can be changed but not removed.' : undefined}
          {...register('categoryId', {
            onChange: () => setValue('subCategoryId', ''),
          })}
        >
          {!lockedCategory && <option value="">No category</option>}
          {lockedCategory && !tops.some((c) => c.id === initialValues?.categoryId) && (
            <option value={initialValues?.categoryId}>Current category</option>
          )}
          {tops.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Sub-category"
          hint={lockedSub ? 'A sub-category can be changed but not removed.' : undefined}
          disabled={!categoryId || subs.length === 0}
          error={errors.subCategoryId?.message}
          {...register('subCategoryId')}
        >
          {!keepsSubChoiceOnly && (
            <option value="">
              {categoryId
                ? subs.length
                  ? lockedSub
                    ? 'Choose a sub-category'
                    : 'No sub-category'
                  : 'This category has no sub-categories'
                : 'Choose a category first'}
            </option>
          )}
          {subs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {mode === 'create' && (
          <TextField
            label="Initial stock"
            inputMode="numeric"
            hint="Defaults to 0"
            error={errors.currentStock?.message}
            {...register('currentStock')}
          />
        )}
        <TextField
          label="Minimum threshold"
          inputMode="numeric"
          hint="Defaults to 10 for new items"
          error={errors.minThreshold?.message}
          {...register('minThreshold')}
        />
      </div>
      <TextAreaField label="Description" rows={3} error={errors.description?.message} {...register('description')} />
      <div className="space-y-2">
        <TextField
          label="Image"
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          error={imageError}
          hint="PNG, JPEG, WebP or GIF"
          onChange={(e) => {
            setImageError(undefined);
            setImage(e.target.files?.[0] ?? null);
          }}
        />
        {(preview || currentImageUrl) && (
          <img
            src={preview ?? currentImageUrl}
            alt={preview ? 'Preview of the selected image' : 'Current image'}
            className="h-32 w-32 rounded border border-slate-300 object-cover"
          />
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={formState.isSubmitting}>
          Save
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
