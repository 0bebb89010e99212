import tseslint from 'typescript-eslint';
import plumbline from './dist/rules/plugin.js';

export default tseslint.config(
  { ignores: ['dist/**', 'runtime/dist/**', 'node_modules/**', 'fixtures/**', 'test/fixtures/**', '.plumbline/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  // Dogfooding: Plumbline's own rules, reading ./plumbline.config.ts.
  plumbline.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Lines under 140 characters (.editorconfig). A line that holds a string, template or regex literal (a message,
      // a rationale, a test name, SQL) or a URL may run longer: breaking it would make it harder to read or to find.
      'max-len': [
        'error',
        { code: 140, tabWidth: 2, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
);
