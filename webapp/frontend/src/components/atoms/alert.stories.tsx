import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { Alert } from './alert';

const meta = {
  title: 'Atoms/Alert',
  component: Alert,
  args: { tone: 'error', children: 'The item could not be saved: SKU already exists.' },
  argTypes: { tone: { control: 'inline-radio', options: ['error', 'info', 'success', 'warning'] } },
} satisfies Meta<typeof Alert>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Errors are role="alert"; the other tones are role="status". */
export const ErrorTone: Story = {
  name: 'Error',
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('SKU already exists');
  },
};
export const Info: Story = { args: { tone: 'info', children: 'Labels print on A4 sheets of 3 × 8 stickers.' } };
export const Success: Story = { args: { tone: 'success', children: '42 items imported.' } };
export const Warning: Story = { args: { tone: 'warning', children: '3 items are below their minimum stock.' } };

export const AllTones: Story = {
  render: () => (
    <div className="space-y-3">
      <Alert tone="error">Something went wrong on our side. Please try again.</Alert>
      <Alert tone="warning">3 items are below their minimum stock.</Alert>
      <Alert tone="info">Labels print on A4 sheets of 3 × 8 stickers.</Alert>
      <Alert tone="success">42 items imported.</Alert>
    </div>
  ),
};
