import { spawnSync } from 'node:child_process';
import { CLI_BIN } from './paths.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `plumbline` CLI as a user would, with no TTY and CI-style output. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 120_000): CliRun {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
