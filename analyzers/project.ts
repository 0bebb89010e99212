import type TypeScript from 'typescript';
import type { ResolvedConfig } from '../config/resolve.js';
import { readCompilerOptions } from '../config/compiler-options.js';
import { compareText } from '../core/finding-order.js';
import { DEFAULT_MAX_FILE_BYTES, listAnalyzedFiles, statSourceFiles, type SkippedFile } from './source-files.js';

export type TypeScriptApi = typeof TypeScript;

type ParseOutcome = { kind: 'parsed'; sourceFile: TypeScript.SourceFile } | { kind: 'skipped'; reason: string };

/**
 * TypeScript trees of a whole project, for callers that want them. The analyzers parse
 * with oxc-parser instead (parser.ts); this is not on their path.
 */
let typescript: Promise<TypeScriptApi> | undefined;

/** Loads TypeScript on demand: only loadProject, for callers that want TypeScript's own trees, pays for it. */
export function loadTypeScript(): Promise<TypeScriptApi> {
  typescript ??= import('typescript').then((loaded) => loaded.default);
  return typescript;
}

function parseOne(ts: TypeScriptApi, absolutePath: string, text: string): ParseOutcome {
  try {
    // Parent pointers: callers of loadProject may walk up (`.parent`) as well as down. JSDoc is not read.
    const sourceFile = ts.createSourceFile(
      absolutePath,
      text,
      { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
      true,
    );
    const diagnostics = parseDiagnosticsOf(ts, sourceFile);
    const first = diagnostics[0];
    if (first === undefined) return { kind: 'parsed', sourceFile };
    // Facts read from a recovered tree could be wrong; skip the file rather than guess.
    const where = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    return {
      kind: 'skipped',
      reason: `syntax error at ${where.line + 1}:${where.character + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}`,
    };
  } catch (error) {
    return { kind: 'skipped', reason: `the TypeScript parser failed on this file: ${firstLine(error)}` };
  }
}

/**
 * The parser's own diagnostics, which TypeScript keeps on the source file. The
 * field is internal, so fall back to a one-file program's syntactic diagnostics if it moves.
 */
function parseDiagnosticsOf(ts: TypeScriptApi, sourceFile: TypeScript.SourceFile): readonly TypeScript.Diagnostic[] {
  const internal = (sourceFile as { parseDiagnostics?: readonly TypeScript.Diagnostic[] }).parseDiagnostics;
  if (Array.isArray(internal)) return internal as readonly TypeScript.Diagnostic[];
  const host = ts.createCompilerHost({ noLib: true, noResolve: true });
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, ...rest) => (fileName === sourceFile.fileName ? sourceFile : getSourceFile(fileName, ...rest));
  return ts.createProgram([sourceFile.fileName], { noLib: true, noResolve: true }, host).getSyntacticDiagnostics(sourceFile);
}

export interface LoadedProject {
  /** From the project's tsconfig. */
  compilerOptions: TypeScript.CompilerOptions;
  /** Parsed source files, sorted by path. */
  sourceFiles: TypeScript.SourceFile[];
  skipped: SkippedFile[];
}

/** Parses every source file of the project (include minus exclude). */
export async function loadProject(config: ResolvedConfig, options: { maxFileBytes?: number } = {}): Promise<LoadedProject> {
  const files = listAnalyzedFiles(config);
  const { inputs, skipped } = statSourceFiles(config, files, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const ts = await loadTypeScript();
  const compilerOptions = readCompilerOptions(config, ts);
  const sourceFiles: TypeScript.SourceFile[] = [];
  for (const input of inputs) {
    let outcome: ParseOutcome;
    try {
      outcome = parseOne(ts, input.absolutePath, input.text());
    } catch (error) {
      outcome = { kind: 'skipped', reason: `file could not be read: ${firstLine(error)}` };
    }
    if (outcome.kind === 'parsed') sourceFiles.push(outcome.sourceFile);
    else skipped.push({ path: input.path, reason: outcome.reason });
  }
  return { compilerOptions, sourceFiles, skipped: skipped.sort((a, b) => compareText(a.path, b.path)) };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
