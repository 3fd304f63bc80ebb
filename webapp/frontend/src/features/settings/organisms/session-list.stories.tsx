import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { SessionList } from './session-list';
import type { AuthSession } from '@/api/types';

const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

const sessions: AuthSession[] = [
  {
    id: 's-1',
    device: 'Firefox on Linux',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    ip: '203.0.113.7',
    createdAt: ago(600),
    lastUsedAt: ago(1),
    expiresAt: ago(-20_000),
    current: true,
  },
  {
    id: 's-2',
    device: 'Safari on iPhone',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)',
    ip: '198.51.100.23',
    createdAt: ago(4000),
    lastUsedAt: ago(95),
    expiresAt: ago(-10_000),
    current: false,
  },
  {
    id: 's-3',
    device: null,
    userAgent: null,
    ip: null,
    createdAt: ago(9000),
    lastUsedAt: ago(9000),
    expiresAt: ago(-2_000),
    current: false,
  },
];

const meta = {
  title: 'Features/Settings/SessionList',
  component: SessionList,
  args: { sessions, onRevoke: fn(), busyId: null, disabled: false },
  argTypes: { sessions: { control: false } },
} satisfies Meta<typeof SessionList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
/** One session is being ended: its button is busy, the others wait. */
export const Revoking: Story = { args: { busyId: 's-2' } };
/** Only this browser is signed in. */
export const OnlyThisDevice: Story = { args: { sessions: sessions.slice(0, 1) } };
