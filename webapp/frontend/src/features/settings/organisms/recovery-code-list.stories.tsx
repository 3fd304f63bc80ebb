import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';
import { RecoveryCodeList } from './recovery-code-list';

const codes = [
  'k7m2q-x9rtd-p4wza',
  'b3nvc-h8jel-y6fus',
  'q2wdm-t5kpr-z9xag',
  'e4hyn-c7vbt-l2mjq',
  'r8fsk-u3gzw-n6pde',
  'm5tqa-j9xcy-v2rkb',
  'w6plz-d4nhe-s8qtf',
  'h2jru-g7mka-x5cwn',
  'y9bde-q3fvl-t6zps',
  'c4kxw-n8rjh-a7umg',
];

const meta = {
  title: 'Features/Settings/RecoveryCodeList',
  component: RecoveryCodeList,
  args: { codes, username: 'ann', onDone: fn(), busy: false },
  argTypes: { codes: { control: false } },
} satisfies Meta<typeof RecoveryCodeList>;

export default meta;
type Story = StoryObj<typeof meta>;

/** "Done" stays disabled until the user ticks that the codes are saved. */
export const Default: Story = {
  play: async ({ canvas, args }) => {
    const done = canvas.getByRole('button', { name: 'Done' });
    await expect(done).toBeDisabled();
    await userEvent.click(canvas.getByLabelText('I have saved these codes'));
    await expect(done).toBeEnabled();
    await userEvent.click(done);
    await expect(args.onDone).toHaveBeenCalled();
  },
};

/** After "Done", while the session is refreshed. */
export const Finishing: Story = { args: { busy: true } };
