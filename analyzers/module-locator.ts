import path from 'node:path';
import type { ts } from 'ts-morph';
import type { ResolvedConfig } from '../config/resolve.js';
import { readCompilerOptions } from '../config/compiler-options.js';
import type { TypeScriptApi } from './project.js';

export type LocatedModule = { kind: 'runtime' } | { kind: 'file'; path: string } | { kind: 'none' };

/** Finds the project file (or runtime module) an import specifier names; `path`s are project-relative. */
export type ModuleLocator = (specifier: string, fromPath: string) => LocatedModule;

/** What TypeScript writes for a `.js` (or no) extension, in the compiler's order. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.jsx': ['.tsx', '.jsx'],
};
const EXTENSIONLESS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx'];
const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/**
 * Resolves specifiers against the analysed files. Runtime modules are known by
 * their text (they need not be installed); relative specifiers by the file list;
 * anything else (tsconfig `paths`, `#imports`) by TypeScript's resolver, which is
 * loaded only when such a specifier actually has to be followed.
 */
export function createModuleLocator(config: ResolvedConfig, projectPaths: readonly string[], runtimeModules: readonly string[]) {
  const runtime = new Set(runtimeModules);
  const known = new Set(projectPaths);
  const resolvedByTypeScript = new Map<string, LocatedModule>();
  const pending = new Set<string>();

  const locate: ModuleLocator = (specifier, fromPath) => {
    if (runtime.has(specifier)) return { kind: 'runtime' };
    if (specifier.startsWith('.')) return relative(specifier, fromPath, known);
    if (specifier.startsWith('node:')) return { kind: 'none' };
    const key = requestKey(specifier, fromPath);
    const done = resolvedByTypeScript.get(key);
    if (done) return done;
    pending.add(key);
    return { kind: 'none' };
  };

  return {
    locate,
    /** Whether the last pass met specifiers that only TypeScript can resolve. */
    hasPending: () => pending.size > 0,
    /** Resolves the pending specifiers with TypeScript, so the next pass sees them. */
    async resolvePending(): Promise<void> {
      if (pending.size === 0) return;
      const { ts } = await import('ts-morph');
      const resolve = typeScriptResolver(config, ts);
      for (const key of pending) {
        const [specifier, fromPath] = key.split('\0') as [string, string];
        const file = resolve(specifier, path.join(config.root, fromPath));
        const rel = file === undefined ? undefined : path.relative(config.root, file).split(path.sep).join('/');
        resolvedByTypeScript.set(key, rel !== undefined && known.has(rel) ? { kind: 'file', path: rel } : { kind: 'none' });
      }
      pending.clear();
    },
  };
}

function requestKey(specifier: string, fromPath: string): string {
  return `${specifier}\0${fromPath}`;
}

function relative(specifier: string, fromPath: string, known: ReadonlySet<string>): LocatedModule {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), specifier));
  const extension = path.posix.extname(target);
  const candidates: string[] = [];
  const emitted = SOURCE_FOR_EMITTED[extension];
  if (emitted) candidates.push(...emitted.map((ext) => target.slice(0, -extension.length) + ext));
  if (TYPESCRIPT_EXTENSIONS.includes(extension)) candidates.push(target);
  candidates.push(...EXTENSIONLESS.map((ext) => target + ext), ...EXTENSIONLESS.map((ext) => `${target}/index${ext}`));
  const found = candidates.find((candidate) => known.has(candidate));
  return found ? { kind: 'file', path: found } : { kind: 'none' };
}

/** TypeScript's own resolution under the project's compiler options, retried with bundler resolution. */
function typeScriptResolver(config: ResolvedConfig, api: TypeScriptApi): (specifier: string, fromFile: string) => string | undefined {
  const options = readCompilerOptions<ts.CompilerOptions>(config, api);
  const fallback: ts.CompilerOptions = { ...options, module: api.ModuleKind.ESNext, moduleResolution: api.ModuleResolutionKind.Bundler };
  const cache = api.createModuleResolutionCache(config.root, (name) => name, options);
  const fallbackCache = api.createModuleResolutionCache(config.root, (name) => name, fallback);
  return (specifier, fromFile) => {
    const mode = api.getImpliedNodeFormatForFile(fromFile as ts.Path, cache.getPackageJsonInfoCache(), api.sys, options);
    const resolved =
      api.resolveModuleName(specifier, fromFile, options, api.sys, cache, undefined, mode).resolvedModule ??
      api.resolveModuleName(specifier, fromFile, fallback, api.sys, fallbackCache).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    return path.resolve(resolved.resolvedFileName);
  };
}
