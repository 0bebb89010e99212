import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface VitestRunRequest {
  /** Project root: vitest is resolved from it and runs in it. */
  root: string;
  /** Project-relative test files to run. */
  files: string[];
  /** Absolute path where vitest writes its JSON report. */
  reportFile: string;
  /** The vitest config, relative to the root; default: the one vitest finds. */
  configFile?: string;
  maxWorkers: number;
  env: Record<string, string>;
  signal: AbortSignal;
}

export interface VitestRunResult {
  exitCode: number | null;
  /** The last lines vitest printed, to explain a run that wrote no report. */
  outputTail: string;
}

/** How much of vitest's output is kept to explain a failed start. */
const OUTPUT_TAIL_CHARS = 4000;

/**
 * The vitest CLI of the project itself (its version, its config), resolved from
 * the project root as the project's own `npx vitest` would. Throws when the
 * project has no vitest: the gate cannot run its tests, so it must not pass.
 */
export function resolveProjectVitest(root: string): string {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  let manifestPath: string;
  try {
    manifestPath = requireFromRoot.resolve('vitest/package.json');
  } catch {
    throw new Error(`vitest is not installed in ${root} (or above it): the property tests cannot run`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.vitest;
  if (!bin) throw new Error(`${manifestPath} names no vitest executable`);
  return path.resolve(path.dirname(manifestPath), bin);
}

/**
 * Runs `vitest run` on the given files in a child process with a JSON report,
 * killing the whole process group (vitest's workers too) when the signal aborts.
 */
export function runVitest(request: VitestRunRequest): Promise<VitestRunResult> {
  const cli = resolveProjectVitest(request.root);
  if (request.configFile && !existsSync(path.resolve(request.root, request.configFile))) {
    throw new Error(`the vitest config '${request.configFile}' does not exist in ${request.root}`);
  }
  const args = [
    cli,
    'run',
    ...(request.configFile ? ['--config', request.configFile] : []),
    '--reporter=json',
    `--outputFile=${request.reportFile}`,
    '--includeTaskLocation',
    `--maxWorkers=${request.maxWorkers}`,
    ...request.files,
  ];
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) {
      reject(request.signal.reason instanceof Error ? request.signal.reason : new Error('aborted before vitest started'));
      return;
    }
    const child = spawn(process.execPath, args, {
      cwd: request.root,
      env: { ...process.env, ...request.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so an abort can end vitest's workers with it.
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const onAbort = () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      }
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    // A detached group outlives its parent: end it when this process exits too (the kernel cannot, for SIGKILL).
    process.once('exit', onAbort);
    child.on('error', (error) => {
      request.signal.removeEventListener('abort', onAbort);
      process.removeListener('exit', onAbort);
      reject(new Error(`vitest could not start: ${error.message}`));
    });
    child.on('close', (exitCode) => {
      request.signal.removeEventListener('abort', onAbort);
      process.removeListener('exit', onAbort);
      if (request.signal.aborted) {
        reject(new Error('the property test run was aborted (timeout or interrupt)'));
        return;
      }
      resolve({ exitCode, outputTail: output.trim() });
    });
  });
}
