import { createRequire } from 'node:module';
import path from 'node:path';
import type { ParserOptions } from 'oxc-parser';
import { ParsedFile } from './parsed-file.js';
import type { SourceInput } from './source-files.js';

export type ParseOutcome = { kind: 'parsed'; file: ParsedFile } | { kind: 'skipped'; reason: string };

/**
 * Parses files one at a time with oxc-parser: syntax only, no type check, no
 * other file. The extractors read one file's tree alone, so nothing more is
 * needed. TypeScript is not loaded for this: a cold run pays one native parse per file.
 */
export interface ProjectParser {
  /** Parses a file once per content; a file that does not parse is skipped with a reason, never thrown. */
  parse(input: SourceInput): ParseOutcome;
  /** Files parsed by this parser so far (the measure of a warm run's work). */
  readonly parsedFiles: number;
}

type ParseSync = typeof import('oxc-parser').parseSync;

/** Part of every fact cache key: facts read by another parser are not reused. */
export const PARSER_ID = `oxc-parser@${(createRequire(import.meta.url)('oxc-parser/package.json') as { version: string }).version}`;

let loaded: Promise<ParseSync> | undefined;

/** Loads the native parser on demand: a warm run whose files are all cached never pays for it. */
function loadParser(): Promise<ParseSync> {
  loaded ??= import('oxc-parser').then((module) => module.parseSync);
  return loaded;
}

export async function createProjectParser(): Promise<ProjectParser> {
  const parseSync = await loadParser();
  const outcomes = new Map<string, { hash: string; outcome: ParseOutcome }>();
  let parsedFiles = 0;
  return {
    get parsedFiles() {
      return parsedFiles;
    },
    parse(input) {
      let hash: string;
      try {
        hash = input.hash();
      } catch (error) {
        return { kind: 'skipped', reason: `file could not be read: ${firstLine(error)}` };
      }
      const known = outcomes.get(input.absolutePath);
      if (known && known.hash === hash) return known.outcome;
      parsedFiles++;
      const outcome = parseSource(parseSync, input.absolutePath, input.text());
      outcomes.set(input.absolutePath, { hash, outcome });
      return outcome;
    },
  };
}

/** The dialect by extension, as TypeScript chose its script kind: JSX only in .tsx and in JavaScript files. */
export function parseOptionsFor(absolutePath: string): ParserOptions {
  const extension = path.extname(absolutePath).toLowerCase();
  const lang = extension === '.tsx' ? 'tsx' : ['.js', '.jsx', '.mjs', '.cjs'].includes(extension) ? 'jsx' : 'ts';
  // astType 'ts': JavaScript files get the same node shape (importKind, exportKind) as TypeScript ones.
  return { lang, astType: 'ts', sourceType: 'unambiguous', preserveParens: true };
}

/** One file's tree, or why it has none. */
export function parseSource(parseSync: ParseSync, absolutePath: string, text: string): ParseOutcome {
  try {
    const result = parseSync(absolutePath, text, parseOptionsFor(absolutePath));
    const file = new ParsedFile(text, result.program);
    const errors = result.errors.filter((error) => (error.severity as string) === 'Error');
    const first = errors[0];
    if (first === undefined) return { kind: 'parsed', file };
    // Facts read from a recovered tree could be wrong; skip the file rather than guess.
    const where = file.position(first.labels[0]?.start ?? 0);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return { kind: 'skipped', reason: `syntax error at ${where.line}:${where.column}: ${first.message}${more}` };
  } catch (error) {
    return { kind: 'skipped', reason: `the parser failed on this file: ${firstLine(error)}` };
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
