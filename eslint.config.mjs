// The lint gate (part of `npm test`): typescript-eslint's type-checked rules over every TypeScript file we write.
// A floating promise is an error message a user never sees, so those rules are errors, not warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.test-output/**', '.modelbay-*/**', 'samples/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` that a signal handler reads before startup assigns it cannot be a `const` (that read would hit the
      // temporal dead zone), so such reads do not count as "never reassigned".
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // In the extension and its forms `void promise` is how a refused request went unseen (Create Service and Create
    // Image once started their operation that way): there a promise is awaited or handed to something that reports
    // its failure to the user (reportFailure, inBackground, a form's problem line).
    files: ['src/extension/**/*.ts', 'webviews/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // Plain JavaScript build and setup scripts: no type information to check against. The parser options of
    // disableTypeChecked are kept (spreading a second languageOptions over them would bring the project service back).
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', Buffer: 'readonly' },
    },
  },
);
