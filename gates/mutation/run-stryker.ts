import { readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MissingPeerError } from '../../core/optional-peer.js';
import { onInterrupt } from '../runner/interruption.js';
import { runProcessGroup } from '../shared/process-group.js';

const STRYKER_PACKAGES = ['@stryker-mutator/core', '@stryker-mutator/vitest-runner'];

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

/** The project's Stryker version (recorded in the baseline); throws when Stryker is not installed there. */
export function projectStrykerVersion(root: string): string {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const manifests = STRYKER_PACKAGES.map((name) => {
    try {
      return requireFromRoot.resolve(`${name}/package.json`);
    } catch {
      return undefined;
    }
  });
  const missing = STRYKER_PACKAGES.filter((_, index) => manifests[index] === undefined);
  if (missing.length > 0) throw new MissingPeerError(missing, `the mutation gate (Stryker, run from ${root})`);
  return (JSON.parse(readFileSync(manifests[0] as string, 'utf8')) as { version: string }).version;
}

/** Runs Stryker through its Node API in a child process; kills its process group when the signal aborts. */
export async function runStryker(request: StrykerRunRequest): Promise<void> {
  // Before spawning: a missing Stryker is named (exit 2), not a child that fails to import it.
  projectStrykerVersion(request.root);
  const options = {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    // related: false: run the config's tests, and let per-test coverage pick the ones each mutant needs.
    vitest: { ...(request.vitestConfig ? { configFile: request.vitestConfig } : {}), related: false },
    mutate: request.mutate,
    concurrency: request.concurrency,
    coverageAnalysis: 'perTest',
    // Static mutants (module-level tables and constants) are run, with every test each: ignoring them would score a
    // decision table's file 100% without trying one change to the table (docs/mutation-gate.md states the cost).
    ignoreStatic: false,
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
  // Registered before the child, so on an interrupt it runs after the group is stopped (newest first).
  const startedMs = Date.now();
  const forgetInterrupt = onInterrupt(() => {
    discardPartialOutputs(request, startedMs);
  });
  const run = await runProcessGroup([process.execPath, '--input-type=module', '-e', CHILD_SCRIPT], {
    cwd: request.root,
    env: { PLUMBLINE_STRYKER_OPTIONS: JSON.stringify(options) },
    signal: request.signal,
    what: 'the mutation run',
  }).finally(forgetInterrupt);
  if (run.exitCode !== 0) throw new Error(`Stryker exited with ${run.exitCode ?? run.signal}:\n${run.outputTail}`);
}

/**
 * What a cancelled Stryker run leaves: its sandbox (.stryker-tmp) and any report or incremental
 * file it wrote since it started. An older incremental file is the last complete run's: kept.
 */
export function discardPartialOutputs(
  request: Pick<StrykerRunRequest, 'root' | 'jsonReport' | 'htmlReport' | 'incrementalFile'>,
  startedMs: number,
): void {
  rmSync(path.join(request.root, '.stryker-tmp'), { recursive: true, force: true });
  for (const file of [request.jsonReport, request.htmlReport, request.incrementalFile]) {
    if (file === undefined) continue;
    try {
      if (statSync(file).mtimeMs >= startedMs) rmSync(file, { force: true });
    } catch {
      // Never written.
    }
  }
}
