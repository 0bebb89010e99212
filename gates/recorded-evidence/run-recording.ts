import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The variable a recording run reads to find its evidence file (plumbline/testing's recordingSink). */
export const EVIDENCE_FILE_ENV = 'PLUMBLINE_EVIDENCE_FILE';

const OUTPUT_TAIL = 4000;

export interface RecordingRun {
  /** The argv that ran. */
  readonly command: readonly string[];
  /** null when the process was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last few thousand characters of stdout and stderr, for the failure message. */
  readonly outputTail: string;
  /** The evidence file the run was told to write (may not exist if it recorded nothing). */
  readonly evidenceFile: string;
  /** Removes the folder that holds the evidence file. */
  cleanup(): void;
}

/**
 * The project's own vitest, run as `node <vitest.mjs> run`: resolved from the
 * project root, so the gate uses the version the project pins. Undefined when
 * the project cannot resolve vitest.
 */
export function projectVitestCommand(root: string): string[] | undefined {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const manifestPath = require.resolve('vitest/package.json');
    const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['vitest'];
    if (bin === undefined) return undefined;
    return [process.execPath, path.join(path.dirname(manifestPath), bin), 'run'];
  } catch {
    return undefined;
  }
}

/**
 * The argv to spawn for a configured command: a leading `vitest` is the
 * project's own vitest (no npx, no download); anything else runs as given.
 * Undefined when `vitest` is asked for and the project cannot resolve it.
 */
export function resolveCommand(command: readonly string[], root: string): string[] | undefined {
  if (command[0] !== 'vitest') return [...command];
  const vitest = projectVitestCommand(root);
  return vitest === undefined ? undefined : [...vitest.slice(0, 2), ...command.slice(1)];
}

/**
 * Runs `command` in `root` with PLUMBLINE_EVIDENCE_FILE naming a file in a fresh
 * temporary folder (so no earlier run's evidence can be read as this one's).
 * The child runs in its own process group; an abort kills the whole group.
 */
export function runRecording(command: readonly string[], root: string, signal: AbortSignal): Promise<RecordingRun> {
  signal.throwIfAborted();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'plumbline-evidence-'));
  const evidenceFile = path.join(folder, 'evidence.jsonl');
  const cleanup = () => rmSync(folder, { recursive: true, force: true });
  const [program, ...args] = command as [string, ...string[]];
  return new Promise<RecordingRun>((resolve, reject) => {
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    const child = spawn(program, args, {
      cwd: root,
      env: { ...process.env, [EVIDENCE_FILE_ENV]: evidenceFile, CI: process.env['CI'] ?? 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const onAbort = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      cleanup();
      reject(new Error(`could not start ${JSON.stringify(command.join(' '))}: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, exitSignal) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) {
        cleanup();
        reject(signal.reason instanceof Error ? signal.reason : new Error('the recording run was aborted'));
        return;
      }
      resolve({ command: [...command], exitCode, signal: exitSignal, outputTail: tail, evidenceFile, cleanup });
    });
  });
}
