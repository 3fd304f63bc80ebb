import type { Meta, StoryObj } from '@storybook/react-vite';
import { SECURITY_EVENT_TYPES } from '@/features/security/api';
import { SecurityEventTable } from './security-event-table';
import type { SecurityEvent } from '@/api/types';

const start = Date.parse('2026-03-02T08:00:00Z');

const events: SecurityEvent[] = [
  {
    id: 'e1',
    occurredAt: new Date(start).toISOString(),
    type: 'LOGIN_SUCCEEDED',
    userId: 'u-1',
    username: 'ann',
    sessionId: '5f0c2a9e-1b7d-4c61-9e3a-0d5b2f7c8a11',
    detail: 'pwd',
    clientIp: '203.0.113.7',
  },
  {
    id: 'e2',
    occurredAt: new Date(start + 60_000).toISOString(),
    type: 'LOGIN_FAILED',
    userId: 'u-2',
    username: 'bob',
    sessionId: null,
    detail: 'wrong password',
    clientIp: '198.51.100.23',
  },
  {
    id: 'e3',
    occurredAt: new Date(start + 120_000).toISOString(),
    type: 'ACCOUNT_LOCKED',
    userId: 'u-2',
    username: 'bob',
    sessionId: null,
    detail: 'locked for 15 minutes after 5 failures',
    clientIp: '198.51.100.23',
  },
  {
    id: 'e4',
    occurredAt: new Date(start + 180_000).toISOString(),
    type: 'REFRESH_TOKEN_REUSED',
    userId: 'u-1',
    username: 'ann',
    sessionId: '5f0c2a9e-1b7d-4c61-9e3a-0d5b2f7c8a11',
    detail: 'session ended',
    clientIp: '192.0.2.44',
  },
  {
    id: 'e5',
    occurredAt: new Date(start + 240_000).toISOString(),
    type: 'ROLE_CHANGED',
    userId: 'u-3',
    username: 'cleo',
    sessionId: null,
    detail: 'Staff → Manager',
    clientIp: null,
  },
  {
    id: 'e6',
    occurredAt: new Date(start + 300_000).toISOString(),
    type: 'RATE_LIMITED',
    userId: null,
    username: null,
    sessionId: null,
    detail: 'login',
    clientIp: '192.0.2.99',
  },
];

/** One row of every event type, to check the labels and badge colours together. */
const everyType: SecurityEvent[] = SECURITY_EVENT_TYPES.map((type, i) => ({
  id: `t${i}`,
  occurredAt: new Date(start + i * 60_000).toISOString(),
  type,
  userId: 'u-1',
  username: 'ann',
  sessionId: `0000000${i}-aaaa-4bbb-8ccc-dddddddddddd`,
  detail: null,
  clientIp: '203.0.113.7',
}));

const meta = {
  title: 'Features/Security/SecurityEventTable',
  component: SecurityEventTable,
  args: { events },
  argTypes: { events: { control: false } },
} satisfies Meta<typeof SecurityEventTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const EveryEventType: Story = { args: { events: everyType } };
