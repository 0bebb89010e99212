import path from 'node:path';
import { getModuleResolver } from '../config/module-resolution.js';
import { toProjectPath } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';

export type LocatedModule = { kind: 'runtime' } | { kind: 'file'; path: string } | { kind: 'none' };

/** Finds the project file (or runtime module) an import specifier names; `path`s are project-relative. */
export type ModuleLocator = (specifier: string, fromPath: string) => LocatedModule;

/**
 * Places specifiers among the analysed files with the project's one module
 * resolver (core/module-resolver.ts, shared with the rules). Runtime modules are
 * known by their text (they need not be installed); a target that is not an
 * analysed file (a package, a file outside the sources) is `none`.
 */
export function createModuleLocator(
  config: ResolvedConfig,
  projectPaths: readonly string[],
  runtimeModules: readonly string[],
): ModuleLocator {
  const runtime = new Set(runtimeModules);
  const known = new Set(projectPaths);
  const resolver = getModuleResolver(config);
  return (specifier, fromPath) => {
    if (runtime.has(specifier)) return { kind: 'runtime' };
    if (specifier.startsWith('node:')) return { kind: 'none' };
    const resolved = resolver.resolve(specifier, path.join(config.root, fromPath));
    const target = resolved.kind === 'file' ? toProjectPath(config.root, resolved.path) : undefined;
    return target !== undefined && known.has(target) ? { kind: 'file', path: target } : { kind: 'none' };
  };
}
