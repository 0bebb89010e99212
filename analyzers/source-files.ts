import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { toProjectPath } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { listSourceFiles } from '../config/source-files.js';

/**
 * A source file as the analyzers see it: stat'ed up front, read and hashed only
 * when a cache cannot vouch for it from its stat, parsed only on a cache miss.
 */
export interface SourceInput {
  absolutePath: string;
  /** Project-relative, forward slashes: the key of every fact and finding. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Clock time just before the stat: how old the file was when it was seen. */
  seenAt: number;
  /** The text, read once; throws if the file cannot be read. */
  text(): string;
  /** sha256 of the text. */
  hash(): string;
  /** Whether text() has been called (a measure of a warm run's work). */
  wasRead(): boolean;
}

/** A file the analyzers did not look into, and why. Never silent: callers turn these into findings. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Files larger than this are skipped with a reason: generated bundles say nothing about architecture. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The project's source files: the same set the static gate lints. */
export function listAnalyzedFiles(config: ResolvedConfig): string[] {
  return listSourceFiles(config);
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Stats each file; a missing, unreadable or oversized file becomes a skipped entry, never a throw. */
export function statSourceFiles(
  config: ResolvedConfig,
  files: readonly string[],
  maxFileBytes: number = DEFAULT_MAX_FILE_BYTES,
): { inputs: SourceInput[]; skipped: SkippedFile[] } {
  const inputs: SourceInput[] = [];
  const skipped: SkippedFile[] = [];
  const rootPrefix = config.root.endsWith(path.sep) ? config.root : `${config.root}${path.sep}`;
  for (const absolutePath of [...new Set(files)].sort()) {
    // Most files lie plainly below the root: slice instead of path.relative, which is slow per file.
    const rel =
      path.sep === '/' && absolutePath.startsWith(rootPrefix) && !absolutePath.includes('/../') && !absolutePath.includes('/./')
        ? absolutePath.slice(rootPrefix.length)
        : toProjectPath(config.root, absolutePath);
    if (rel === undefined) {
      skipped.push({ path: absolutePath, reason: 'file lies outside the project root' });
      continue;
    }
    try {
      // The clock is read before the stat: a later change to the file then always looks newer than `seenAt`.
      const seenAt = Date.now();
      const stat = statSync(absolutePath);
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > maxFileBytes) {
        skipped.push({
          path: rel,
          reason: `file is ${stat.size} bytes, over the analyzers' limit of ${maxFileBytes} bytes (maxFileBytes)`,
        });
        continue;
      }
      inputs.push(lazyInput(absolutePath, rel, stat.size, stat.mtimeMs, seenAt));
    } catch (error) {
      skipped.push({ path: rel, reason: `file could not be read: ${(error as Error).message}` });
    }
  }
  return { inputs, skipped };
}

function lazyInput(absolutePath: string, rel: string, size: number, mtimeMs: number, seenAt: number): SourceInput {
  let text: string | undefined;
  let hash: string | undefined;
  const read = () => (text ??= readFileSync(absolutePath, 'utf8'));
  return {
    absolutePath,
    path: rel,
    size,
    mtimeMs,
    seenAt,
    text: read,
    hash: () => (hash ??= hashText(read())),
    wasRead: () => text !== undefined,
  };
}
