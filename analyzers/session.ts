import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { isInsideProject } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { analyzerCacheDir } from './cache.js';
import { createProjectParser, type ProjectParser } from './parser.js';
import { DEFAULT_MAX_FILE_BYTES, listAnalyzedFiles, statSourceFiles, type SkippedFile, type SourceInput } from './source-files.js';

export interface SessionOptions {
  /**
   * Every source file of the project (absolute, or relative to the root), when the caller
   * has listed them already (the static gate lists the same set); default: include/exclude.
   * Whole-project findings assume the list is complete.
   */
  files?: readonly string[];
  /** false: no cache is read or written. Default: `<root>/.plumbline/cache/analyzers`. */
  cache?: boolean;
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/**
 * One run over one project: the files read and hashed once, and a parser
 * created only if some analyzer misses its cache. Every analyzer of the run shares it.
 */
export interface AnalysisSession {
  readonly config: ResolvedConfig;
  /** Every listed file, absolute and sorted, including those skipped below. */
  readonly files: readonly string[];
  readonly inputs: readonly SourceInput[];
  /** Files that could not be stat'ed, or are too large. */
  readonly skipped: readonly SkippedFile[];
  readonly cacheDir: string | undefined;
  readonly signal: AbortSignal | undefined;
  parser(): Promise<ProjectParser>;
  /** Files parsed so far in this session (0 when everything came from caches). */
  parsedFiles(): number;
  progress(message: string): void;
}

// async without an await: a bad option or an abort rejects, as every later failure of the session does.
// eslint-disable-next-line @typescript-eslint/require-await
export async function openSession(config: ResolvedConfig, options: SessionOptions = {}): Promise<AnalysisSession> {
  options.signal?.throwIfAborted();
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new ConfigError(config.configFile, [
      { path: 'analyzers.maxFileBytes', message: `expected a positive whole number of bytes, got ${maxFileBytes}` },
    ]);
  }
  const files = options.files
    ? [...new Set(options.files.map((file) => path.resolve(config.root, file)))].sort()
    : listAnalyzedFiles(config);
  const { inputs, skipped } = statSourceFiles(config, files, maxFileBytes);
  let parser: Promise<ProjectParser> | undefined;
  let created: ProjectParser | undefined;
  return {
    config,
    files,
    inputs,
    skipped,
    // A cache folder linked out of the project is not written through: the run goes uncached.
    cacheDir:
      options.cache === false || !isInsideProject(config.root, analyzerCacheDir(config.root)) ? undefined : analyzerCacheDir(config.root),
    signal: options.signal,
    parser() {
      parser ??= createProjectParser().then((made) => (created = made));
      return parser;
    },
    parsedFiles: () => created?.parsedFiles ?? 0,
    progress: (message) => options.onProgress?.(message),
  };
}
