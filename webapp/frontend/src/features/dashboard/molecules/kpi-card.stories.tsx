import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { KpiCard } from './kpi-card';

const meta = {
  title: 'Features/Dashboard/KpiCard',
  component: KpiCard,
  args: { title: 'Total products', value: 1284, testId: 'kpi-total-products', tone: 'blue' },
  argTypes: { tone: { control: 'inline-radio', options: ['blue', 'amber', 'red', 'slate'] } },
} satisfies Meta<typeof KpiCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One card at the width it has in the dashboard grid. */
const narrow: Decorator = (Story) => (
  <div style={{ maxWidth: 280 }}>
    <Story />
  </div>
);

export const TotalProducts: Story = { decorators: [narrow] };
export const LowStock: Story = { args: { title: 'Low stock', value: 17, testId: 'kpi-low-stock', tone: 'amber' }, decorators: [narrow] };
export const OutOfStock: Story = {
  args: { title: 'Out of stock', value: 3, testId: 'kpi-out-of-stock', tone: 'red' },
  decorators: [narrow],
};
export const WithHint: Story = {
  args: { title: 'Recent activity', value: 42, testId: 'kpi-recent-activity', tone: 'slate', hint: 'Stock movements in the last 24 hours' },
  decorators: [narrow],
};
/** No value yet: shows an em dash. */
export const NoValue: Story = { args: { value: undefined }, decorators: [narrow] };

/** The dashboard's row of key figures. */
export const DashboardRow: Story = {
  render: () => (
    <section aria-label="Key figures" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <KpiCard title="Total products" value={1284} testId="kpi-total-products" />
      <KpiCard title="Low stock" value={17} testId="kpi-low-stock" tone="amber" />
      <KpiCard title="Out of stock" value={3} testId="kpi-out-of-stock" tone="red" />
      <KpiCard title="Recent activity" value={42} testId="kpi-recent-activity" tone="slate" hint="Stock movements in the last 24 hours" />
    </section>
  ),
};
