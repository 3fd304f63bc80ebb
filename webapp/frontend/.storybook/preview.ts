import type { Preview } from '@storybook/react-vite';
import '@/index.css';
import { installFakeApi, withProviders } from './decorators';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Matches the app's body (bg-slate-50).
    backgrounds: { options: { app: { name: 'App', value: '#f8fafc' }, white: { name: 'White', value: '#ffffff' } } },
  },
  initialGlobals: { backgrounds: { value: 'app' } },
  // Every story gets a fresh QueryClient (seeded from parameters.queryData) and a MemoryRouter.
  decorators: [withProviders],
  // Every story runs against a fake HTTP adapter (parameters.api): there is no backend.
  beforeEach: installFakeApi,
};

export default preview;
