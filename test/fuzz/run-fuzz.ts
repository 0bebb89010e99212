import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import fc from 'fast-check';
import { parseSync } from 'oxc-parser';
import ts from 'typescript';
import { parseSource } from '../../analyzers/parser.js';
import { parseOperationsOptions } from '../../analyzers/operations.js';
import { createOperationExtractor } from '../../analyzers/operations/extract.js';
import { OperationFactsSchema } from '../../analyzers/operations/facts.js';
import { createTransactionExtractor } from '../../analyzers/transactions/extract.js';
import { TransactionFactsSchema } from '../../analyzers/transactions/facts.js';
import { resolveConfig } from '../../config/resolve.js';
import { configForResolved } from '../../rules/plugin.js';
import { fuzzCaseArbitrary, type FuzzCase } from './ts-sources.js';

/**
 * The fuzz harness shared by the bounded test (test/fuzz/static-fuzz.test.ts)
 * and the long run (`npm run fuzz`): every rule (ESLint's Linter, the plugin's
 * recommended config bound to a hoc config) and every analyzer extractor
 * (operations, transactions) over each generated source. A case fails when
 * anything throws, when it takes longer than the per-case bound, or when a
 * finding or fact points outside the file.
 */

export const DEFAULT_FUZZ_SEED = 20261126;
/**
 * Generous, since a hang never ends: a small file lints in milliseconds, a 1 MB
 * one in 10-30 s on a loaded 2-core machine (every rule walks its tree), so the
 * bound grows with the size: base + per-MB.
 */
export const DEFAULT_CASE_BOUND_MS = 60_000;
const BOUND_MS_PER_MB = 240_000;

/** The time bound of one case of `bytes` characters. */
export function caseBound(baseMs: number, length: number): number {
  return Math.round(baseMs + (BOUND_MS_PER_MB * length) / (1024 * 1024));
}
const BATCH = 50;

export interface FuzzFailure {
  index: number;
  file: string;
  shape: string;
  problem: string;
  /** The start of the source, JSON-quoted, to reproduce from. */
  preview: string;
}

export interface FuzzRun {
  seed: number;
  casesRun: number;
  failures: FuzzFailure[];
  /** Findings checked for staying within their file, over all cases. */
  findingsChecked: number;
  /** How many cases of each mutilation ran. */
  shapes: Record<string, number>;
}

export interface FuzzOptions {
  cases: number;
  seed?: number;
  caseBoundMs?: number;
  /** Include 1 MB files (default true; the bounded test leaves them to the long run). */
  huge?: boolean;
  /** Called before each case (the long run's watchdog reads it to name a hung case). */
  onCase?: (index: number, fuzzCase: FuzzCase) => void;
}

/** The cases of a run, generated batch by batch (a run of 10,000 never holds them all in memory), reproducible from the seed. */
export function* fuzzCases(seed: number, count: number, options: { huge: boolean } = { huge: true }): Generator<FuzzCase> {
  const arbitrary = fuzzCaseArbitrary(options);
  for (let start = 0, batch = 0; start < count; start += BATCH, batch++) {
    yield* fc.sample(arbitrary, { seed: seed + batch, numRuns: Math.min(BATCH, count - start) });
  }
}

export function runFuzz(options: FuzzOptions): FuzzRun {
  const seed = options.seed ?? DEFAULT_FUZZ_SEED;
  const bound = options.caseBoundMs ?? DEFAULT_CASE_BOUND_MS;
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-fuzz-'));
  try {
    const config = resolveConfig({ preset: 'hoc', include: ['src/**/*.{ts,tsx,mts,cts}'] }, { cwd: root });
    const lintConfig = [configForResolved(config) as Linter.Config];
    const linter = new Linter({ configType: 'flat', cwd: root });
    const extractOperations = createOperationExtractor(parseOperationsOptions({}));
    const extractTransactions = createTransactionExtractor({ flushCommits: true, extraCalls: ['*.commitWork', 'uow.run'] });
    const run: FuzzRun = { seed, casesRun: 0, failures: [], findingsChecked: 0, shapes: {} };
    let index = 0;
    for (const fuzzCase of fuzzCases(seed, options.cases, { huge: options.huge ?? true })) {
      options.onCase?.(index, fuzzCase);
      const started = performance.now();
      const problems: string[] = [];
      try {
        const messages = linter.verify(fuzzCase.text, lintConfig, { filename: path.join(root, fuzzCase.file) });
        problems.push(...messages.flatMap((message) => positionProblems(fuzzCase.text, message)));
        run.findingsChecked += messages.length;
        problems.push(...extractorProblems(fuzzCase, extractOperations, extractTransactions));
      } catch (error) {
        problems.push(
          `threw: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error)}`,
        );
      }
      const elapsed = performance.now() - started;
      const allowed = caseBound(bound, fuzzCase.text.length);
      if (elapsed > allowed) problems.push(`took ${Math.round(elapsed)} ms, over the per-case bound of ${allowed} ms`);
      for (const problem of problems) {
        run.failures.push({
          index,
          file: fuzzCase.file,
          shape: fuzzCase.shape,
          problem,
          preview: JSON.stringify(fuzzCase.text.slice(0, 160)),
        });
      }
      run.shapes[fuzzCase.shape] = (run.shapes[fuzzCase.shape] ?? 0) + 1;
      run.casesRun++;
      index++;
    }
    return run;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Lines as ESLint counts them (after a BOM): \r\n, \r, \n, U+2028 and U+2029 each end one. */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|[\r\n\u2028\u2029]/);
}

function positionProblems(text: string, message: Linter.LintMessage): string[] {
  const lines = linesOf(text);
  const problems: string[] = [];
  const where = `${message.ruleId ?? 'fatal'} at ${message.line}:${message.column}`;
  // ESLint reports a parser that gave up (its stack exhausted by nesting) as a fatal message with no position:
  // Plumbline turns it into a parse-error finding on the whole file (line 0), which is within the file.
  if (message.fatal && message.line === undefined && message.column === undefined) return [];
  const lineOk = (line: number | undefined) => line !== undefined && Number.isInteger(line) && line >= 1 && line <= lines.length;
  const columnOk = (line: number, column: number | undefined) =>
    column !== undefined && Number.isInteger(column) && column >= 0 && column <= (lines[line - 1] ?? '').length + 1;
  if (!lineOk(message.line)) problems.push(`${where}: line outside the file's ${lines.length} line(s)`);
  else if (!columnOk(message.line, message.column)) problems.push(`${where}: column outside line ${message.line}`);
  if (message.endLine !== undefined) {
    if (!lineOk(message.endLine)) problems.push(`${where}: endLine ${message.endLine} outside the file's ${lines.length} line(s)`);
    else if (!columnOk(message.endLine, message.endColumn))
      problems.push(`${where}: endColumn ${message.endColumn} outside line ${message.endLine}`);
    else if (message.endLine < message.line || (message.endLine === message.line && (message.endColumn ?? 0) < message.column)) {
      problems.push(`${where}: ends before it starts (${message.endLine}:${message.endColumn})`);
    }
  }
  return problems;
}

function scriptKindOf(file: string): ts.ScriptKind {
  return file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/**
 * The extractors see what the analyzers give them: a file oxc parsed
 * without syntax errors (a file with errors is skipped, by design). Their facts
 * must satisfy the cache schema (or the next run would call the cache corrupt)
 * and every position must lie in the file.
 */
function extractorProblems(
  fuzzCase: FuzzCase,
  extractOperations: ReturnType<typeof createOperationExtractor>,
  extractTransactions: ReturnType<typeof createTransactionExtractor>,
): string[] {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(fuzzCase.file, fuzzCase.text, ts.ScriptTarget.Latest, true, scriptKindOf(fuzzCase.file));
  } catch (error) {
    // analyzers/project.ts catches this and reports the file as skipped (a finding); anything but stack exhaustion is a bug.
    return isStackExhaustion(error) ? [] : [`the TypeScript parser threw: ${String(error)}`];
  }
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) return [];
  // analyzers/parser.ts: a file oxc cannot parse is skipped with a reason, never handed to an extractor.
  const parsedFile = parseSource(parseSync, fuzzCase.file, fuzzCase.text);
  if (parsedFile.kind === 'skipped') return [];
  const lineCount = sourceFile.getLineStarts().length;
  const problems: string[] = [];
  for (const [name, extract, schema] of [
    ['operations', extractOperations, OperationFactsSchema],
    ['transactions', extractTransactions, TransactionFactsSchema],
  ] as const) {
    let facts: unknown;
    try {
      facts = extract(parsedFile.file);
    } catch (error) {
      // analyzers/facts.ts reports a throwing extractor as a skipped file; only nesting deeper than the stack may get there.
      if (!isStackExhaustion(error))
        problems.push(
          `${name} extractor threw: ${error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 3).join(' | ') : String(error)}`,
        );
      continue;
    }
    const parsed = schema.safeParse(facts);
    if (!parsed.success)
      problems.push(
        `${name} facts break their schema: ${parsed.error.issues[0]?.message ?? ''} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`,
      );
    for (const line of linesIn(facts)) {
      if (line < 1 || line > lineCount) problems.push(`${name} facts point at line ${line} of ${lineCount}`);
    }
  }
  return problems;
}

/** Every `line` number anywhere in a facts object. */
function linesIn(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) for (const item of value) linesIn(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'line' && typeof item === 'number') out.push(item);
      else linesIn(item, out);
    }
  }
  return out;
}

function isStackExhaustion(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
