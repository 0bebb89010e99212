import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve.js';

/**
 * Configurations for the peers the static suite is measured against, generated from the resolved Plumbline
 * config (never from a corpus's names), written as files into the corpus so each peer runs from its own CLI.
 */

/** A layer glob as an eslint-plugin-boundaries folder pattern: `src/api/**` is the element folder `src/api`. */
export function boundariesFolderPattern(layer: string, glob: string): string {
  const folder = /^(?<folder>.+)\/\*\*$/.exec(glob)?.groups?.folder;
  if (!folder || folder.includes('**')) {
    throw new Error(`layers.${layer}.paths: '${glob}' has no eslint-plugin-boundaries folder equivalent (expected '<folder>/**')`);
  }
  return folder;
}

/**
 * eslint-plugin-boundaries with the same layers: one element type per layer (folder mode, its globs as folders), and
 * `boundaries/dependencies` (v6+'s name for `boundaries/element-types`) allowing by default and disallowing, per layer,
 * every other layer it may not import; a layer in `mayImportTypes` is disallowed for value imports only. As in
 * Plumbline, only imports between two layered files are judged (packages and unlayered files are left alone).
 * Imports resolve with eslint-import-resolver-typescript, the TypeScript setup the plugin documents.
 */
export function boundariesEslintConfig(config: ResolvedConfig, tsconfig: string): string {
  const elements = config.layers.map((layer) => ({
    type: layer.name,
    pattern: layer.paths.map((glob) => boundariesFolderPattern(layer.name, glob)),
    mode: 'folder',
  }));
  const policies = config.layers.flatMap((layer) => {
    const allowed = new Set([layer.name, ...layer.mayImport]);
    const typesOnly = new Set(layer.mayImportTypes ?? []);
    const denied = config.layers.map((other) => other.name).filter((name) => !allowed.has(name));
    const fully = denied.filter((name) => !typesOnly.has(name));
    const values = denied.filter((name) => typesOnly.has(name));
    const from = { element: { type: layer.name } };
    return [
      ...(fully.length > 0 ? [{ from, disallow: { to: { element: { types: { anyOf: fully } } } } }] : []),
      ...(values.length > 0 ? [{ from, disallow: { to: { element: { types: { anyOf: values } } }, dependency: { kind: 'value' } } }] : []),
    ];
  });
  const settings = {
    'boundaries/root-path': config.root,
    'boundaries/elements': elements,
    'import/resolver': { typescript: { project: tsconfig } },
  };
  return `import tsParser from '@typescript-eslint/parser';
import boundaries from 'eslint-plugin-boundaries';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { boundaries },
    settings: ${JSON.stringify(settings)},
    rules: { 'boundaries/dependencies': ['error', ${JSON.stringify({ default: 'allow', policies })}] },
  },
];
`;
}

/** ESLint with typescript-eslint's parser and no rule: the floor of every ESLint-hosted checker. */
export const BARE_PARSE_ESLINT_CONFIG = `import tsParser from '@typescript-eslint/parser';

export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }];
`;

/** oxlint with no plugin; run with `-A all`, so no rule either: it parses every file and reports only parse errors. */
export const NO_RULES_OXLINT_CONFIG = JSON.stringify({ plugins: [], categories: {}, rules: {} });

export interface PeerConfigFiles {
  boundaries: string;
  bareParse: string;
  oxlintNoRules: string;
}

/** Writes the three peer configs into the corpus root and returns their paths. */
export function writePeerConfigs(config: ResolvedConfig, tsconfig: string): PeerConfigFiles {
  const files = {
    boundaries: path.join(config.root, 'boundaries.eslint.config.mjs'),
    bareParse: path.join(config.root, 'bare-parse.eslint.config.mjs'),
    oxlintNoRules: path.join(config.root, 'no-rules.oxlintrc.json'),
  };
  writeFileSync(files.boundaries, boundariesEslintConfig(config, tsconfig));
  writeFileSync(files.bareParse, BARE_PARSE_ESLINT_CONFIG);
  writeFileSync(files.oxlintNoRules, NO_RULES_OXLINT_CONFIG);
  return files;
}
