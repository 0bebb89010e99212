import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the gate asks of Stryker; turned into Stryker's options in the child. */
export interface StrykerRunRequest {
  root: string;
  /** Project-relative files to mutate. */
  mutate: string[];
  vitestConfig: string | undefined;
  concurrency: number;
  /** Absolute paths of the JSON and HTML reports Stryker writes. */
  jsonReport: string;
  htmlReport: string;
  /** Absolute path of Stryker's incremental file, or undefined for a full run. */
  incrementalFile: string | undefined;
  signal: AbortSignal;
}

/** Runs in the child, in the project root, so Stryker and its vitest runner are the project's own. */
const CHILD_SCRIPT = `
const { Stryker } = await import('@stryker-mutator/core');
const options = JSON.parse(process.env.PLUMBLINE_STRYKER_OPTIONS);
try {
  await new Stryker(options).runMutationTest();
  process.exit(0);
} catch (error) {
  console.error('Stryker failed: ' + (error && error.stack ? error.stack : String(error)));
  process.exit(1);
}
`;

const OUTPUT_TAIL_CHARS = 4000;

/** The project's Stryker version (recorded in the baseline); throws when Stryker is not installed there. */
export function projectStrykerVersion(root: string): string {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  try {
    const manifest = JSON.parse(readFileSync(requireFromRoot.resolve('@stryker-mutator/core/package.json'), 'utf8')) as { version: string };
    requireFromRoot.resolve('@stryker-mutator/vitest-runner/package.json');
    return manifest.version;
  } catch {
    throw new Error(`@stryker-mutator/core and @stryker-mutator/vitest-runner are not installed in ${root} (or above it): the mutation gate cannot run`);
  }
}

/** Runs Stryker through its Node API in a child process; kills its process group when the signal aborts. */
export function runStryker(request: StrykerRunRequest): Promise<void> {
  const options = {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    // related: false: run the config's tests, and let per-test coverage pick the ones each mutant needs.
    vitest: { ...(request.vitestConfig ? { configFile: request.vitestConfig } : {}), related: false },
    mutate: request.mutate,
    concurrency: request.concurrency,
    coverageAnalysis: 'perTest',
    // Static mutants (module-level constants) rerun every test for each mutant: they would dominate the run.
    ignoreStatic: true,
    reporters: ['json', 'html'],
    jsonReporter: { fileName: request.jsonReport },
    htmlReporter: { fileName: request.htmlReport },
    incremental: request.incrementalFile !== undefined,
    ...(request.incrementalFile ? { incrementalFile: request.incrementalFile } : {}),
    // The gate applies its own threshold and baseline; Stryker must not fail the run on its own.
    thresholds: { high: 80, low: 60, break: null },
    logLevel: 'warn',
    fileLogLevel: 'off',
    allowConsoleColors: false,
    cleanTempDir: true,
  };
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) {
      reject(new Error('the mutation run was aborted before it started'));
      return;
    }
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
      cwd: request.root,
      env: { ...process.env, PLUMBLINE_STRYKER_OPTIONS: JSON.stringify(options), FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const onAbort = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    // A detached group outlives its parent: end it when this process exits too (the kernel cannot, for SIGKILL).
    process.once('exit', onAbort);
    child.on('error', (error) => {
      request.signal.removeEventListener('abort', onAbort);
      process.removeListener('exit', onAbort);
      reject(new Error(`Stryker could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      request.signal.removeEventListener('abort', onAbort);
      process.removeListener('exit', onAbort);
      if (request.signal.aborted) reject(new Error('the mutation run was aborted (timeout or interrupt)'));
      else if (code !== 0) reject(new Error(`Stryker exited with ${code}:\n${output.trim()}`));
      else resolve();
    });
  });
}
