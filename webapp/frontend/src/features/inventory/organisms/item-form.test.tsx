import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ItemForm } from './item-form';
import type { CategoryView } from '@/api/types';
import { problemError } from '@/test/fake-http';

const categories: CategoryView[] = [
  {
    id: 'c1',
    name: 'Tools',
    children: [
      { id: 's1', name: 'Hand tools', parentId: 'c1', children: [] },
      { id: 's2', name: 'Power tools', parentId: 'c1', children: [] },
    ],
  },
  { id: 'c2', name: 'Fasteners', children: [{ id: 's3', name: 'Bolts', parentId: 'c2', children: [] }] },
];

function setup(onSubmit = vi.fn(async (_values: unknown, _image: File | null) => {})) {
  const user = userEvent.setup();
  render(<ItemForm mode="create" categories={categories} onSubmit={onSubmit} />);
  return { user, onSubmit };
}

describe('ItemForm', () => {
  it('requires name and location', async () => {
    const { user, onSubmit } = setup();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText('Location is required')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('rejects non-numeric, negative and too large quantities', async () => {
    const { user, onSubmit } = setup();
    await user.type(screen.getByLabelText(/^Name/), 'Widget');
    await user.type(screen.getByLabelText(/^Location/), 'A1');
    await user.type(screen.getByLabelText(/^Initial stock/), 'abc');
    await user.type(screen.getByLabelText(/^Minimum threshold/), '-3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Initial stock must be a whole number, 0 or more')).toBeInTheDocument();
    expect(screen.getByText('Minimum threshold must be a whole number, 0 or more')).toBeInTheDocument();
    await user.clear(screen.getByLabelText(/^Initial stock/));
    await user.type(screen.getByLabelText(/^Initial stock/), '1000000001');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Initial stock must be at most 1,000,000,000')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('validates the SKU pattern', async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText(/^SKU/), '-bad sku');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/SKU may contain letters, digits/)).toBeInTheDocument();
  });

  it('offers the sub-categories of the chosen category and submits the values', async () => {
    const { user, onSubmit } = setup();
    const sub = screen.getByLabelText('Sub-category');
    expect(sub).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Category'), 'c1');
    expect(sub).toBeEnabled();
    expect(
      within(sub)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['No sub-category', 'Hand tools', 'Power tools']);
    await user.selectOptions(sub, 's2');
    await user.type(screen.getByLabelText(/^Name/), 'Drill');
    await user.type(screen.getByLabelText(/^Location/), 'B2');
    await user.type(screen.getByLabelText(/^Initial stock/), '7');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0][0]).toMatchObject({
      name: 'Drill',
      location: 'B2',
      categoryId: 'c1',
      subCategoryId: 's2',
      currentStock: '7',
    });
    await user.selectOptions(screen.getByLabelText('Category'), 'c2');
    expect((screen.getByLabelText('Sub-category') as HTMLSelectElement).value).toBe('');
  });

  it('shows the server field errors next to their fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw problemError(400, {
        type: 'https://stockade.io/problems/validation',
        title: 'Validation failed',
        status: 400,
        detail: 'Validation failed',
        errors: [
          { field: 'sku', message: 'SKU ABC-1 is already used' },
          { field: 'category', message: 'Category does not exist' },
        ],
      });
    });
    const { user } = setup(onSubmit);
    await user.type(screen.getByLabelText(/^Name/), 'Widget');
    await user.type(screen.getByLabelText(/^SKU/), 'ABC-1');
    await user.type(screen.getByLabelText(/^Location/), 'A1');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('SKU ABC-1 is already used')).toBeInTheDocument();
    const sku = screen.getByLabelText(/^SKU/);
    expect(sku).toHaveAttribute('aria-invalid', 'true');
    expect(sku).toHaveAccessibleDescription('SKU ABC-1 is already used');
    expect(screen.getByLabelText('Category')).toHaveAccessibleDescription('Category does not exist');
  });

  it('shows a non-field server error as a form message', async () => {
    const onSubmit = vi.fn(async () => {
      throw problemError(409, { title: 'Conflict', status: 409, detail: 'An item with this SKU exists', errors: [] });
    });
    const { user } = setup(onSubmit);
    await user.type(screen.getByLabelText(/^Name/), 'Widget');
    await user.type(screen.getByLabelText(/^Location/), 'A1');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('An item with this SKU exists');
  });
});

describe('ItemForm (edit)', () => {
  const initial = {
    name: 'Widget',
    sku: 'W-1',
    location: 'A1',
    categoryId: 'c1',
    subCategoryId: 's1',
    shelf: '',
    description: '',
    currentStock: '3',
    minThreshold: '1',
  };

  it('offers category choices but not "No category" once the item has one, and says why', () => {
    render(<ItemForm mode="edit" initialValues={initial} categories={categories} onSubmit={vi.fn(async () => {})} />);
    const category = screen.getByLabelText(/^Category/);
    expect(within(category).queryByRole('option', { name: 'No category' })).toBeNull();
    expect(
      within(category)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Tools', 'Fasteners']);
    expect(within(screen.getByLabelText(/^Sub-category/)).queryByRole('option', { name: 'No sub-category' })).toBeNull();
    expect(screen.getByText('A category can be changed but not removed.')).toBeInTheDocument();
  });

  it('still offers "No category" for an item without one', () => {
    render(
      <ItemForm
        mode="edit"
        initialValues={{ ...initial, categoryId: '', subCategoryId: '' }}
        categories={categories}
        onSubmit={vi.fn(async () => {})}
      />,
    );
    expect(within(screen.getByLabelText(/^Category/)).getByRole('option', { name: 'No category' })).toBeInTheDocument();
  });
});
