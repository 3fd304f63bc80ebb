import type { Meta, StoryObj } from '@storybook/react-vite';
import { LoadingBlock, Skeleton } from './skeleton';

const meta = {
  title: 'Atoms/Skeleton',
  component: Skeleton,
  args: { className: 'h-4 w-full' },
} satisfies Meta<typeof Skeleton>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Line: Story = {};

/** As on the dashboard while the metrics load. */
export const Cards: Story = {
  render: () => (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-28 w-full" />
      ))}
    </div>
  ),
};

/** LoadingBlock: placeholder lines with a screen-reader status. */
export const Block: StoryObj<typeof LoadingBlock> = {
  render: (args) => <LoadingBlock {...args} />,
  args: { lines: 5, label: 'Loading items…' },
};
