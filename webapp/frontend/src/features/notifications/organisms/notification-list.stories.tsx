import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import type { NotificationView } from '@/api/types';
import { NotificationList } from './notification-list';

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const items: NotificationView[] = [
  {
    id: 'n3',
    kind: 'LOW_STOCK_REMINDER',
    itemId: 'i1',
    itemName: 'Claw hammer 16 oz',
    sku: 'HAM-16',
    currentStock: 0,
    minThreshold: 4,
    reminder: 1,
    escalated: true,
    createdAt: ago(3),
    readAt: null,
  },
  {
    id: 'n2',
    kind: 'LOW_STOCK',
    itemId: 'i2',
    itemName: 'Wood glue 250 ml',
    sku: 'GLU-250',
    currentStock: 2,
    minThreshold: 5,
    reminder: 0,
    escalated: false,
    createdAt: ago(90),
    readAt: null,
  },
  {
    id: 'n1',
    kind: 'LOW_STOCK',
    itemId: 'i1',
    itemName: 'Claw hammer 16 oz',
    sku: 'HAM-16',
    currentStock: 3,
    minThreshold: 4,
    reminder: 0,
    escalated: false,
    createdAt: ago(60 * 26),
    readAt: ago(60 * 20),
  },
];

const meta = {
  title: 'Features/Notifications/NotificationList',
  component: NotificationList,
  args: { items },
  argTypes: { items: { control: false } },
} satisfies Meta<typeof NotificationList>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A reminder (escalated), a first alert, and one already read. */
export const Default: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Reminder 1')).toBeVisible();
    await expect(canvas.getAllByText('Unread')).toHaveLength(2);
  },
};
export const WithMarkRead: Story = { args: { onMarkRead: () => {} } };
