import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { SelectField, TextAreaField, TextField } from './field';

const meta = {
  title: 'Molecules/TextField',
  component: TextField,
  args: { label: 'SKU', placeholder: 'e.g. DRL-18V-001', required: false, disabled: false },
} satisfies Meta<typeof TextField>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Required: Story = { args: { required: true } };
export const WithHint: Story = { args: { hint: 'Letters, digits and dashes; unique per item.' } };

/** The error replaces the hint and is wired through aria-describedby / aria-invalid. */
export const WithError: Story = {
  args: {
    required: true,
    defaultValue: 'DRL 18V',
    hint: 'Letters, digits and dashes.',
    error: 'SKU may contain only letters, digits and dashes',
  },
  play: async ({ canvas }) => {
    const input = canvas.getByLabelText(/^SKU/);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription('SKU may contain only letters, digits and dashes');
  },
};
export const Disabled: Story = { args: { disabled: true, defaultValue: 'DRL-18V-001' } };

/** The sibling controls share the same chrome. */
export const SelectAndTextArea: Story = {
  render: () => (
    <div className="space-y-4" style={{ maxWidth: 420 }}>
      <SelectField label="Category" required defaultValue="">
        <option value="" disabled>
          Choose a category
        </option>
        <option>Power tools</option>
        <option>Fasteners</option>
      </SelectField>
      <SelectField label="Location" error="Choose a location">
        <option value="">—</option>
      </SelectField>
      <TextAreaField label="Description" rows={3} hint="Shown on the item page." />
      <TextAreaField label="Reason" required rows={2} error="Reason is required" />
    </div>
  ),
};
