import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ReplaySetupError } from './git-repository.js';

const run = promisify(execFile);
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];
const NPM_LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

/** How a checkout got its packages, for the progress line and the report. */
export type DependencySource = { kind: 'linked'; lockfile: string | undefined } | { kind: 'installed'; lockfile: string; cache: string };

/**
 * Gives a checkout the packages it needs without reinstalling when it can: with
 * the same lockfile as the working tree, every node_modules folder between the
 * project root and the top level is linked from the working tree; with a
 * different npm lockfile, `npm ci` runs once into a cache keyed by the
 * lockfile's hash, which later replays reuse.
 */
export async function provideDependencies(options: {
  /** Top level of the working tree and of the checkout. */
  workTop: string;
  checkoutTop: string;
  /** Project root relative to the top level ('' at the top). */
  prefix: string;
  cacheDir?: string;
  signal?: AbortSignal;
}): Promise<DependencySource> {
  const chain = folderChain(options.prefix);
  const lockDir = chain.find((dir) => LOCKFILES.some((name) => existsSync(path.join(options.workTop, dir, name))));
  const lockName = lockDir === undefined ? undefined : LOCKFILES.find((name) => existsSync(path.join(options.workTop, lockDir, name)));
  const lockfile = lockDir === undefined || lockName === undefined ? undefined : path.posix.join(lockDir, lockName);
  if (lockfile === undefined || sameBytes(path.join(options.workTop, lockfile), path.join(options.checkoutTop, lockfile))) {
    for (const dir of chain) {
      const source = path.join(options.workTop, dir, 'node_modules');
      const target = path.join(options.checkoutTop, dir, 'node_modules');
      if (existsSync(source) && !existsSync(target) && existsSync(path.dirname(target))) symlinkSync(source, target, 'dir');
    }
    return { kind: 'linked', lockfile };
  }
  if (!NPM_LOCKFILES.has(path.posix.basename(lockfile))) {
    throw new ReplaySetupError(
      `the baseline's ${lockfile} differs from the working tree's and only npm lockfiles can be installed for a replay; replay refs with the same lockfile`,
    );
  }
  const lockDirAbs = path.join(options.checkoutTop, lockDir as string);
  const text = readFileSync(path.join(options.checkoutTop, lockfile));
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cacheRoot = options.cacheDir ?? path.join(os.tmpdir(), 'plumbline-replay-deps');
  const cache = path.join(cacheRoot, hash);
  if (!existsSync(path.join(cache, 'node_modules'))) await installInto(cache, lockDirAbs, path.posix.basename(lockfile), options.signal);
  const target = path.join(lockDirAbs, 'node_modules');
  if (!existsSync(target)) symlinkSync(path.join(cache, 'node_modules'), target, 'dir');
  return { kind: 'installed', lockfile, cache };
}

/** `npm ci` in a scratch folder holding only the manifest (without its scripts) and lockfile, then renamed into place. */
async function installInto(cache: string, lockDir: string, lockName: string, signal: AbortSignal | undefined): Promise<void> {
  const scratch = `${cache}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const manifest = JSON.parse(readFileSync(path.join(lockDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    // The project's own lifecycle scripts (prepare: build...) need its sources; dependencies' scripts still run.
    delete manifest['scripts'];
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(path.join(scratch, lockName), readFileSync(path.join(lockDir, lockName)));
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: scratch, maxBuffer: 64 * 1024 * 1024, signal });
    rmSync(cache, { recursive: true, force: true });
    renameSync(scratch, cache);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').slice(-3).join(' ');
    throw new ReplaySetupError(`npm ci for the baseline's lockfile failed: ${detail}`);
  }
}

/** The project root and each parent up to the top level: 'a/b' -> ['a/b', 'a', '']. */
function folderChain(prefix: string): string[] {
  const parts = prefix === '' ? [] : prefix.split('/');
  const chain: string[] = [];
  for (let length = parts.length; length >= 0; length--) chain.push(parts.slice(0, length).join('/'));
  return chain;
}

function sameBytes(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  return readFileSync(a).equals(readFileSync(b));
}
