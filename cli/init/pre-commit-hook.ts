import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const HOOK_COMMAND = 'npx plumbline check --staged';

export type HookOutcome =
  { kind: 'created' | 'appended'; file: string } | { kind: 'present'; file: string } | { kind: 'kept'; file: string } | { kind: 'no-git' };

/**
 * Where the pre-commit hook goes: `.husky/pre-commit` when the project uses
 * husky, else git's own hooks folder (asked from git, so worktrees and
 * core.hooksPath work). Undefined outside a git repository.
 */
export function preCommitHookFile(root: string, husky: boolean): string | undefined {
  if (husky) return path.join(root, '.husky', 'pre-commit');
  try {
    const hooks = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return path.join(path.resolve(root, hooks), 'pre-commit');
  } catch {
    return undefined;
  }
}

/**
 * Writes the hook, executable. An existing hook that already runs Plumbline
 * is left as it is; another existing hook is kept, or with `force` gets the
 * command appended (never replaced: it may run other checks).
 */
export function installPreCommitHook(file: string | undefined, force: boolean): HookOutcome {
  if (!file) return { kind: 'no-git' };
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('plumbline check')) return { kind: 'present', file };
    if (!force) return { kind: 'kept', file };
    writeFileSync(file, `${text.endsWith('\n') || text.length === 0 ? text : `${text}\n`}${HOOK_COMMAND}\n`);
    chmodSync(file, 0o755);
    return { kind: 'appended', file };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n# Plumbline's static checks on the staged files (added by plumbline init).\n${HOOK_COMMAND}\n`);
  chmodSync(file, 0o755);
  return { kind: 'created', file };
}
