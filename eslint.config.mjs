import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import plumbline from './dist/rules/plugin.js';

export default tseslint.config(
  { ignores: ['dist/**', 'runtime/dist/**', 'node_modules/**', 'fixtures/**', 'test/fixtures/**', '.plumbline/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  // Dogfooding: Plumbline's own rules, reading ./plumbline.config.ts.
  plumbline.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Lines under 140 characters (.editorconfig). A line that holds a string, template or regex literal (a message,
      // a rationale, a test name, SQL) or a URL may run longer: breaking it would make it harder to read or to find.
      'max-len': [
        'error',
        { code: 140, tabWidth: 2, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  // The rules are an ESLint plugin: lint them as one. Left off: require-meta-docs-url (RuleCreator sets the url from
  // rules/docs-url.ts), require-meta-docs-description (the descriptions are what reports and evidence show),
  // meta-property-ordering and require-meta-languages (order and languages change nothing a user sees).
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.rules,
    rules: {
      ...eslintPlugin.configs.rules.rules,
      'eslint-plugin/require-meta-docs-url': 'off',
      'eslint-plugin/require-meta-docs-description': 'off',
      'eslint-plugin/meta-property-ordering': 'off',
      'eslint-plugin/require-meta-languages': 'off',
    },
  },
  { files: ['test/rules/**/*.ts'], ...eslintPlugin.configs['tests-recommended'] },
  // typescript-eslint's strictest typed preset on the shipped source (tests, benches and scripts would cost a program
  // each for little). Numbers in template literals are the point of most messages ("3 files"), so they stay allowed.
  {
    files: ['{analyzers,cli,config,core,gates,report,rules,runtime,testing}/**/*.ts', 'index.ts'],
    ignores: ['runtime/dist/**'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Off: ts-morph types its nodes through mixin classes, so every node its getters return looks "not constructed".
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
