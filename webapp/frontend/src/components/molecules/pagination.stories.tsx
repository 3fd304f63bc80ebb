import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { Pagination } from './pagination';

const meta = {
  title: 'Molecules/Pagination',
  component: Pagination,
  args: { page: 2, pages: 5, total: 97, label: 'Item pages', onPageChange: fn() },
} satisfies Meta<typeof Pagination>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Middle: Story = {};

export const FirstPage: Story = {
  args: { page: 1 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Next page' })).toBeEnabled();
  },
};
export const LastPage: Story = { args: { page: 5 } };
export const SinglePage: Story = { args: { page: 1, pages: 1, total: 7 } };
export const WithoutTotal: Story = { args: { total: undefined } };

/** Stateful: the buttons move through the pages. */
export const Interactive: Story = {
  render: function Render(args) {
    const [page, setPage] = useState(1);
    return (
      <Pagination
        {...args}
        page={page}
        onPageChange={(p) => {
          setPage(p);
          args.onPageChange(p);
        }}
      />
    );
  },
  play: async ({ canvas, userEvent, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Next page' }));
    await expect(canvas.getByText(/Page 2 of 5/)).toBeInTheDocument();
    await expect(args.onPageChange).toHaveBeenCalledWith(2);
  },
};
