import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { Button, type ButtonVariant } from './button';

const variants: ButtonVariant[] = ['primary', 'secondary', 'danger', 'ghost'];

const meta = {
  title: 'Atoms/Button',
  component: Button,
  args: { children: 'Save item', variant: 'primary', size: 'md', busy: false, disabled: false, onClick: fn() },
  argTypes: {
    variant: { control: 'inline-radio', options: variants },
    size: { control: 'inline-radio', options: ['sm', 'md'] },
  },
} satisfies Meta<typeof Button>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = {};
export const Secondary: Story = { args: { variant: 'secondary', children: 'Cancel' } };
export const Danger: Story = { args: { variant: 'danger', children: 'Archive' } };
export const Ghost: Story = { args: { variant: 'ghost', children: 'More options' } };
export const Small: Story = { args: { size: 'sm', variant: 'secondary', children: 'Next page' } };

/** Busy: a spinner, aria-busy, and the button cannot be pressed again. */
export const Busy: Story = {
  args: { busy: true, children: 'Saving…' },
  play: async ({ canvas, args }) => {
    const button = canvas.getByRole('button', { name: 'Saving…' });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(args.onClick).not.toHaveBeenCalled();
  },
};

export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Save item' })).toBeDisabled();
  },
};

/** Every variant in its normal, busy and disabled state. */
export const AllVariants: Story = {
  render: (args) => (
    <div className="grid gap-3" style={{ maxWidth: 520, gridTemplateColumns: 'repeat(3, minmax(0, 1fr))' }}>
      {variants.flatMap((variant) => [
        <Button key={variant} {...args} variant={variant}>
          {variant}
        </Button>,
        <Button key={`${variant}-busy`} {...args} variant={variant} busy>
          {variant} busy
        </Button>,
        <Button key={`${variant}-disabled`} {...args} variant={variant} disabled>
          {variant} disabled
        </Button>,
      ])}
    </div>
  ),
};
