import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder the config search stops at: the repository root (the nearest folder holding
 * `.git`, a folder or a worktree's file), else the nearest folder holding package.json,
 * else the file system root. A config above it belongs to someone else's project.
 */
export function searchBoundary(start: string): string {
  const ancestors: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  return (
    ancestors.find((dir) => existsSync(path.join(dir, '.git'))) ??
    ancestors.find((dir) => existsSync(path.join(dir, 'package.json'))) ??
    (ancestors.at(-1) as string)
  );
}

/**
 * Why a config found by searching must not be executed, or undefined when it may be: it or
 * its folder is owned by another user, or writable by others than its owner (a group other
 * than the user's own primary group, or everyone). Like ssh's StrictModes, only a file
 * nobody else can change or replace runs unasked.
 */
export function untrustedReason(file: string): string | undefined {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  // No owners or modes to judge (Windows).
  if (uid === undefined) return undefined;
  for (const target of [file, path.dirname(file)]) {
    const stat = statSync(target);
    const what = target === file ? 'the file' : `its folder ${target}`;
    if (stat.uid !== uid) return `${what} is owned by another user (uid ${stat.uid})`;
    if (stat.mode & 0o002) return `${what} is writable by every user`;
    if (stat.mode & 0o020 && stat.gid !== gid) return `${what} is writable by group ${stat.gid}`;
  }
  return undefined;
}
