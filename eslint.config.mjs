import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A library's entry points are its package.json `exports`: `@bulwark/<lib>` and
              // the messaging transports' subpaths; anything deeper is its internals.
              group: [
                '**/libs/*/src/**',
                '@bulwark/*/**',
                '!@bulwark/messaging/kafka',
                '!@bulwark/messaging/rabbitmq',
              ],
              message:
                'Import a library only through its entry points (@bulwark/<lib>, @bulwark/messaging/kafka|rabbitmq).',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain CommonJS helpers that must run without a TypeScript toolchain (the packages e2e runs
    // a fixture's .cjs check before the app has what it needs to compile).
    files: ['scripts/**/*.js', 'test/packages/fixtures/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
