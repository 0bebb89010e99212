import fs from 'node:fs';
import { CanaryStoreError } from '../errors.js';

export interface FileLockOptions {
  /** Give up waiting for the lock after this long (default 5000 ms). */
  timeoutMs?: number;
  /** A lock older than this is from a crashed process and is broken (default 30000 ms). */
  staleMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `work` while holding `<lockPath>` (created with O_EXCL, so one process at a
 * time). A lock whose process is gone, or that is older than `staleMs`, is broken.
 * Synchronous, because canary state is read and written on the request path.
 */
export function withFileLock<T>(lockPath: string, work: () => T, options: FileLockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 5000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CanaryStoreError(lockPath, 'cannot create the lock file', error);
      if (isStale(lockPath, staleMs)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new CanaryStoreError(lockPath, `still locked by another process after ${timeoutMs} ms`);
      // Back off a little more each time, with jitter so two waiters do not retry in step.
      Atomics.wait(sleeper, 0, 0, Math.min(50, 1 + attempt) + Math.floor(Math.random() * 3));
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

function isStale(lockPath: string, staleMs: number): boolean {
  let text: string;
  let modified: number;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
    modified = fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // released meanwhile: just retry
  }
  if (Date.now() - modified > staleMs) return true;
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
