import path from 'node:path';
import type { TransactionStep } from '../../core/transaction-vocabulary.js';

/**
 * What init reads from one source file's syntax (cli/init/read-source-evidence.ts) to judge
 * layers by what their code does, not only by their names: who really owns transactions,
 * and which shared code is pure.
 */
export interface FileEvidence {
  /** Project-relative, forward slashes. */
  file: string;
  /** The transaction steps the file takes (begin, commit, rollback), in the vocabulary of every client Plumbline knows. */
  transactionSteps: TransactionStep[];
  /** A function of the file that takes a step also runs work its caller hands it (`uow.run(work)`): a unit of work. */
  runsCallerWork: boolean;
  /** Specifiers of its value imports, re-exports, `import()` and `require()` (type-only imports aside). */
  imports: string[];
  /** Ambient effects it reads, as written: `Date.now`, `new Date()`, `process.env`, `uuid.v4`, `console`. */
  ambientEffects: string[];
}

const RESOLVED_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

/** `./money` from `packages/shared/src/index.ts` -> `packages/shared/src/money.ts`, when that is a source file. */
export function resolveRelativeImport(from: string, specifier: string, sources: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(from), specifier.replace(/\.[cm]?js$/, ''));
  return RESOLVED_EXTENSIONS.map((extension) => `${base}${extension}`).find((candidate) => sources.has(candidate));
}
