import path from 'node:path';
import ts from 'typescript';
import { readCompilerOptions } from '../../config/compiler-options.js';
import type { ResolvedConfig } from '../../config/resolve.js';

/**
 * The project's tsconfig `paths` as jiti aliases (`@models/*` -> `<root>/src/models`),
 * read from the checkout being replayed, so a ref's decision code resolves its
 * own aliases. Only prefix patterns (`x/*`) and exact names can be aliases.
 */
export function tsconfigAliases(config: ResolvedConfig, root: string): Record<string, string> {
  const options = readCompilerOptions({ ...config, root }, ts);
  const paths = options.paths ?? {};
  const base = options.baseUrl ?? (options.pathsBasePath as string | undefined) ?? root;
  const aliases: Record<string, string> = {};
  for (const key of Object.keys(paths).sort()) {
    const target = paths[key]?.[0];
    if (target === undefined) continue;
    if (key.endsWith('/*') && target.endsWith('/*')) aliases[key.slice(0, -2)] = path.resolve(base, target.slice(0, -2));
    else if (!key.includes('*') && !target.includes('*')) aliases[key] = path.resolve(base, target);
  }
  return aliases;
}
