import { existsSync } from 'node:fs';
import path from 'node:path';
import { MissingPeerError } from '../../core/optional-peer.js';
import { runProcessGroup } from '../shared/process-group.js';
import { projectVitestCommand } from '../shared/project-vitest.js';

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

/**
 * The vitest CLI of the project itself (its version, its config). Throws when
 * the project has no vitest: the gate cannot run its tests, so it must not pass.
 */
export function resolveProjectVitest(root: string): [string, string] {
  const command = projectVitestCommand(root);
  if (command === undefined) throw new MissingPeerError(['vitest'], `the property gate (the project's tests, run from ${root})`);
  return command;
}

/**
 * Runs `vitest run` on the given files in a child process with a JSON report,
 * killing the whole process group (vitest's workers too) when the signal aborts.
 */
export async function runVitest(request: VitestRunRequest): Promise<VitestRunResult> {
  const cli = resolveProjectVitest(request.root);
  if (request.configFile && !existsSync(path.resolve(request.root, request.configFile))) {
    throw new Error(`the vitest config '${request.configFile}' does not exist in ${request.root}`);
  }
  const args = [
    'run',
    ...(request.configFile ? ['--config', request.configFile] : []),
    '--reporter=json',
    `--outputFile=${request.reportFile}`,
    '--includeTaskLocation',
    `--maxWorkers=${request.maxWorkers}`,
    ...request.files,
  ];
  const run = await runProcessGroup([...cli, ...args], {
    cwd: request.root,
    env: { ...request.env, CI: 'true' },
    signal: request.signal,
    what: 'the property test run',
  });
  return { exitCode: run.exitCode, outputTail: run.outputTail };
}
