// ESLint for the lab: rules that catch defects, not style. There is no
// formatter check (the code is hand-formatted; reformatting it all would be a
// churn of every file for no defect found).
// - typescript-eslint `recommended`, plus a few type-aware rules that catch
//   defects: above all the promise rules (a forgotten `await` on a training
//   step or an IndexedDB write fails silently). Not the whole
//   `recommendedTypeChecked` set: its no-unsafe-* rules flag every tfjs `any`.
// - react-hooks: rules-of-hooks and exhaustive-deps as errors, so an effect that
//   leaves a dependency out on purpose says why in its disable comment. The
//   React Compiler rules of the plugin's `recommended` set are off: the lab does
//   not use the compiler, and its "latest value in a ref" pattern is what they flag.
// - A disable comment that no longer suppresses anything is an error too.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/', 'public/', 'e2e/artifacts/', 'test-results/', 'playwright-report/', 'out/',
      // What bench/gpu/pack.sh bundles for a GPU machine (git-ignored, a build output).
      '.gpu/', '.gl/',
      // Top-level scripts other than the configs are scratch files, outside tsconfig.json too.
      '*.{ts,tsx,js,mjs}', '!*.config.{ts,js}',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `let [lo, hi] = extent` where only `lo` changes is clearer than splitting the destructuring.
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // The build forbids eval (src/build/noEval.ts); this catches its string-taking cousins.
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      // An underscore marks a name unused on purpose (a callback's position, a rest sibling).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests build malformed and future-format inputs on purpose; `any` there ships nowhere.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
);
