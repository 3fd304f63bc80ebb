import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';
import { OutboxTable } from './outbox-table';
import type { OutboxMessage } from '@/api/types';

const start = Date.parse('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
const text = (name: string) =>
  `Hello ${name},\n\nSomeone asked to reset the Stockade password of your account.\nOpen this link within one hour to choose a new one:\n\n[hidden]\n\nIf it was not you, ignore this e-mail.`;

const messages: OutboxMessage[] = [
  {
    id: 'm1',
    kind: 'password-reset',
    to: 'ann@example.com',
    subject: 'Reset your Stockade password',
    text: text('ann'),
    status: 'sent',
    attempts: 1,
    lastError: null,
    createdAt: at(0),
    sentAt: at(1),
    nextAttemptAt: null,
  },
  {
    id: 'm2',
    kind: 'password-reset',
    to: 'bob@example.com',
    subject: 'Reset your Stockade password',
    text: text('bob'),
    status: 'pending',
    attempts: 2,
    lastError: '421 4.7.0 Try again later',
    createdAt: at(5),
    sentAt: null,
    nextAttemptAt: at(9),
  },
  {
    id: 'm3',
    kind: 'password-reset',
    to: 'cleo@unreachable.example',
    subject: 'Reset your Stockade password',
    text: text('cleo'),
    status: 'dead',
    attempts: 8,
    lastError: '550 5.1.1 No such user',
    createdAt: at(10),
    sentAt: null,
    nextAttemptAt: null,
  },
];

const meta = {
  title: 'Features/Admin/OutboxTable',
  component: OutboxTable,
  args: { messages },
  argTypes: { messages: { control: false } },
} satisfies Meta<typeof OutboxTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One message of each status; the text (its secret masked) opens under "Show text". */
export const Default: Story = {
  play: async ({ canvas }) => {
    const [first] = canvas.getAllByText(/^Show text/);
    await userEvent.click(first);
    await expect(canvas.getAllByText(/\[hidden\]/)[0]).toBeVisible();
  },
};
export const Pending: Story = { args: { messages: messages.filter((m) => m.status === 'pending') } };
export const Dead: Story = { args: { messages: messages.filter((m) => m.status === 'dead') } };
