import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onInterrupt } from '../../runner/interruption.js';
import { runProcessGroup } from '../process-group.js';
import { projectVitestCommand } from '../project-vitest.js';

/** The variable a recording run reads to find its evidence file (@plumbline-kit/plumbline/testing's recordingSink). */
export const EVIDENCE_FILE_ENV = 'PLUMBLINE_EVIDENCE_FILE';

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
 * The argv to spawn for a configured command: a leading `vitest` is the
 * project's own vitest (no npx, no download); anything else runs as given.
 * Undefined when `vitest` is asked for and the project cannot resolve it.
 */
export function resolveCommand(command: readonly string[], root: string): string[] | undefined {
  if (command[0] !== 'vitest') return [...command];
  const vitest = projectVitestCommand(root);
  return vitest === undefined ? undefined : [...vitest, ...command.slice(1)];
}

/**
 * Runs `command` in `root` with PLUMBLINE_EVIDENCE_FILE naming a file in a fresh
 * temporary folder (so no earlier run's evidence can be read as this one's).
 * The child runs in its own process group; an abort kills the whole group.
 */
export async function runRecording(command: readonly string[], root: string, signal: AbortSignal): Promise<RecordingRun> {
  signal.throwIfAborted();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'plumbline-evidence-'));
  const evidenceFile = path.join(folder, 'evidence.jsonl');
  const remove = () => {
    rmSync(folder, { recursive: true, force: true });
  };
  // Until the caller is done with it, an interrupted run removes the folder too (it would stay in $TMPDIR).
  const forget = onInterrupt(remove);
  const cleanup = () => {
    forget();
    remove();
  };
  try {
    const run = await runProcessGroup(command, {
      cwd: root,
      env: { [EVIDENCE_FILE_ENV]: evidenceFile, CI: process.env['CI'] ?? 'true' },
      signal,
      what: 'the recording run',
    });
    return { command: [...command], ...run, evidenceFile, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
