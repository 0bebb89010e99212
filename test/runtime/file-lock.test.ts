import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CanaryStoreError, fileCanaryStore } from '../../runtime/index.js';
import { withFileLock } from '../../runtime/canary/file-lock.js';

const temporary: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-lock-'));
  temporary.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const reason = { trigger: 'errorRate' as const, rate: 1, threshold: 0.1, samples: 5 };

describe('file lock of the file canary store', () => {
  it('holds the lock while the work runs and removes it afterwards, also when the work throws', () => {
    const lock = path.join(tempDir(), 'state.json.lock');
    expect(withFileLock(lock, () => fs.readFileSync(lock, 'utf8'))).toBe(`${process.pid}\n`);
    expect(fs.existsSync(lock)).toBe(false);
    expect(() =>
      withFileLock(lock, () => {
        throw new Error('work failed');
      }),
    ).toThrow('work failed');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('breaks a lock left by a process that no longer exists', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    fs.writeFileSync(`${file}.lock`, `${dead}\n`);
    expect(fileCanaryStore(file).rollBack('a.b', reason).status).toBe('rolled-back');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('gives up on a lock held by a live process with a CanaryStoreError, leaving the state untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    // Our own pid: alive, and never judged stale.
    fs.writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const store = fileCanaryStore(file, { timeoutMs: 30 });
    expect(() => store.rollBack('a.b', reason)).toThrow(CanaryStoreError);
    expect(() => store.rollBack('a.b', reason)).toThrow(/still locked by another process after 30 ms/);
    expect(store.read('a.b')).toBeUndefined();
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('breaks a lock older than staleMs even if its process looks alive', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    expect(fileCanaryStore(file, { staleMs: 1000 }).rollBack('a.b', reason).version).toBe(1);
  });

  it('writes the state file atomically, leaving no temporary files, with sorted operations', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    const store = fileCanaryStore(file);
    store.rollBack('z.op', reason);
    store.rollBack('a.op', reason);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; operations: Record<string, unknown> };
    expect(document.version).toBe(2);
    expect(Object.keys(document.operations)).toEqual(['a.op', 'z.op']);
  });
});
