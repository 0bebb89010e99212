import { toProjectPath } from './project-paths.js';

/** Node's file system error messages: `EACCES: permission denied, open '/p/src/a.ts'`. */
const ERRNO_MESSAGE = /^([A-Z][A-Z0-9]+): ([^,]+)/;

/**
 * `cannot read <file>: EACCES (permission denied)` for a file system error about a file,
 * or undefined for any other error. An unreadable file is an environment problem to name,
 * not an internal error.
 */
export function unreadableFileMessage(file: string, errorMessage: string): string | undefined {
  const match = ERRNO_MESSAGE.exec(errorMessage);
  return match ? `cannot read ${file}: ${match[1]} (${match[2]})` : undefined;
}

/** The same, for a thrown Node error that carries its `path` (project-relative when inside `root`). */
export function unreadableFileError(error: unknown, root: string): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (!(error instanceof Error) || typeof code !== 'string' || typeof path !== 'string') return undefined;
  return unreadableFileMessage(toProjectPath(root, path) ?? path, error.message);
}
