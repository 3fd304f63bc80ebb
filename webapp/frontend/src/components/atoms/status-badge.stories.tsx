import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { StatusBadge } from './status-badge';

const meta = {
  title: 'Atoms/StatusBadge',
  component: StatusBadge,
  args: { status: 'In Stock' },
  argTypes: { status: { control: 'inline-radio', options: ['In Stock', 'Low Stock', 'Out of Stock'] } },
} satisfies Meta<typeof StatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const InStock: Story = {};
export const LowStock: Story = { args: { status: 'Low Stock' } };
export const OutOfStock: Story = { args: { status: 'Out of Stock' } };

/** Each status has its text and a shape, never colour alone. */
export const All: Story = {
  render: () => (
    <div className="flex flex-wrap gap-2">
      <StatusBadge status="In Stock" />
      <StatusBadge status="Low Stock" />
      <StatusBadge status="Out of Stock" />
    </div>
  ),
  play: async ({ canvas }) => {
    for (const text of ['In Stock', 'Low Stock', 'Out of Stock']) await expect(canvas.getByText(text)).toBeInTheDocument();
  },
};
