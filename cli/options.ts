import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { isInsideProject, toProjectPath } from '../config/project-paths.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { isCalendarDate } from '../config/schema.js';
import { UsageError } from './exit-codes.js';

/** `--only a,b --only c` → ['a', 'b', 'c']. An empty value is refused: `--only ""` must not mean "everything". */
export function collectList(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected one or more names, comma separated');
  return [...previous, ...items];
}

export function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isCalendarDate(value)) {
    throw new UsageError(`--today: expected a date as YYYY-MM-DD, got '${value}'`);
  }
  return value;
}

/** The evidence folder, which must stay inside the project (symlinks resolved) so a run never writes elsewhere. */
export function resolveEvidenceDir(config: ResolvedConfig, override: string | undefined): string {
  const dir = path.resolve(override ? process.cwd() : config.root, override ?? config.evidenceDir);
  if (toProjectPath(config.root, dir) === undefined || !isInsideProject(config.root, dir)) {
    const origin = override ? '--evidence-dir' : 'evidenceDir (config)';
    throw new UsageError(`${origin}: evidence folder ${dir} lies outside the project root ${config.root}`);
  }
  return dir;
}

/** A report folder given on the command line (relative to the current folder); like evidence, it must stay inside the project. */
export function resolveReportDir(config: ResolvedConfig, value: string, option: string): string {
  const dir = path.resolve(value);
  if (toProjectPath(config.root, dir) === undefined || !isInsideProject(config.root, dir)) {
    throw new UsageError(`${option}: report folder ${dir} lies outside the project root ${config.root}`);
  }
  return dir;
}

/** Where the config loader's notes go: which config was loaded, side-by-side configs. One stderr line each. */
export function notifyOnStderr(line: string): void {
  process.stderr.write(`plumbline: ${line}\n`);
}
