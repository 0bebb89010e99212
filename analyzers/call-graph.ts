import type { CallRef, ReExport } from './module-facts.js';
import type { ModuleLocator } from './module-locator.js';

/** What the call graph needs of one file's facts: its functions (by name, with their calls) and what it exports. */
export interface LinkableFacts<Fn extends { name: string; calls: readonly CallRef[] }> {
  functions: readonly Fn[];
  /** Local names exported under a name: `export { save as store }` is `{ exported: 'store', local: 'save' }`. */
  exports: ReadonlyArray<{ exported: string; local: string }>;
  reExports: readonly ReExport[];
  starExports: readonly string[];
}

export interface FunctionRef {
  file: string;
  name: string;
}

export interface CallGraph<Fn> {
  function(ref: FunctionRef): Fn | undefined;
  /** The function a call runs, when it is one the project defines. */
  resolve(file: string, call: CallRef): FunctionRef | undefined;
  /** The function a reference names (a handler passed by name), when the project defines it. */
  resolveTarget(file: string, target: CallRef['target']): FunctionRef | undefined;
}

/** Links every file's calls to the functions the project defines, following exports, re-exports and `export *`. */
export function buildCallGraph<Fn extends { name: string; calls: readonly CallRef[] }>(
  facts: ReadonlyMap<string, LinkableFacts<Fn>>,
  locate: ModuleLocator,
): CallGraph<Fn> {
  const functions = new Map<string, Map<string, Fn>>();
  for (const [file, fileFacts] of facts) functions.set(file, new Map(fileFacts.functions.map((fn) => [fn.name, fn])));
  const exported = createExportResolver(facts, locate, (file, name) => functions.get(file)?.has(name) ?? false);
  const resolveTarget = (file: string, target: CallRef['target']): FunctionRef | undefined => {
    if ('local' in target) return functions.get(file)?.has(target.local) ? { file, name: target.local } : undefined;
    const module = locate(target.binding.specifier, file);
    return module.kind === 'file' ? exported(module.path, target.binding.path) : undefined;
  };
  return {
    function: (ref) => functions.get(ref.file)?.get(ref.name),
    resolve: (file, call) => resolveTarget(file, call.target),
    resolveTarget,
  };
}

/**
 * Finds what a file exports under a chain of names (`['repository', 'save']`), as a
 * local name that `defines` accepts, following re-exports and `export *` across files.
 */
export function createExportResolver(
  facts: ReadonlyMap<string, Omit<LinkableFacts<never>, 'functions'>>,
  locate: ModuleLocator,
  defines: (file: string, name: string) => boolean,
): (file: string, names: readonly string[]) => FunctionRef | undefined {
  const exported = (file: string, names: readonly string[], visiting: Set<string>): FunctionRef | undefined => {
    const fileFacts = facts.get(file);
    const [head, ...rest] = names;
    if (!fileFacts || head === undefined) return undefined;
    const key = `${file}\0${names.join('\0')}`;
    if (visiting.has(key)) return undefined; // a re-export cycle defines nothing
    visiting.add(key);
    try {
      for (const entry of fileFacts.exports) {
        if (entry.exported !== head) continue;
        const name = [entry.local, ...rest].join('.');
        if (defines(file, name)) return { file, name };
      }
      for (const entry of fileFacts.reExports) {
        if (entry.exported !== head) continue;
        const module = locate(entry.specifier, file);
        const found = module.kind === 'file' ? exported(module.path, [...entry.path, ...rest], visiting) : undefined;
        if (found) return found;
      }
      // `export *` never forwards a default export.
      if (head === 'default') return undefined;
      for (const specifier of fileFacts.starExports) {
        const module = locate(specifier, file);
        const found = module.kind === 'file' ? exported(module.path, names, visiting) : undefined;
        if (found) return found;
      }
      return undefined;
    } finally {
      visiting.delete(key);
    }
  };
  return (file, names) => exported(file, names, new Set());
}
