import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface RefRunResult {
  /** Why the process did not finish normally, or undefined when it did. */
  readonly failure: string | undefined;
  readonly stderr: string;
}

const STDERR_TAIL = 4000;

/** The worker as built (dist) or, when Plumbline runs from source (tests), through jiti. */
function workerCommand(): string[] {
  const built = fileURLToPath(new URL('./replay-worker.js', import.meta.url));
  if (existsSync(built)) return [built];
  return ['--import', import.meta.resolve('jiti/register'), fileURLToPath(new URL('./replay-worker.ts', import.meta.url))];
}

/**
 * Runs one ref's replay in its own process, with a time limit (SIGKILL when it
 * passes) and a memory limit (--max-old-space-size). Never throws for the
 * child's sake: a crash, a hang or an unusable entry comes back as `failure`.
 */
export function runRef(options: {
  entry: string;
  cwd: string;
  cases: string;
  results: string;
  aliases: Record<string, string>;
  timeoutMs: number;
  maxOldSpaceSizeMb: number;
  signal?: AbortSignal;
}): Promise<RefRunResult> {
  const spec = { entry: options.entry, cases: options.cases, results: options.results, aliases: options.aliases };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.maxOldSpaceSizeMb}`, ...workerCommand(), JSON.stringify(spec)], {
      cwd: options.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let reason: string | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_TAIL);
    });
    const kill = (why: string) => {
      reason ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      kill(`timed out after ${options.timeoutMs} ms (replay.timeoutMs)`);
    }, options.timeoutMs);
    const onAbort = () => {
      kill('interrupted');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (failure: string | undefined) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ failure, stderr: stderr.trim() });
    };
    child.on('error', (error) => {
      finish(`could not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      if (reason !== undefined) {
        finish(reason);
        return;
      }
      if (code === 0) {
        finish(undefined);
        return;
      }
      const detail = lastLine(stderr);
      if (code === 3) {
        finish(detail || 'the replay entry could not be used');
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      finish(
        `crashed: the process ${how}${/heap out of memory|Allocation failed/i.test(stderr) ? ` (out of memory: over replay.maxOldSpaceSizeMb = ${options.maxOldSpaceSizeMb} MB)` : ''}${detail ? `: ${detail}` : ''}`,
      );
    });
  });
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 500);
}
