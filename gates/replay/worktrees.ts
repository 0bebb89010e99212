import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git, ReplaySetupError, type Repository } from './git-repository.js';

/** A ref checked out in a temporary folder, removed by `dispose` (or on SIGINT/SIGTERM). */
export interface Checkout {
  /** Absolute top level of the checkout. */
  readonly top: string;
  dispose(): Promise<void>;
}

const active = new Map<string, string>();
const folders = new Set<string>();
let handlersInstalled = false;

/** Removes a temporary folder if the process is interrupted before the returned function is called. */
export function removeOnInterrupt(folder: string): () => void {
  folders.add(folder);
  installInterruptHandlers();
  return () => {
    folders.delete(folder);
    if (active.size === 0 && folders.size === 0) uninstallInterruptHandlers();
  };
}

/**
 * Materialises a commit with `git worktree add --detach` in a fresh temporary
 * folder. The worktree is removed (`worktree remove --force`, then `prune`) by
 * `dispose`, and also when the process is interrupted, so no checkout is left behind.
 */
export async function checkoutCommit(repository: Repository, commit: string, label: string): Promise<Checkout> {
  const parent = mkdtempSync(path.join(os.tmpdir(), `plumbline-replay-${label}-`));
  const top = path.join(parent, 'tree');
  active.set(top, repository.top);
  installInterruptHandlers();
  try {
    await git(['worktree', 'add', '--detach', '--quiet', top, commit], repository.top);
  } catch (error) {
    await removeCheckout(repository.top, top);
    throw new ReplaySetupError(`could not check out ${commit.slice(0, 12)} for the ${label}: ${(error as Error).message}`);
  }
  return { top, dispose: () => removeCheckout(repository.top, top) };
}

async function removeCheckout(repositoryTop: string, top: string): Promise<void> {
  active.delete(top);
  try {
    await git(['worktree', 'remove', '--force', top], repositoryTop);
  } catch {
    // Not registered (add failed) or already gone: the folder and prune below still clean up.
  }
  rmSync(path.dirname(top), { recursive: true, force: true });
  try {
    await git(['worktree', 'prune'], repositoryTop);
  } catch {
    // Pruning is housekeeping; the folder is gone either way.
  }
  if (active.size === 0 && folders.size === 0) uninstallInterruptHandlers();
}

/** Synchronous cleanup for a signal: there is no event loop left to await git. */
function removeAllNow(): void {
  for (const [top, repositoryTop] of active) {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', top], { cwd: repositoryTop, stdio: 'ignore' });
    } catch {
      // Fall through to removing the folder and pruning.
    }
    rmSync(path.dirname(top), { recursive: true, force: true });
    try {
      execFileSync('git', ['worktree', 'prune'], { cwd: repositoryTop, stdio: 'ignore' });
    } catch {
      // As above.
    }
  }
  active.clear();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
}

const onSignal = (signal: NodeJS.Signals) => {
  removeAllNow();
  uninstallInterruptHandlers();
  // Re-raise so the process ends the way the signal asked (exit code 128 + n).
  process.kill(process.pid, signal);
};

function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

function uninstallInterruptHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}
