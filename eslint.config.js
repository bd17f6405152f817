// ESLint flat config: the recommended rule sets for JavaScript, TypeScript and Vue, plus the
// layer rules that keep the kernel host-agnostic and the renderer behind its contract.
// Formatting is Prettier's job (npm run format), so no stylistic rules here.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** Kernel and lab engine: src/** except the Node hosts (src/node) and the CLI (src/cli). */
const KERNEL_LAYER = {
  paths: [
    ...nodeBuiltins.map((name) => ({
      name,
      message:
        'Kernel code (src/ outside src/node and src/cli) is host-agnostic: no Node built-ins. Have the host inject what you need (clock, timers, file I/O, workers) from src/node.',
    })),
    {
      name: 'electron',
      message: 'Kernel code is host-agnostic: Electron belongs in main/ only.',
    },
    {
      name: 'vue',
      message: 'Kernel code is host-agnostic: Vue belongs in renderer/ only.',
    },
  ],
  patterns: [
    {
      regex: '^node:',
      message:
        'Kernel code (src/ outside src/node and src/cli) is host-agnostic: no Node built-ins. Have the host inject what you need from src/node.',
    },
    {
      regex: '^electron/',
      message: 'Kernel code is host-agnostic: Electron belongs in main/ only.',
    },
    {
      regex: '^(\\.\\.?/)+(.*/)?(node|cli)(/|$)',
      message:
        'Layer order: the kernel must not import its hosts. src/node and src/cli import the kernel, never the other way round; pass what the kernel needs in through an interface.',
    },
  ],
};

/** Renderer: a browser page that reaches the lab only through the contract in src/api. */
const RENDERER_LAYER = {
  paths: [
    {
      name: 'electron',
      message: 'The renderer runs sandboxed: use the LabApi from renderer/src/bridge.ts, never Electron.',
    },
    ...nodeBuiltins.map((name) => ({
      name,
      message: 'The renderer runs in a browser: no Node built-ins.',
    })),
  ],
  patterns: [
    {
      regex: '^node:',
      message: 'The renderer runs in a browser: no Node built-ins.',
    },
    {
      regex: '^(\\.\\./)+src/(?!api(/|$))',
      message:
        'The renderer may import only the contract (src/api) from src/: reach the lab through renderer/src/bridge.ts.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      'coverage/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Layout is Prettier's: turn off the Vue template formatting rules that would fight it.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  // Where code runs decides its globals.
  {
    files: [
      'src/node/**',
      'src/cli/**',
      'main/**',
      'scripts/**',
      'bin/**',
      'e2e/**',
      'tests/**',
      '*.config.*',
      '**/*.test.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Layers.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/node/**', 'src/cli/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', KERNEL_LAYER] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: { 'no-restricted-imports': ['error', RENDERER_LAYER] },
  },
);
