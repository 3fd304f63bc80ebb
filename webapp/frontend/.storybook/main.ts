import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for the Stockade SPA. The builder reuses vite.config.ts (React + Tailwind plugins).
 * No addons: Storybook 9 ships controls, actions, viewport, backgrounds and interactions in core.
 * The machine has no internet apart from the npm registry: telemetry and crash reports are off.
 */
const config: StorybookConfig = {
  stories: ['../src/**/*.stories.@(ts|tsx)'],
  addons: [],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, enableCrashReports: false },
};

export default config;
