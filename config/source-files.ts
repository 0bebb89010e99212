import path from 'node:path';
import { globbySync } from 'globby';
import type { ResolvedConfig } from './resolve.js';

/**
 * The project's source files: `include` minus `exclude`, honouring .gitignore; absolute
 * and sorted. Every gate and analyzer checks this same set. Synchronous on purpose:
 * globby's async variant stats every result asynchronously, which doubles a warm run.
 */
export function listSourceFiles(config: ResolvedConfig): string[] {
  const files = globbySync(config.include, {
    cwd: config.root,
    ignore: config.exclude,
    absolute: true,
    gitignore: true,
    dot: true,
    // A directory symlink (`src/models/loop -> ..`) would list files again and again, or list another tree.
    followSymbolicLinks: false,
  });
  return files.map((file) => path.normalize(file)).sort();
}
