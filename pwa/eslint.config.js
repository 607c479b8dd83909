// ESLint for the PWA: the recommended rules plus typescript-eslint's type-aware ones, checked
// against the three tsconfigs (app, service worker, build scripts). Formatting is Prettier's job.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'src/api/schema.ts']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.sw.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/sw.ts'], languageOptions: { globals: globals.browser } },
  { files: ['src/sw.ts'], languageOptions: { globals: globals.serviceworker } },
  { files: ['scripts/**/*.mjs', 'vite.config.ts', 'eslint.config.js'], languageOptions: { globals: globals.node } },
  // This file is in no tsconfig, so it gets the rules that need no types.
  { files: ['eslint.config.js'], extends: [tseslint.configs.disableTypeChecked] },
);
