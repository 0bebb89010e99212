import type { Project, SourceFile, ts as TypeScript } from 'ts-morph';
import type { ResolvedConfig } from '../config/resolve.js';
import { readCompilerOptions } from '../config/compiler-options.js';
import { compareText } from '../config/finding-order.js';
import { DEFAULT_MAX_FILE_BYTES, listAnalyzedFiles, statSourceFiles, type SkippedFile, type SourceInput } from './source-files.js';

export type TypeScriptApi = typeof TypeScript;

export type ParseOutcome = { kind: 'parsed'; sourceFile: SourceFile } | { kind: 'skipped'; reason: string };

/**
 * A ts-morph Project that holds only the files handed to it: no files from the
 * tsconfig's own include, no dependency resolution, no lib files, no type check.
 */
export interface ProjectParser {
  readonly project: Project;
  /** The TypeScript that ts-morph bundles (its AST is what extractors walk). */
  readonly ts: TypeScriptApi;
  readonly compilerOptions: TypeScript.CompilerOptions;
  /** Parses a file once per content; a file that does not parse is skipped with a reason, never thrown. */
  parse(input: SourceInput): ParseOutcome;
  /** Files parsed by this parser so far (the measure of a warm run's work). */
  readonly parsedFiles: number;
}

let tsMorph: Promise<typeof import('ts-morph')> | undefined;

/** Loads ts-morph on demand: a warm run whose files are all cached never pays for it. */
export async function createProjectParser(config: ResolvedConfig): Promise<ProjectParser> {
  tsMorph ??= import('ts-morph');
  const { Project, ts } = await tsMorph;
  const compilerOptions = readCompilerOptions<TypeScript.CompilerOptions>(config, ts);
  const project = new Project({
    compilerOptions,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const outcomes = new Map<string, { hash: string; outcome: ParseOutcome }>();
  let parsedFiles = 0;
  return {
    project,
    ts,
    compilerOptions,
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
      const outcome = parseOne(project, ts, input.absolutePath, input.text());
      outcomes.set(input.absolutePath, { hash, outcome });
      return outcome;
    },
  };
}

function parseOne(project: Project, ts: TypeScriptApi, absolutePath: string, text: string): ParseOutcome {
  try {
    const sourceFile = project.createSourceFile(absolutePath, text, { overwrite: true });
    const diagnostics = parseDiagnosticsOf(project, sourceFile);
    const first = diagnostics[0];
    if (first === undefined) return { kind: 'parsed', sourceFile };
    const where = sourceFile.compilerNode.getLineAndCharacterOfPosition(first.start ?? 0);
    // Facts read from a recovered tree could be wrong; skip the file rather than guess.
    project.removeSourceFile(sourceFile);
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
 * field is internal, so fall back to the public (slower) program API if it moves.
 */
function parseDiagnosticsOf(project: Project, sourceFile: SourceFile): readonly TypeScript.Diagnostic[] {
  const internal = (sourceFile.compilerNode as { parseDiagnostics?: readonly TypeScript.Diagnostic[] }).parseDiagnostics;
  if (Array.isArray(internal)) return internal;
  return project.getProgram().compilerObject.getSyntacticDiagnostics(sourceFile.compilerNode);
}

export interface LoadedProject {
  project: Project;
  /** Parsed source files, sorted by path. */
  sourceFiles: SourceFile[];
  skipped: SkippedFile[];
}

/** Loads every source file of the project (include minus exclude) into one ts-morph Project. */
export async function loadProject(config: ResolvedConfig, options: { maxFileBytes?: number } = {}): Promise<LoadedProject> {
  const files = listAnalyzedFiles(config);
  const { inputs, skipped } = statSourceFiles(config, files, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const parser = await createProjectParser(config);
  const sourceFiles: SourceFile[] = [];
  for (const input of inputs) {
    const outcome = parser.parse(input);
    if (outcome.kind === 'parsed') sourceFiles.push(outcome.sourceFile);
    else skipped.push({ path: input.path, reason: outcome.reason });
  }
  return { project: parser.project, sourceFiles, skipped: skipped.sort((a, b) => compareText(a.path, b.path)) };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
