import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { MfaEnrolmentPanel } from './mfa-enrolment-panel';

// A 1×1 white PNG stands in for the server's QR code.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

const meta = {
  title: 'Features/Settings/MfaEnrolmentPanel',
  component: MfaEnrolmentPanel,
  args: {
    enrolment: {
      otpauthUri: 'otpauth://totp/Stockade:ann?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Stockade',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      qrCode: PIXEL,
    },
    onConfirm: fn(async () => undefined),
    onCancel: fn(),
    error: null,
  },
  argTypes: { enrolment: { control: false } },
} satisfies Meta<typeof MfaEnrolmentPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
/** The server refused the first code (a 400 at the field is shown there instead). */
export const Failed: Story = { args: { error: 'The server could not be reached. Check your connection.' } };
