import { z } from 'zod';
import type { CreateItem, ItemView, UpdateItem } from '@/api/types';

/** Mirrors CreateItem / UpdateItem in openapi.json and their bean-validation constraints. */
const MAX_QUANTITY = 1_000_000_000;
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

const wholeNumber = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d+$/.test(v), `${label} must be a whole number, 0 or more`)
    .refine((v) => v === '' || Number(v) <= MAX_QUANTITY, `${label} must be at most 1,000,000,000`);

const text = (label: string, max: number) => z.string().trim().max(max, `${label} must be at most ${max} characters`);

export const itemFormSchema = z.object({
  name: text('Name', 255).min(1, 'Name is required'),
  sku: text('SKU', 64).refine(
    (v) => v === '' || SKU_PATTERN.test(v),
    'SKU may contain letters, digits and . _ / - only, starting with a letter or digit',
  ),
  location: text('Location', 100).min(1, 'Location is required'),
  categoryId: z.string(),
  subCategoryId: z.string(),
  shelf: text('Shelf', 50),
  description: text('Description', 2000),
  currentStock: wholeNumber('Initial stock'),
  minThreshold: wholeNumber('Minimum threshold'),
});

export type ItemFormValues = z.infer<typeof itemFormSchema>;
export type ItemFormField = keyof ItemFormValues;

export const emptyItemForm: ItemFormValues = {
  name: '',
  sku: '',
  location: '',
  categoryId: '',
  subCategoryId: '',
  shelf: '',
  description: '',
  currentStock: '',
  minThreshold: '',
};

export function valuesFromItem(item: ItemView): ItemFormValues {
  return {
    name: item.name ?? '',
    sku: item.sku ?? '',
    location: item.location ?? '',
    categoryId: item.categoryId ?? '',
    subCategoryId: item.subCategoryId ?? '',
    shelf: item.shelf ?? '',
    description: item.description ?? '',
    currentStock: String(item.currentStock ?? ''),
    minThreshold: item.minThreshold === undefined ? '' : String(item.minThreshold),
  };
}

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
const optInt = (v: string) => (v.trim() === '' ? undefined : Number(v));

export function toCreateBody(v: ItemFormValues): CreateItem {
  return {
    name: v.name.trim(),
    sku: opt(v.sku),
    location: v.location.trim(),
    categoryId: opt(v.categoryId),
    subCategoryId: opt(v.subCategoryId),
    shelf: opt(v.shelf),
    description: opt(v.description),
    currentStock: optInt(v.currentStock),
    minThreshold: optInt(v.minThreshold),
  };
}

/** Update: blank shelf/description are sent as "" so the server clears them. */
export function toUpdateBody(v: ItemFormValues): UpdateItem {
  return {
    name: v.name.trim(),
    location: v.location.trim(),
    categoryId: opt(v.categoryId),
    subCategoryId: opt(v.subCategoryId),
    shelf: v.shelf.trim(),
    description: v.description.trim(),
    minThreshold: optInt(v.minThreshold),
  };
}

/** The server's field names (and JSON aliases) to the form's. */
export function formFieldFor(serverField: string): ItemFormField | 'image' | undefined {
  const f = serverField.replace(/^.*\./, '');
  const aliases: Record<string, ItemFormField | 'image'> = {
    category: 'categoryId',
    subCategory: 'subCategoryId',
    initialStock: 'currentStock',
    image: 'image',
  };
  if (f in aliases) return aliases[f];
  return f in emptyItemForm ? (f as ItemFormField) : undefined;
}
