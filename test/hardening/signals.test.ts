import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { discardPartialOutputs } from '../../gates/mutation/run-stryker.js';
import { checkoutCommit } from '../../gates/replay/worktrees.js';
import { repositoryOf } from '../../gates/replay/git-repository.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { makeTempProject } from '../helpers/temp-project.js';

const project = makeTempProject();
afterAll(() => project.remove());

/** Alive and running: a zombie (exited, not yet reaped) runs nothing. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(25);
}

/** The delay after which the child and its own child write a file unless they were stopped. */
const LATE_MS = 1_500;

describe.skipIf(process.platform !== 'linux')('an interrupted run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('on %s stops the child process group, waits for it, removes the temporary folder and exits %i', async (signal, code) => {
    const dir = path.join(project.root, signal);
    const started = path.join(dir, 'started.json');
    const late = path.join(dir, 'late');
    const grandchildCode = `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(`${late}.grandchild`)}, 'late'), ${LATE_MS})`;
    // A child that ignores nothing, starts a child of its own, and both write a file after a delay.
    const child = project.write(
      `${signal}/child.cjs`,
      `const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const write = (suffix) => writeFileSync(${JSON.stringify(late)} + suffix, 'written after the run was interrupted');
const later = ${JSON.stringify(grandchildCode)};
const grandchild = spawn(process.execPath, ['-e', later], { stdio: 'ignore' });
setTimeout(() => write('.child'), ${LATE_MS});
const pids = { child: process.pid, grandchild: grandchild.pid, evidence: process.env.PLUMBLINE_EVIDENCE_FILE };
writeFileSync(${JSON.stringify(started)}, JSON.stringify(pids));
`,
    );
    // The run: the CLI's interrupt handlers and a gate's recording run (the invariants gate's child and temporary folder).
    const parent = project.write(
      `${signal}/run.mts`,
      `import { installInterruptHandlers } from ${JSON.stringify(path.join(REPO_ROOT, 'gates/runner/interruption.ts'))};
import { runRecording } from ${JSON.stringify(path.join(REPO_ROOT, 'gates/shared/recorded-evidence/run-recording.ts'))};
installInterruptHandlers();
await runRecording([process.execPath, ${JSON.stringify(child)}], ${JSON.stringify(dir)}, new AbortController().signal);
await new Promise(() => setInterval(() => undefined, 1000));
`,
    );
    const run = spawn(process.execPath, ['--import', 'jiti/register', parent], { cwd: REPO_ROOT, stdio: 'ignore' });
    const exit = new Promise<number | null>((resolve) => run.on('exit', (status) => resolve(status)));
    await until(() => existsSync(started));
    const pids = JSON.parse(readFileSync(started, 'utf8')) as { child: number; grandchild: number; evidence: string };
    expect(existsSync(path.dirname(pids.evidence))).toBe(true);
    run.kill(signal);
    expect(await exit).toBe(code);
    // Waited for: nothing of the group runs once the run has exited.
    expect(running(pids.child)).toBe(false);
    expect(running(pids.grandchild)).toBe(false);
    expect(existsSync(path.dirname(pids.evidence))).toBe(false);
    // And nothing is written later: past the delay, neither file exists.
    await sleep(LATE_MS * 2);
    expect(existsSync(`${late}.child`)).toBe(false);
    expect(existsSync(`${late}.grandchild`)).toBe(false);
  });

  it('after a SIGKILL, the next replay run prunes the checkout the killed run registered', async () => {
    const repo = path.join(project.root, 'repo');
    project.write('repo/a.txt', 'a\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'one');
    const script = project.write(
      'checkout.mts',
      `import { checkoutCommit } from ${JSON.stringify(path.join(REPO_ROOT, 'gates/replay/worktrees.ts'))};
import { repositoryOf } from ${JSON.stringify(path.join(REPO_ROOT, 'gates/replay/git-repository.ts'))};
const checkout = await checkoutCommit(await repositoryOf(${JSON.stringify(repo)}), 'HEAD', 'baseline');
process.stdout.write(checkout.top + '\\n');
await new Promise(() => setInterval(() => undefined, 1000));
`,
    );
    const killed = spawn(process.execPath, ['--import', 'jiti/register', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const top = await new Promise<string>((resolve) => killed.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const gone = new Promise((resolve) => killed.on('exit', resolve));
    killed.kill('SIGKILL');
    await gone;
    expect(git('worktree', 'list')).toContain(top);
    expect(existsSync(top)).toBe(true);

    const next = await checkoutCommit(await repositoryOf(repo), 'HEAD', 'baseline');
    expect(git('worktree', 'list')).not.toContain(top);
    expect(existsSync(path.dirname(top))).toBe(false);
    await next.dispose();
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it("discards what a cancelled Stryker run wrote (sandbox, reports, incremental file), keeping the last complete run's", () => {
    const root = path.join(project.root, 'stryker');
    project.write('stryker/.stryker-tmp/sandbox-1/a.ts', 'mutant');
    const jsonReport = project.write('stryker/reports/stryker-report.json', '{"partial":');
    const htmlReport = project.write('stryker/reports/stryker-report.html', '<html>');
    const incrementalFile = project.write('stryker/reports/incremental.json', '{"complete":true}');
    const startedMs = Date.now();
    // The incremental file predates the run (the last complete run's); the reports were written by the cancelled one.
    utimesSync(incrementalFile, new Date(startedMs - 60_000), new Date(startedMs - 60_000));
    utimesSync(jsonReport, new Date(startedMs + 1_000), new Date(startedMs + 1_000));
    utimesSync(htmlReport, new Date(startedMs + 1_000), new Date(startedMs + 1_000));
    discardPartialOutputs({ root, jsonReport, htmlReport, incrementalFile }, startedMs);
    expect(existsSync(path.join(root, '.stryker-tmp'))).toBe(false);
    expect(existsSync(jsonReport)).toBe(false);
    expect(existsSync(htmlReport)).toBe(false);
    expect(readFileSync(incrementalFile, 'utf8')).toBe('{"complete":true}');
  });
});
