import { statSync } from 'node:fs';
import path from 'node:path';
import { globbySync } from 'globby';
import type { ResolvedConfig } from './resolve.js';

/**
 * The project's source files: `include` minus `exclude`, honouring .gitignore; absolute
 * and sorted. Every gate and analyzer checks this same set. Synchronous on purpose:
 * globby's async variant stats every result asynchronously, which doubles a warm run.
 */
export function listSourceFiles(config: ResolvedConfig): string[] {
  const entries = globbySync(config.include, {
    cwd: config.root,
    ignore: config.exclude,
    absolute: true,
    gitignore: true,
    dot: true,
    // A directory symlink (`src/models/loop -> ..`) would list files again and again, or list another tree.
    followSymbolicLinks: false,
    // Without following, a symlinked file is a symlink entry, no file: kept when it points at a file.
    onlyFiles: false,
    objectMode: true,
  });
  return entries
    .filter(({ dirent, path: file }) => dirent.isFile() || (dirent.isSymbolicLink() && isFile(file)))
    .map(({ path: file }) => path.normalize(file))
    .sort();
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
