import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, HOC_APP } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const { temp } = projectsRemovedAfterAll();

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd: root, encoding: 'utf8' });
}

/** hoc-app as a git repository with one commit: the replay baseline. */
function hocRepository() {
  const project = temp(HOC_APP);
  project.write('.gitignore', 'node_modules\n.plumbline\n');
  git(project.root, 'init', '--quiet');
  git(project.root, 'add', '-A');
  git(project.root, 'commit', '--quiet', '-m', 'app');
  return project;
}

const CONFLICT = 'src/domains/policies/engines/conflict.ts';

describe('plumbline replay', { timeout: 180_000 }, () => {
  it('has help with examples, and refuses a missing --input or an option-like ref (exit 2)', () => {
    const help = runCli(['replay', '--help'], HOC_APP);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--baseline-ref <ref>');
    expect(help.stdout).toContain('plumbline replay --baseline-ref main --input captures/');
    const project = hocRepository();
    expect(runCli(['replay', '--baseline-ref', 'HEAD'], project.root).status).toBe(2);
    const optionLike = runCli(['replay', '--baseline-ref=--output=x', '--input', 'replay/cases.jsonl'], project.root);
    expect(optionLike.status).toBe(2);
    expect(optionLike.stderr).toContain("plumbline: baseline ref '--output=x' is not a valid git ref");
    const unknown = runCli(['replay', '--baseline-ref', 'v9.9.9', '--input', 'replay/cases.jsonl'], project.root);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("baseline ref 'v9.9.9' does not name a commit");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 0 without drift and 1 with drift, with progress on stderr and the report in the evidence folder', () => {
    const project = hocRepository();
    const clean = runCli(['replay', '--baseline-ref', 'HEAD', '--input', 'replay/cases.jsonl'], project.root);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('Replay of 9 case(s): 9 no drift, 0 drift, 0 noise, 0 error, 0 malformed');
    expect(clean.stdout).toContain('Result: PASSED');
    expect(clean.stderr).toContain('replay: baseline: same lockfile, node_modules linked');
    expect(existsSync(path.join(project.root, '.plumbline/evidence/replay/summary.md'))).toBe(true);

    const file = path.join(project.root, CONFLICT);
    writeFileSync(file, readFileSync(file, 'utf8').replace("fallback: Decision = 'review'", "fallback: Decision = 'allow'"));
    git(project.root, 'commit', '--quiet', '-am', 'allow by default');
    const drift = runCli(
      ['replay', '--baseline-ref', 'HEAD~1', '--candidate-ref', 'HEAD', '--input', 'replay/cases.jsonl', '--out', 'out'],
      project.root,
    );
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain('Replay of 9 case(s): 8 no drift, 1 drift, 0 noise, 0 error, 0 malformed');
    // The console names the drifted case (operation, path, before -> after), not only the counts.
    expect(drift.stdout).toMatch(
      /First drifted case\(s\):\n {2}replay\/cases\.jsonl:3 {2}\S+ case pol-conflict-none: decision "review" -> "allow" \(\w+\)/,
    );
    expect(readFileSync(path.join(project.root, 'out/summary.md'), 'utf8')).toContain(
      '- `pol-conflict-none` (replay/cases.jsonl:3): `decision` `"review"` -> `"allow"`',
    );
    expect(git(project.root, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('removes its checkouts when interrupted (SIGINT) while a candidate hangs', async () => {
    const project = hocRepository();
    const file = path.join(project.root, CONFLICT);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('  const denials', '  while (verdicts.length >= 0) { /* hangs */ }\n  const denials'),
    );
    const child = spawn(process.execPath, [CLI_BIN, 'replay', '--baseline-ref', 'HEAD', '--input', 'replay/cases.jsonl'], {
      cwd: project.root,
      env: { ...process.env, CI: 'true' },
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('replay: replaying')) resolve();
      });
    });
    expect(git(project.root, 'worktree', 'list').trim().split('\n')).toHaveLength(2);
    const exit = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
    child.kill('SIGINT');
    expect(await exit).not.toBe(0);
    expect(git(project.root, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
