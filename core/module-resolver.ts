import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TypeScript from 'typescript';

export type ResolvedImport = { kind: 'file'; path: string } | { kind: 'external'; packageName: string } | { kind: 'unresolved' };

export interface ModuleResolver {
  /** Where an import specifier written in `fromFile` (absolute) leads; file paths are absolute. */
  resolve(specifier: string, fromFile: string): ResolvedImport;
  /** With verbatimModuleSyntax, `import { type A } from 'x'` still loads 'x' at run time. */
  readonly verbatimModuleSyntax: boolean;
}

/** The project's compiler options, read with the TypeScript API the resolver loaded. */
export type CompilerOptionsReader = (ts: typeof TypeScript) => TypeScript.CompilerOptions;

const requireModule = createRequire(import.meta.url);

/**
 * The one module resolver of Plumbline: the ESLint rules, the analyzers and the
 * architecture checks all place an import's target with it. It resolves the way
 * the TypeScript compiler does (relative, tsconfig `paths`, package
 * `exports`/`imports` subpaths). Relative specifiers are found from one cached
 * directory listing per folder; TypeScript itself is loaded only when a
 * specifier needs it (a warm analyzer run may never load it).
 */
export function createModuleResolver(root: string, readOptions: CompilerOptionsReader): ModuleResolver {
  let compiler: ReturnType<typeof createCompilerResolver> | undefined;
  const typeScript = () => (compiler ??= createCompilerResolver(root, readOptions));
  const memo = new Map<string, ResolvedImport>();
  const files = createDirectoryIndex();

  return {
    get verbatimModuleSyntax() {
      return typeScript().options.verbatimModuleSyntax === true;
    },
    resolve(specifier, fromFile) {
      const key = `${path.dirname(fromFile)}\0${specifier}`;
      const known = memo.get(key);
      if (known) return known;
      // Most imports are relative: find the file with one directory listing instead
      // of the compiler's probing. Anything unusual still goes to TypeScript.
      const direct = specifier.startsWith('.') ? resolveRelative(specifier, fromFile, files) : undefined;
      const result = direct
        ? { kind: 'file' as const, path: direct }
        : classify(specifier, fromFile, typeScript().resolve(specifier, fromFile));
      memo.set(key, result);
      return result;
    },
  };
}

function createCompilerResolver(root: string, readOptions: CompilerOptionsReader) {
  const ts = requireModule('typescript') as typeof TypeScript;
  const options = readOptions(ts);
  // Retried with bundler resolution when the project's own mode cannot resolve a
  // specifier (e.g. `#imports` or extensionless paths under node10 resolution).
  const fallbackOptions: TypeScript.CompilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host: TypeScript.ModuleResolutionHost = ts.sys;
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const fallbackCache = ts.createModuleResolutionCache(root, (name) => name, fallbackOptions);
  return {
    options,
    resolve(specifier: string, fromFile: string): TypeScript.ResolvedModuleFull | undefined {
      const mode = ts.getImpliedNodeFormatForFile(fromFile, cache.getPackageJsonInfoCache(), host, options);
      return (
        ts.resolveModuleName(specifier, fromFile, options, host, cache, undefined, mode).resolvedModule ??
        ts.resolveModuleName(specifier, fromFile, fallbackOptions, host, fallbackCache).resolvedModule
      );
    },
  };
}

/** Extensions TypeScript maps a written `.js` (or none) to, in the compiler's order. */
const SOURCE_FOR_EMITTED: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts', '.js', '.jsx'],
  '.mjs': ['.mts', '.d.mts', '.mjs'],
  '.cjs': ['.cts', '.d.cts', '.cjs'],
  '.jsx': ['.tsx', '.jsx'],
};
const EXTENSIONLESS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts'];

function resolveRelative(specifier: string, fromFile: string, files: DirectoryIndex): string | undefined {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const extension = path.extname(target);
  const emitted = SOURCE_FOR_EMITTED[extension];
  if (emitted) {
    const stem = target.slice(0, -extension.length);
    return emitted.map((ext) => stem + ext).find((candidate) => files.has(candidate));
  }
  if (['.ts', '.tsx', '.mts', '.cts'].includes(extension) && files.has(target)) return target;
  const asFile = EXTENSIONLESS.map((ext) => target + ext).find((candidate) => files.has(candidate));
  return asFile ?? EXTENSIONLESS.map((ext) => path.join(target, `index${ext}`)).find((candidate) => files.has(candidate));
}

interface DirectoryIndex {
  has(file: string): boolean;
}

/** File existence from one cached listing per directory: a project lints many files per folder. */
function createDirectoryIndex(): DirectoryIndex {
  const listings = new Map<string, Set<string> | undefined>();
  return {
    has(file) {
      const dir = path.dirname(file);
      if (!listings.has(dir)) {
        let names: Set<string> | undefined;
        try {
          names = new Set(
            readdirSync(dir, { withFileTypes: true })
              .filter((e) => e.isFile() || e.isSymbolicLink())
              .map((e) => e.name),
          );
        } catch {
          names = undefined;
        }
        listings.set(dir, names);
      }
      return listings.get(dir)?.has(path.basename(file)) ?? false;
    },
  };
}

function classify(specifier: string, fromFile: string, resolved: TypeScript.ResolvedModuleFull | undefined): ResolvedImport {
  if (resolved) {
    const file = path.resolve(resolved.resolvedFileName);
    if (resolved.isExternalLibraryImport || file.split(path.sep).includes('node_modules')) {
      return { kind: 'external', packageName: packageNameOf(specifier) };
    }
    return { kind: 'file', path: file };
  }
  // A relative import of a file that does not exist (yet) still points into a
  // folder, and the folder decides the layer.
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return { kind: 'file', path: path.resolve(path.dirname(fromFile), specifier) };
  }
  // An unresolvable `#subpath` belongs to the project but names no file we can place.
  if (specifier.startsWith('#')) return { kind: 'unresolved' };
  return { kind: 'external', packageName: packageNameOf(specifier) };
}

/** `lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
