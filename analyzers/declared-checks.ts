import type { InvariantFacts } from './operations/facts.js';
import { literalOf } from './operations/findings.js';
import type { DeclaredOperation } from './operations/link.js';
import { codeSpan } from './rules.js';

/** One invariant or forbidden state as declared in source, with where it is declared. */
export interface DeclaredCheck {
  readonly operationId: string;
  /** null when the `critical` flag is not a literal (then treated as critical). */
  readonly critical: boolean | null;
  readonly kind: 'invariant' | 'forbidden';
  readonly checkId: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A check whose operation id or own id cannot be read statically, so no evidence can be matched to it. */
export interface UnreadableCheck {
  readonly kind: 'invariant' | 'forbidden';
  readonly reason: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface DeclaredChecks {
  /** Sorted by operation id, kind, check id. */
  readonly checks: DeclaredCheck[];
  readonly unreadable: UnreadableCheck[];
}

/** Every invariant and forbidden state the project declares, read from the operation facts. */
export function declaredChecks(operations: readonly DeclaredOperation[]): DeclaredChecks {
  const checks: DeclaredCheck[] = [];
  const unreadable: UnreadableCheck[] = [];
  for (const operation of operations) {
    const declaration = operation.declaration;
    if ('expression' in declaration) continue;
    const operationId = literalOf(declaration.id);
    const critical = declaration.critical === null ? false : 'literal' in declaration.critical ? declaration.critical.literal : null;
    const collect = (kind: DeclaredCheck['kind'], entries: readonly InvariantFacts[]) => {
      for (const entry of entries) {
        const at = { file: operation.file, line: entry.line, column: entry.column };
        const checkId = literalOf(entry.id);
        if (operationId === undefined) unreadable.push({ kind, reason: 'its operation id is not a string literal', ...at });
        else if (checkId === undefined) {
          const why =
            entry.id === null
              ? 'it declares no id'
              : `its id is not a string literal (${codeSpan('expression' in entry.id ? entry.id.expression : entry.id.literal)})`;
          unreadable.push({ kind, reason: why, ...at });
        } else checks.push({ operationId, critical, kind, checkId, ...at });
      }
    };
    if (Array.isArray(declaration.invariants)) collect('invariant', declaration.invariants);
    const spec = declaration.spec;
    if (spec !== null && !('expression' in spec)) collect('forbidden', spec.forbiddenStates);
  }
  const order = (a: DeclaredCheck, b: DeclaredCheck) =>
    a.operationId < b.operationId
      ? -1
      : a.operationId > b.operationId
        ? 1
        : a.kind < b.kind
          ? -1
          : a.kind > b.kind
            ? 1
            : a.checkId < b.checkId
              ? -1
              : a.checkId > b.checkId
                ? 1
                : 0;
  checks.sort(order);
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { checks, unreadable };
}
