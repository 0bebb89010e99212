import type { LocatedModule, ModuleLocator } from '../module-locator.js';
import { DEFINE_OPERATION, type CallSite, type DeclarationCall, type OperationFacts } from './facts.js';

/** A `defineOperation` call, confirmed across files, where it was made. */
export interface DeclaredOperation {
  file: string;
  line: number;
  column: number;
  declaration: DeclarationCall['declaration'];
}

export interface ExecutedOperation extends CallSite {
  file: string;
}

export interface LinkedOperations {
  /** In file, then source order. */
  operations: DeclaredOperation[];
  callSites: ExecutedOperation[];
}

/**
 * Keeps the candidate calls whose callee really is the runtime's `defineOperation`:
 * imported from a runtime module directly, or through project modules that
 * re-export it (renamed, as a namespace, through `export *`), to any depth.
 */
export function linkOperations(facts: ReadonlyMap<string, OperationFacts>, locate: ModuleLocator): LinkedOperations {
  const operations: DeclaredOperation[] = [];
  const callSites: ExecutedOperation[] = [];

  const exportsDefine = (module: LocatedModule, names: readonly string[], visiting: Set<string>): boolean => {
    if (module.kind === 'runtime') return names.length === 1 && names[0] === DEFINE_OPERATION;
    if (module.kind === 'none' || names.length === 0) return false;
    const key = `${module.path}\0${names.join('\0')}`;
    if (visiting.has(key)) return false; // a re-export cycle declares nothing
    const fileFacts = facts.get(module.path);
    if (!fileFacts) return false;
    visiting.add(key);
    const [head, ...rest] = names;
    const found =
      fileFacts.reExports.some(
        (entry) => entry.exported === head && exportsDefine(locate(entry.specifier, module.path), [...entry.path, ...rest], visiting),
      ) ||
      // `export *` never forwards a default export.
      (head !== 'default' && fileFacts.starExports.some((specifier) => exportsDefine(locate(specifier, module.path), names, visiting)));
    visiting.delete(key);
    return found;
  };

  for (const [file, fileFacts] of facts) {
    for (const call of fileFacts.declarations) {
      if (exportsDefine(locate(call.callee.specifier, file), call.callee.path, new Set())) {
        operations.push({ file, line: call.line, column: call.column, declaration: call.declaration });
      }
    }
    for (const site of fileFacts.callSites) callSites.push({ file, ...site });
  }
  return { operations, callSites };
}
