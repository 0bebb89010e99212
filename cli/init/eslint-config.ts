export const ESLINT_CONFIG_NAMES = [
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
] as const;

export const ESLINT_IMPORT = "import plumbline from '@plumbline-kit/plumbline/eslint';";
export const ESLINT_ENTRY = 'plumbline.configs.recommended';

export const ESLINT_INSTRUCTIONS = [
  'Add the Plumbline rules to your ESLint flat config:',
  `  ${ESLINT_IMPORT}`,
  `  export default [ /* your configs */, ${ESLINT_ENTRY} ];`,
];

export type EslintEdit = { kind: 'present' } | { kind: 'edited'; text: string } | { kind: 'manual'; why: string };

/**
 * Adds the plugin import and `plumbline.configs.recommended` to a flat config
 * whose default export is a plain array (`export default [...]`) or a call
 * taking configs (`tseslint.config(...)`, `defineConfig([...])`) closing the
 * file. Anything else (CommonJS, computed exports, several exports) is left to
 * the user with exact instructions: a wrong edit would break their lint.
 */
export function addPluginToEslintConfig(text: string): EslintEdit {
  if (/['"]plumbline\/eslint['"]/.test(text) || /\bplumbline\.configs\./.test(text)) return { kind: 'present' };
  if (/\bmodule\.exports\b|\brequire\s*\(/.test(text)) return { kind: 'manual', why: 'it is CommonJS' };
  const exports = [...text.matchAll(/^export\s+default\s+/gm)];
  if (exports.length !== 1)
    return {
      kind: 'manual',
      why: exports.length === 0 ? 'it has no `export default` at the start of a line' : 'it has several default exports',
    };
  const start = (exports[0]?.index ?? 0) + (exports[0]?.[0].length ?? 0);
  const tail = text.slice(start);
  // Only the helpers known to take any number of configs: tseslint.config(...) and ESLint's defineConfig(...).
  const helper = /^(?:[A-Za-z_$][\w$]*\.)?(?:config|defineConfig)\(/;
  const form = /^\[/.test(tail)
    ? 'array'
    : helper.test(tail) && /^[^(]*\(\s*\[/.test(tail)
      ? 'call-array'
      : helper.test(tail)
        ? 'call'
        : undefined;
  if (!form) return { kind: 'manual', why: 'its default export is neither an array nor tseslint.config(...) / defineConfig(...)' };
  const closing = form === 'array' ? /\]\s*;?\s*$/ : form === 'call-array' ? /\]\s*\)\s*;?\s*$/ : /\)\s*;?\s*$/;
  const end = closing.exec(text);
  if (!end || end.index < start) return { kind: 'manual', why: 'the default export does not close the file' };
  const before = text.slice(0, end.index);
  const trimmed = before.trimEnd();
  const separator = trimmed.endsWith(',') || trimmed.endsWith('[') || trimmed.endsWith('(') ? '' : ',';
  const indent = /\n([ \t]+)\S[^\n]*$/.exec(trimmed)?.[1] ?? '  ';
  const body = `${trimmed}${separator}\n${indent}// Plumbline's layer, ownership and purity rules (added by plumbline init).\n${indent}${ESLINT_ENTRY},\n${text.slice(end.index)}`;

  // The import goes after the last import statement, or first.
  const imports = [...body.matchAll(/^import\s[^;]*?from\s+['"][^'"]+['"];?[^\n]*$/gm)];
  const last = imports.at(-1);
  const at = last ? last.index + last[0].length : 0;
  const withImport = last ? `${body.slice(0, at)}\n${ESLINT_IMPORT}${body.slice(at)}` : `${ESLINT_IMPORT}\n${body}`;
  return { kind: 'edited', text: withImport };
}
