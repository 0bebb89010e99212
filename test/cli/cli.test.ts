import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const { temp, defect } = projectsRemovedAfterAll();

const EVIDENCE = ['evidence.json', 'summary.md', 'results.sarif', 'junit.xml', 'index.html'];
/** For CLI behaviour seen on static defects: leave out the gates that run the app's tests. */
// The gates that run the app's tests, or need a git repository, have their own tests.
const SKIP_TEST_RUNS = ['--skip', 'invariants,shadow,replay,property,drills,mutation'];
const FULL_PACK_MS = 300_000;

// A full mutation run (Stryker) takes minutes; the mutation gate has its own tests (test/gates/mutation*.test.ts).
const SKIP_MUTATION = ['--skip', 'mutation'];

describe('plumbline CLI', () => {
  it('--help and --version exit 0; every command has help', () => {
    const help = runCli(['--help'], REPO_ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/gate \[options\]/);
    expect(help.stdout).toMatch(/check \[options\] \[files\.\.\.\]/);
    for (const command of ['gate', 'check']) {
      const sub = runCli([command, '--help'], REPO_ROOT);
      expect(sub.status).toBe(0);
      expect(sub.stdout).toContain('Exit codes:');
    }
    const version = runCli(['--version'], REPO_ROOT);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('usage errors exit 2: unknown command, unknown option, bad value, no command', () => {
    expect(runCli(['gates'], REPO_ROOT).status).toBe(2);
    expect(runCli(['gate', '--nope'], REPO_ROOT).status).toBe(2);
    expect(runCli(['gate', '--today', '2026-13-01', '--config', path.join(HOC_APP, 'plumbline.config.ts')], REPO_ROOT).status).toBe(2);
    expect(runCli(['check', '--format', 'xml'], REPO_ROOT).status).toBe(2);
    expect(runCli([], REPO_ROOT).status).toBe(2);
    const unknownGate = runCli(['gate', '--only', 'mutaton', '--config', path.join(HOC_APP, 'plumbline.config.ts')], REPO_ROOT);
    expect(unknownGate.status).toBe(2);
    expect(unknownGate.stderr).toContain("--only[0]: unknown gate 'mutaton' (gates: static, architecture");
  });

  it('an empty --only or --skip is a usage error; a pack in which no gate ran fails and says so', () => {
    const hocConfig = ['--config', path.join(HOC_APP, 'plumbline.config.ts')];
    for (const option of ['--only', '--skip']) {
      const empty = runCli(['gate', option, '', ...hocConfig], REPO_ROOT);
      expect(empty.status).toBe(2);
      expect(empty.stderr).toContain(`option '${option} <gates>' argument '' is invalid`);
    }
    const project = temp(HOC_APP);
    const none = runCli(['gate', '--only', 'static', '--skip', 'static'], project.root);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('no gate ran');
    expect(none.stdout).not.toContain('PASSED');
  });

  it('a bad config exits 2 and names every bad field, without a stack trace', () => {
    const run = runCli(['gate', '--config', 'test/fixtures/bad-config/plumbline.config.json'], REPO_ROOT);
    expect(run.status).toBe(2);
    for (const field of [
      'layers.api.paths',
      'layers.api.mayImport[0]',
      'layers.core.mayimport',
      'mode',
      'deferred[0].reason',
      'deferred[0].until',
      'unknownField',
    ]) {
      expect(run.stderr).toContain(`  - ${field}: `);
    }
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('no config anywhere above the folder exits 2 with a hint', () => {
    const project = temp();
    const run = runCli(['check'], project.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("run 'plumbline init'");
  });

  // Every gate, twice: the invariants and shadow gates run the app's own tests, so this takes minutes on a busy machine.
  it('gate on the clean app exits 0 and writes the same evidence bytes twice', { timeout: 600_000 }, () => {
    const project = temp(HOC_APP);
    // The replay gate compares the last commit with the working tree: the copy must be a git repository.
    project.write('.gitignore', 'node_modules\n.plumbline\n');
    for (const args of [
      ['init', '--quiet'],
      ['add', '-A'],
      ['-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '--quiet', '-m', 'app'],
    ]) {
      execFileSync('git', args, { cwd: project.root, stdio: 'ignore' });
    }
    const first = runCli(['gate', ...SKIP_MUTATION], project.root, {}, FULL_PACK_MS);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Result: PASSED');
    const dir = path.join(project.root, '.plumbline/evidence');
    const before = EVIDENCE.map((name) => readFileSync(path.join(dir, name)));
    expect(runCli(['gate', ...SKIP_MUTATION], project.root, {}, FULL_PACK_MS).status).toBe(0);
    EVIDENCE.forEach((name, index) => expect(readFileSync(path.join(dir, name))).toEqual(before[index]));
    // Progress goes to stderr as plain lines outside a terminal.
    expect(first.stderr).toMatch(/\[1\/\d+\] static: Static fitness/);
    // Two whole packs, each checking out a baseline and replaying it twice.
  });

  it('gate on a defect exits 1 and prints file:line, the rule id and its docs', () => {
    const project = defect('api-imports-driver');
    // The gates that run the app's tests have their own tests (test/gates/invariants, shadow, runtime-defects).
    const run = runCli(['gate', ...SKIP_TEST_RUNS], project.root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('src/api/policies.ts:1:');
    expect(run.stdout).toContain('plumbline/layer-boundaries');
    expect(run.stdout).toContain('docs/rules/layer-boundaries.md');
    // One defect, one finding: the architecture gate leaves layer breaks to the static rule.
    expect(run.stdout).not.toContain('depcruise/layer-');
    expect(run.stdout).toContain('Result: FAILED (1 error, 0 warnings)');
    const evidence = JSON.parse(readFileSync(path.join(project.root, '.plumbline/evidence/evidence.json'), 'utf8'));
    expect(evidence).toMatchObject({ passed: false, exitCode: 1, totals: { errors: 1 } });
    const findings = (
      evidence as { gates: Array<{ id: string; findings: Array<{ ruleId: string; file: string; line: number }> }> }
    ).gates.flatMap((gate) => gate.findings.map((finding) => `${gate.id} ${finding.ruleId} ${finding.file}:${finding.line}`));
    expect(findings).toEqual(['static plumbline/layer-boundaries src/api/policies.ts:1']);
  });

  it('--monitor reports the same violation, labels it, and exits 0', () => {
    const project = defect('api-imports-driver');
    const run = runCli(['gate', '--monitor', ...SKIP_TEST_RUNS], project.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('MONITOR MODE');
    expect(run.stdout).toContain('src/api/policies.ts:1:');
  });

  it('a deferral past its until date fails the pack, pointing at the config line', () => {
    const project = temp(HOC_APP);
    const configFile = path.join(project.root, 'plumbline.config.ts');
    const text = readFileSync(configFile, 'utf8').replace(
      "mode: 'strict',",
      "mode: 'strict',\n  deferred: [{ gate: 'static', reason: 'layer rewrite in progress', until: '2026-01-31' }],",
    );
    writeFileSync(configFile, text);
    const expired = runCli(['gate', '--today', '2026-02-01', ...SKIP_TEST_RUNS], project.root);
    expect(expired.status).toBe(1);
    expect(expired.stdout).toMatch(/plumbline\.config\.ts:\d+:1\s+error\s+the deferral of gate 'static' expired on 2026-01-31/);
    const current = runCli(['gate', '--today', '2026-01-31', ...SKIP_TEST_RUNS], project.root);
    expect(current.status).toBe(0);
    expect(current.stdout).toContain('DEFERRED');
  });

  it('writes evidence only inside the project', () => {
    const project = temp(HOC_APP);
    const run = runCli(['gate', ...SKIP_MUTATION, '--evidence-dir', '/tmp/../etc/plumbline'], project.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lies outside the project root');
    expect(existsSync('/etc/plumbline')).toBe(false);
  });

  it('an evidence folder that cannot be written is a clear error, exit 2', () => {
    const project = temp(HOC_APP);
    writeFileSync(path.join(project.root, 'not-a-folder'), 'x');
    const run = runCli(['gate', '--evidence-dir', 'not-a-folder/evidence', ...SKIP_TEST_RUNS], project.root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/could not write evidence to .*not-a-folder\/evidence/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('check refuses files outside the project (exit 2) and never passes having checked nothing', () => {
    const project = temp(HOC_APP);
    const outside = temp();
    const broken = outside.write('broken.ts', 'export const = ;\n');
    for (const file of ['/etc/passwd', broken]) {
      const run = runCli(['check', file], project.root);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('outside the project root');
    }
    const empty = temp();
    empty.write('plumbline.config.json', JSON.stringify({ layers: { core: { paths: ['src/core/**'] } }, include: ['src/**/*.ts'] }));
    const nothing = runCli(['check'], empty.root);
    expect(nothing.status).toBe(1);
    expect(nothing.stdout).toContain('plumbline/nothing-checked');
  });

  // Seven CLI runs: room for a busy shared machine.
  it('check lints given files, all files, or the staged files', { timeout: 240_000 }, () => {
    const project = defect('api-imports-driver');
    expect(runCli(['check', 'src/api/policies.ts'], project.root).status).toBe(1);
    expect(runCli(['check', 'src/api/routes.ts'], project.root).status).toBe(0);
    expect(runCli(['check', 'src/api/missing.ts'], project.root).status).toBe(2);
    const all = runCli(['check', '--format', 'json'], project.root);
    expect(all.status).toBe(1);
    expect(JSON.parse(all.stdout).findings).toHaveLength(1);

    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.root, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'src/api/routes.ts');
    expect(runCli(['check', '--staged'], project.root).status).toBe(0);
    git('add', 'src/api/policies.ts');
    const staged = runCli(['check', '--staged'], project.root);
    expect(staged.status).toBe(1);
    expect(staged.stdout).toContain('src/api/policies.ts:1:');
  });
});
