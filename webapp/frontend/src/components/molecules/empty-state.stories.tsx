import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { Button } from '@/components/atoms/button';
import { EmptyState } from './empty-state';

const meta = {
  title: 'Molecules/EmptyState',
  component: EmptyState,
  args: { title: 'No transactions found', children: 'Change the filters to see more.' },
} satisfies Meta<typeof EmptyState>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const TitleOnly: Story = { args: { title: 'No stock movements yet', children: undefined } };
export const WithAction: Story = {
  args: {
    title: 'No items yet',
    children: 'Add your first item or import a CSV file.',
    action: <Button onClick={fn()}>Add item</Button>,
  },
};
