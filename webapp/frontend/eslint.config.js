// ESLint 9 flat config. The import boundaries follow bulletproof-react: shared code never imports
// features or app, a feature never imports another feature (pages compose them in src/app), and
// no import cycles. Formatting is Prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import importPlugin from 'eslint-plugin-import';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const sharedFolders = ['components', 'hooks', 'lib', 'stores', 'api', 'utils', 'types', 'test'].map((f) => `./src/${f}`);

export default tseslint.config(
  { ignores: ['dist', 'storybook-static', 'coverage', 'node_modules', 'src/api/schema.d.ts', 'e2e'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      ...tseslint.configs.recommended,
      reactHooks.configs.flat.recommended,
      jsxA11y.flatConfigs.recommended,
      importPlugin.flatConfigs.recommended,
      importPlugin.flatConfigs.typescript,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
    },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.app.json' }, node: true },
    },
    rules: {
      'import/no-cycle': 'error',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            // Features never import each other; src/app composes them.
            ...features.map((f) => ({
              target: `./src/features/${f}`,
              from: './src/features',
              except: [`./${f}`],
              message:
                'A feature never imports another feature: move the shared part to components/ or lib/, or compose the two in src/app.',
            })),
            { target: './src/features', from: './src/app', message: 'Imports go one way: shared → features → app.' },
            {
              target: sharedFolders,
              from: ['./src/features', './src/app'],
              message: 'Shared code never imports features or app.',
            },
          ],
        },
      ],
      // Across folders, '@/…'; './x' stays for a file's own folder.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*'], message: "Use the '@/' alias instead of '../'." }] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['vite.config.ts', 'eslint.config.js', '.storybook/**/*.{ts,tsx}', 'scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
