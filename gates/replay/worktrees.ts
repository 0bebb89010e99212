import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onInterrupt } from '../runner/interruption.js';
import { git, ReplaySetupError, type Repository } from './git-repository.js';

/** A ref checked out in a temporary folder, removed by `dispose` (or on SIGINT/SIGTERM/SIGHUP). */
export interface Checkout {
  /** Absolute top level of the checkout. */
  readonly top: string;
  dispose(): Promise<void>;
}

const CHECKOUT_PREFIX = 'plumbline-replay-';
/** In each checkout's temporary folder: the pid of the run that made it. */
const OWNER_FILE = 'owner.pid';

/** Removes a temporary folder if the process is interrupted before the returned function is called. */
export function removeOnInterrupt(folder: string): () => void {
  return onInterrupt(() => {
    rmSync(folder, { recursive: true, force: true });
  });
}

/**
 * Materialises a commit with `git worktree add --detach` in a fresh temporary
 * folder. The worktree is removed (`worktree remove --force`, then `prune`) by
 * `dispose`, and also when the process is interrupted, so no checkout is left behind.
 * A run killed outright (SIGKILL) cannot clean up: the next run prunes what it left.
 */
export async function checkoutCommit(repository: Repository, commit: string, label: string): Promise<Checkout> {
  pruneAbandonedCheckouts(repository.top);
  const parent = mkdtempSync(path.join(os.tmpdir(), `${CHECKOUT_PREFIX}${label}-`));
  writeFileSync(path.join(parent, OWNER_FILE), `${process.pid}\n`);
  const top = path.join(parent, 'tree');
  const forget = onInterrupt(() => {
    removeCheckoutNow(repository.top, top);
  });
  try {
    await git(['worktree', 'add', '--detach', '--quiet', top, commit], repository.top);
  } catch (error) {
    forget();
    await removeCheckout(repository.top, top);
    throw new ReplaySetupError(`could not check out ${commit.slice(0, 12)} for the ${label}: ${(error as Error).message}`);
  }
  return {
    top,
    dispose: () => {
      forget();
      return removeCheckout(repository.top, top);
    },
  };
}

async function removeCheckout(repositoryTop: string, top: string): Promise<void> {
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
}

/** The same, synchronously: an interrupted run removes its checkouts one after another before it exits. */
function removeCheckoutNow(repositoryTop: string, top: string): void {
  for (const args of [
    ['worktree', 'remove', '--force', top],
    ['worktree', 'prune'],
  ]) {
    try {
      execFileSync('git', args, { cwd: repositoryTop, stdio: 'ignore' });
    } catch {
      // Not registered or already gone.
    }
    if (args[1] === 'remove') rmSync(path.dirname(top), { recursive: true, force: true });
  }
}

/**
 * Checkouts of this repository that a replay run registered and a killed run (SIGKILL, a
 * crash) left behind: in a Plumbline temporary folder whose owner process is gone.
 */
export function pruneAbandonedCheckouts(repositoryTop: string): void {
  let listing: string;
  try {
    listing = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: repositoryTop, encoding: 'utf8' });
  } catch {
    return;
  }
  const tmp = os.tmpdir();
  for (const line of listing.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const top = line.slice('worktree '.length);
    const parent = path.dirname(top);
    if (path.dirname(parent) !== tmp || !path.basename(parent).startsWith(CHECKOUT_PREFIX) || ownerAlive(parent)) continue;
    removeCheckoutNow(repositoryTop, top);
  }
  try {
    // Registrations whose folder is already gone.
    execFileSync('git', ['worktree', 'prune'], { cwd: repositoryTop, stdio: 'ignore' });
  } catch {
    // Housekeeping only.
  }
}

function ownerAlive(parent: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(parent, OWNER_FILE), 'utf8').trim());
  } catch {
    // No owner file: a checkout being created right now, or not ours to judge.
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
