import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { runReplay } from '../../gates/replay/replay-run.js';
import { HOC_APP, REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';

const GOLDEN = path.join(REPO_ROOT, 'fixtures/replay');
const scenarios = readdirSync(path.join(GOLDEN, 'scenarios')).sort();
const { temp } = projectsRemovedAfterAll();

function git(root: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

/**
 * Each scenario: a copy of hoc-app as a git repository, the scenario's baseline
 * overlay committed, its candidate overlay left in the working tree; the recorded
 * cases replayed through both must give exactly the expected report.
 */
describe('replay golden fixtures on hoc-app', { timeout: 180_000 }, () => {
  it.each(scenarios)('%s', async (name) => {
    const scenario = path.join(GOLDEN, 'scenarios', name);
    const project = temp(HOC_APP);
    const overlay = (side: string) => {
      if (existsSync(path.join(scenario, side))) cpSync(path.join(scenario, side), project.root, { recursive: true });
    };
    project.write('.gitignore', 'node_modules\n.plumbline\n');
    project.write('captures/cases.jsonl', readFileSync(path.join(HOC_APP, 'replay/cases.jsonl'), 'utf8'));
    overlay('baseline');
    git(project.root, 'init', '--quiet');
    git(project.root, 'add', '-A');
    git(project.root, '-c', 'user.email=test@example.com', '-c', 'user.name=Test', 'commit', '--quiet', '-m', 'baseline');
    overlay('candidate');

    const config = await loadConfig({ configFile: path.join(project.root, 'plumbline.config.ts') });
    const summary = await runReplay({
      config,
      replay: config.replay!,
      baselineRef: 'HEAD',
      mainBranch: 'main',
      candidateRef: undefined,
      inputs: [path.join(project.root, 'captures/cases.jsonl')],
      allowInvalid: false,
      outDir: path.join(project.root, '.plumbline/replay'),
      progress: () => undefined,
    });
    const report = JSON.parse(readFileSync(summary.reportFile, 'utf8')) as Record<string, unknown>;
    const actual = { passed: report.passed, reasons: report.reasons, totals: report.totals, noise: report.noise, cases: report.cases };
    const expectedFile = path.join(scenario, 'expected.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
