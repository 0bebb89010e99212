import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { onInterrupt } from '../runner/interruption.js';

/** How much of a child's output is kept to explain a failed run. */
const OUTPUT_TAIL_CHARS = 4000;

export interface ProcessGroupRequest {
  /** Project root: the child runs there. */
  cwd: string;
  /** Added to this process's environment; colours are always turned off. */
  env?: Record<string, string>;
  /** Aborting kills the child's whole process group (test workers, Stryker's runners). */
  signal: AbortSignal;
  /** What runs, for messages: "vitest", "Stryker", "the recording run". */
  what: string;
}

export interface ProcessGroupRun {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last few thousand characters of stdout and stderr, to explain a failure. */
  outputTail: string;
}

function abortError(signal: AbortSignal, what: string): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(`${what} was aborted (timeout or interrupt)`);
}

/**
 * Runs `argv` in its own process group and resolves with its exit. The gates
 * run test runners this way because those fork workers: an abort (the gate's
 * timeout, Ctrl-C) or this process exiting must end the whole group, which
 * killing the direct child alone would not (the kernel does not propagate SIGKILL).
 */
export function runProcessGroup(argv: readonly string[], request: ProcessGroupRequest): Promise<ProcessGroupRun> {
  const { signal, what } = request;
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  const [program, ...args] = argv as [string, ...string[]];
  const ownGroup = process.platform !== 'win32';
  return new Promise<ProcessGroupRun>((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: request.cwd,
      env: { ...process.env, ...request.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: ownGroup,
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const killGroup = () => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', killGroup, { once: true });
    process.once('exit', killGroup);
    // Interrupted (Ctrl-C, SIGTERM, SIGHUP): the whole group ends, and the run waits until it has.
    const forgetInterrupt = onInterrupt(async () => {
      killGroup();
      if (ownGroup && child.pid !== undefined) await groupGone(child.pid);
    });
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      signal.removeEventListener('abort', killGroup);
      process.removeListener('exit', killGroup);
      forgetInterrupt();
      return true;
    };
    child.on('error', (error) => {
      if (settle()) reject(new Error(`${what} could not start (${JSON.stringify(argv.join(' '))}): ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, exitSignal) => {
      if (!settle()) return;
      if (signal.aborted) reject(abortError(signal, what));
      else resolve({ exitCode, signal: exitSignal, outputTail: tail.trim() });
    });
  });
}

/** How long an interrupted run waits for a killed group's last member to go. */
const GROUP_EXIT_WAIT_MS = 10_000;

/** Resolves once no process of the group is left (or after GROUP_EXIT_WAIT_MS: nothing may hang the exit). */
async function groupGone(groupId: number): Promise<void> {
  for (let waited = 0; waited < GROUP_EXIT_WAIT_MS && groupAlive(groupId); waited += 20) await sleep(20);
}

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  // kill() still finds zombies (exited, not yet reaped by init); they run nothing, so they do not count.
  try {
    return readdirSync('/proc').some((entry) => /^\d+$/.test(entry) && livingMember(entry, groupId));
  } catch {
    return true;
  }
}

function livingMember(pid: string, groupId: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name in parentheses: state, parent pid, process group.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state !== 'Z' && Number(group) === groupId;
  } catch {
    return false;
  }
}
