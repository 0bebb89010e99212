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
    },
  },
);
