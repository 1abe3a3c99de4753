// ESLint flat config: typescript-eslint with type information, so that
// no-floating-promises can see every promise left unhandled.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders of pure logic: they must stay runnable in plain Node, so no `vscode` import. */
const pureFolders = ['src/api/**', 'src/cli/**', 'src/files/**', 'src/secrets/**', 'src/util/**', 'src/models/**', 'src/analysis/**', 'src/health/**', 'src/diagnose/**', 'test/unit/**', 'test/fake-api/**'];

export default tseslint.config(
  // Fixtures are data the tests read (some broken on purpose), not code of ours.
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.venv/**', 'test/fixtures/**', 'demo/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Pure modules must not import vscode: keep them testable in plain Node.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
  },
  {
    // The webviews' scripts run in the browser, with the webview's own API and no Node.
    files: ['media/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { acquireVsCodeApi: 'readonly', document: 'readonly', window: 'readonly', navigator: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', require: 'off', module: 'off', process: 'off', __dirname: 'off', Buffer: 'off' },
    },
  },
);
