import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { Button } from '@/components/atoms/button';
import { Alert } from '@/components/atoms/alert';
import { TextField } from '@/components/molecules/field';
import { Modal } from './modal';

const meta = {
  title: 'Organisms/Modal',
  component: Modal,
  parameters: { layout: 'fullscreen' },
  args: {
    open: true,
    title: 'Archive item',
    size: 'md',
    onClose: fn(),
    children: (
      <>
        <p className="text-sm text-slate-800">Archive Cordless drill 18V? It disappears from the inventory; its history is kept.</p>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary">Cancel</Button>
          <Button variant="danger">Archive</Button>
        </div>
      </>
    ),
  },
  argTypes: { size: { control: 'inline-radio', options: ['md', 'lg'] } },
} satisfies Meta<typeof Modal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Labelled by its title; the dialog is portalled to document.body. Esc calls onClose. */
export const Open: Story = {
  play: async ({ args, userEvent, canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    const dialog = await page.findByRole('dialog', { name: 'Archive item' });
    // Focus moves into the dialog (in an effect, so after the first paint).
    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
    await userEvent.keyboard('{Escape}');
    await expect(args.onClose).toHaveBeenCalled();
  },
};

export const WithError: Story = {
  args: {
    children: (
      <>
        <p className="text-sm text-slate-800">Archive Cordless drill 18V?</p>
        <Alert className="mt-3">The item could not be archived.</Alert>
        <div className="mt-4 flex justify-end gap-3">
          <Button variant="secondary">Cancel</Button>
          <Button variant="danger" busy>
            Archive
          </Button>
        </div>
      </>
    ),
  },
};

export const Large: Story = {
  args: {
    size: 'lg',
    title: 'Edit item',
    children: (
      <form className="space-y-4">
        <TextField label="Name" required defaultValue="Cordless drill 18V" />
        <TextField label="SKU" required defaultValue="DRL-18V-001" />
        <TextField label="Location" defaultValue="Warehouse A" />
        <div className="flex justify-end gap-3">
          <Button variant="secondary">Cancel</Button>
          <Button type="submit">Save</Button>
        </div>
      </form>
    ),
  },
};

/** Stateful: closed at first; focus returns to the trigger on close. */
export const WithTrigger: Story = {
  args: { open: false },
  render: function Render(args) {
    const [open, setOpen] = useState(args.open);
    const close = () => {
      setOpen(false);
      args.onClose();
    };
    return (
      <div className="p-4">
        <Button onClick={() => setOpen(true)}>Archive…</Button>
        <Modal {...args} open={open} onClose={close}>
          <p className="text-sm text-slate-800">Archive Cordless drill 18V?</p>
          <div className="mt-4 flex justify-end gap-3">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" onClick={close}>
              Archive
            </Button>
          </div>
        </Modal>
      </div>
    );
  },
};
